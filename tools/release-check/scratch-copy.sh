# Sourced by the release-check scripts: scratch_copy ROOT DEST copies the tree as it is now (tracked
# and new files, uncommitted edits included) without build output or anything .gitignore excludes,
# so a rehearsal can rewrite versions without touching the working tree.
scratch_copy() {
  mkdir -p "$2"
  (cd "$1" && git ls-files -z --cached --others --exclude-standard \
    | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$2"
}
