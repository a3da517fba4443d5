#!/usr/bin/env bash
# The README's "Testing your own layers" shows two files of this project. Each code block follows a
# marker line "<!-- consumer-check: PATH -->"; this script fails when a block differs from PATH, so the
# example the README shows is the one CI compiles and runs. It also holds SiLU to the 8 lines issue 22
# promises for a custom op with its backward.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
readme="$here/../../README.md"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Write each marked block to $tmp/<n>.java and list "n path" pairs.
awk -v dir="$tmp" '
  /^<!-- consumer-check: .* -->$/ { path = $3; next }
  path != "" && /^```java$/ { n++; out = dir "/" n ".java"; print n, path > (dir "/index"); inblock = 1; next }
  inblock && /^```$/ { inblock = 0; path = ""; close(out); next }
  inblock { print > out }
' "$readme"

[ -s "$tmp/index" ] || { echo "readme-check: README.md has no <!-- consumer-check: PATH --> blocks"; exit 1; }
status=0
checked=0
while read -r n path; do
  if ! diff -u "$here/$path" "$tmp/$n.java" > "$tmp/diff"; then
    echo "readme-check: README.md's block for $path differs from tools/consumer-check/$path:"
    cat "$tmp/diff"
    status=1
  fi
  checked=$((checked + 1))
done < "$tmp/index"
[ "$checked" -ge 2 ] || { echo "readme-check: expected the op/module file and the properties file, found $checked block(s)"; exit 1; }

# SiLU: from "Function SILU =" to the line that closes the call.
silu_lines=$(awk '/Function SILU = /{on=1} on{n++} on && /\)\);$/{print n; exit}' "$here/src/main/java/example/SiLUMlp.java")
if [ -z "$silu_lines" ] || [ "$silu_lines" -gt 8 ]; then
  echo "readme-check: SiLU with its backward takes ${silu_lines:-?} lines, the README promises at most 8"
  status=1
fi
[ "$status" -eq 0 ] && echo "readme-check: $checked README blocks match tools/consumer-check; SiLU takes $silu_lines lines"
exit "$status"
