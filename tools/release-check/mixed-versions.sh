#!/usr/bin/env bash
# Independent versioning, rehearsed. In a scratch copy, zth-data alone moves to 0.1.1-SNAPSHOT (its
# pom and its line in zth-bom, the two places a release of one module touches); the modules are
# installed into a scratch local repository, and tools/consumer-check, which names no zth version but
# the BOM's, must build, pass its properties and run with zth-data 0.1.1-SNAPSHOT next to the other
# modules at 0.1.0-SNAPSHOT. ~/.m2 is read but never written.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
. "$root/tools/release-check/scratch-copy.sh"
scratch_copy "$root" "$work/src"
cd "$work/src"

old=0.1.0-SNAPSHOT
new=0.1.1-SNAPSHOT
sed -i "/<artifactId>zth-data<\/artifactId>/{n;s|<version>$old</version>|<version>$new</version>|}" zth-data/pom.xml
sed -i "s|<zth.data.version>$old</zth.data.version>|<zth.data.version>$new</zth.data.version>|" zth-bom/pom.xml
grep -q "<version>$new</version>" zth-data/pom.xml && grep -q "<zth.data.version>$new<" zth-bom/pom.xml \
  || { echo "mixed-versions: could not bump zth-data in the scratch copy"; exit 1; }

repo=(-Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="${ZTH_M2_TAIL:-$HOME/.m2/repository}")
echo "== install with zth-data at $new, the rest at $old"
./mvnw -B -q -ntp "${repo[@]}" -Dmaven.test.skip=true -pl '!zth-bench' install
echo "== tools/consumer-check against the scratch repository"
./mvnw -B -ntp "${repo[@]}" -f tools/consumer-check/pom.xml verify > "$work/consumer.log" 2>&1 \
  || { tail -60 "$work/consumer.log"; echo "mixed-versions: consumer check failed"; exit 1; }
grep -E '^(loss_|\[INFO\] Tests run:)' "$work/consumer.log" | sed 's/^/  /'
./mvnw -B -q -ntp "${repo[@]}" -f tools/consumer-check/pom.xml dependency:list \
  -DincludeGroupIds=io.github.zth -DoutputFile="$work/deps.txt" -DappendOutput=false
echo "resolved through the BOM:"
grep 'io.github.zth:' "$work/deps.txt" | sed 's/^ */  /'
for want in "zth-data:jar:$new" "zth-gpt:jar:$old" "zth-nn:jar:$old" "zth-autograd:jar:$old" "zth-testing:jar:$old"; do
  grep -q "io.github.zth:$want" "$work/deps.txt" || { echo "mixed-versions: expected io.github.zth:$want"; exit 1; }
done
echo "== mixed versions: passed"
