#!/usr/bin/env bash
# Release rehearsal. In a scratch copy of this tree, with the -SNAPSHOT suffix taken off every zth
# version (what setting release versions does), it runs the release profile's deploy: every published
# module is built with sources and javadoc jars, signed with a throwaway GPG key made here (in a
# temporary GNUPGHOME, deleted at exit) and put into one Central bundle, which is not uploaded. ReleaseCheck.java then checks the bundle, and must also reject
# two broken copies of it: one without a signature, one without a javadoc jar.
#
# What it proves: the bundle Central would get for these versions is complete, signed, summed, has the
# POM metadata, names no SNAPSHOT dependency, and zth-bom lists each module at its own version. What it
# does not: that Central accepts the upload, or that the real key in CI's secrets works.
#
# Usage: tools/release-check/dry-run.sh   (the bundle is left in target/release-dry-run/)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
export GNUPGHOME="$work/gnupg"
cleanup() {
  gpgconf --kill gpg-agent >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== release dry run: scratch copy in $work"
mkdir -p "$GNUPGHOME"
chmod 700 "$GNUPGHOME"
. "$root/tools/release-check/scratch-copy.sh"
scratch_copy "$root" "$work/src"
find "$work/src" -name pom.xml -not -path '*/tools/*' -print0 | xargs -0 sed -i 's/-SNAPSHOT</</g'
if grep -rl --include=pom.xml -- '-SNAPSHOT' "$work/src" | grep -v '/tools/'; then
  echo "release dry run: SNAPSHOT left in the scratch POMs above"
  exit 1
fi

echo "== throwaway signing key"
gpg --batch --quiet --gen-key <<'EOF'
%no-protection
Key-Type: eddsa
Key-Curve: ed25519
Key-Usage: sign
Name-Real: zth release rehearsal
Name-Email: rehearsal@zth.invalid
Expire-Date: 1d
%commit
EOF
fpr="$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/ {print $10; exit}')"
echo "key: $fpr"

# Published modules: the root's modules except zth-bench, plus the root itself (zth-parent).
modules="zth-parent,$(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$root/pom.xml" | grep -vx zth-bench | paste -sd, -)"

# central-publishing wants the server's credentials even when it skips the upload; these are
# placeholders, never sent. Given as global settings, so a user's own settings.xml still applies.
cat > "$work/settings.xml" <<'EOF'
<settings>
  <servers>
    <server>
      <id>central</id>
      <username>dry-run</username>
      <password>dry-run</password>
    </server>
  </servers>
</settings>
EOF

echo "== ./mvnw -Prelease deploy (modules: $modules)"
cd "$work/src"
# The scratch build's artifacts (release versions) go to a scratch local repository; everything
# else is read from the usual one, so nothing here changes ~/.m2. central-publishing has no
# bundle-only switch (its skipPublishing leaves modules out of the bundle), so the Portal's address
# is a closed local port: the plugin builds the bundle exactly as for a release, then its upload is
# refused, and that refusal is the one failure this run accepts.
set +e
./mvnw -B -ntp -gs "$work/settings.xml" -Prelease -Dmaven.test.skip=true -Dgpg.keyname="$fpr" \
  -DcentralBaseUrl=http://127.0.0.1:9 \
  -Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="${ZTH_M2_TAIL:-$HOME/.m2/repository}" \
  -pl '!zth-bench' deploy > "$work/build.log" 2>&1
rc=$?
set -e
mkdir -p "$root/target/release-dry-run"
cp "$work/build.log" "$root/target/release-dry-run/build.log"
bundle="$(find "$work/src" -path '*/target/central-publishing/*' -name central-bundle.zip | head -1)"
if [ -z "$bundle" ] || [ "$rc" -eq 0 ] \
    || ! grep -q 'central-publishing-maven-plugin:.*:publish .* on project zth-examples: .*failed while publishing' "$work/build.log" \
    || ! grep -q 'Connect to http://127.0.0.1:9 .* failed: Connection refused' "$work/build.log"; then
  tail -60 "$work/build.log"
  echo "release dry run: expected central-bundle.zip to be built and only the upload to fail (mvn exit $rc)"
  exit 1
fi
echo "bundle built: ${bundle#$work/src/}; its upload was refused as intended (the log is in target/release-dry-run/)"
cp "$bundle" "$root/target/release-dry-run/central-bundle.zip"

echo "== tools/release-check on the bundle"
check() { java "$root/tools/release-check/ReleaseCheck.java" "$1" --gnupghome "$GNUPGHOME" --expect "$modules"; }
check "$bundle"

echo "== the check must reject a bundle with a file removed"
mkdir -p "$work/broken"
(cd "$work/broken" && unzip -q "$bundle")
for victim in 'zth-nn-*[0-9].jar.asc' 'zth-gpt-*-javadoc.jar'; do
  target="$(find "$work/broken" -name "$victim" | head -1)"
  [ -n "$target" ] || { echo "release dry run: no $victim in the bundle to remove"; exit 1; }
  mv "$target" "$work/removed"
  rm -f "$work/broken.zip"
  (cd "$work/broken" && jar --create --no-manifest --file "$work/broken.zip" .)
  if check "$work/broken.zip" > "$work/broken.log"; then
    echo "release dry run: the check passed a bundle without $(basename "$target")"
    exit 1
  fi
  echo "without $(basename "$target"): rejected as it should be:"
  grep -v FAILED "$work/broken.log" | sed 's/^/  /'
  mv "$work/removed" "$target"
done
echo "== release dry run: passed"
