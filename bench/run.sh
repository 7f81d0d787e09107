#!/usr/bin/env bash
# Benchmarks threadlint against bare JavaParser parsing of a source tree. See bench/README.md.
#
#   bench/run.sh SOURCE_ROOT... [--threads N] [--rounds N] [--language-level L] [--report FILE]
#                [--only parse|analyse] [--base DIR] [--no-resolve] [--separate-jvms] [--no-build]
#   bench/run.sh stress [--shape ID]... [--scale F] [--timeout S] [--sizes N,M,...] [--no-build]
#
# Environment: BENCH_JAVA_OPTS (default -Xmx2g), JAVA (default: $JAVA_HOME/bin/java, else java on the PATH).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")

build=yes
separate=no
main_class=dev.threadlint.bench.ParseVersusAnalysis
runner_args=()
for arg in "$@"; do
  case "$arg" in
    stress) main_class=dev.threadlint.bench.StressBench ;;
    --no-build) build=no ;;
    --separate-jvms) separate=yes ;;
    *) runner_args+=("$arg") ;;
  esac
done
if [ ${#runner_args[@]} -eq 0 ] && [ "$main_class" = dev.threadlint.bench.ParseVersusAnalysis ]; then
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

if [ "$build" = yes ]; then
  # -am builds the engine from this checkout too, so the figures are for the code in front of you.
  (cd "$repo_dir" && mvn -B -q -Dstyle.color=never -pl bench -am package -Dmaven.test.skip=true 1>&2)
fi
classpath_file="$bench_dir/target/runtime-classpath.txt"
if [ ! -f "$classpath_file" ]; then
  echo "no $classpath_file: build first (drop --no-build)" >&2
  exit 1
fi
# Run from a private copy: other builds in this checkout (mvn clean, a rebuilt rules jar) would otherwise pull
# classes from under a run that lasts minutes, ending it with NoClassDefFoundError.
stage=$(mktemp -d "${TMPDIR:-/tmp}/threadlint-bench.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -r "$bench_dir/target/classes" "$stage/bench-classes"
classpath="$stage/bench-classes"
IFS=: read -r -a entries < "$classpath_file" || true  # the file has no final newline
for i in "${!entries[@]}"; do
  copy="$stage/$i-$(basename "${entries[$i]}")"
  cp -r "${entries[$i]}" "$copy"
  classpath="$classpath:$copy"
done

java_cmd=${JAVA:-}
if [ -z "$java_cmd" ]; then
  if [ -n "${JAVA_HOME:-}" ]; then java_cmd="$JAVA_HOME/bin/java"; else java_cmd=java; fi
fi
# The symbol solver caches parsed sources behind soft references, so threadlint's heap fills whatever -Xmx
# allows (measured: java.base sat at 2 GiB under -Xmx2g, all JDK modules at 3 GiB under -Xmx3g) and more heap
# mostly means fewer collections. 2 GiB is what a default Maven JVM on a mid-sized machine gets.
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:--Xmx2g}"

run() {
  "$java_cmd" "${java_opts[@]}" -cp "$classpath" "$main_class" "$@"
}

if [ "$separate" = yes ]; then
  # Each side in a fresh JVM: true cold figures and heap peaks owing nothing to the other side.
  echo "=== bare parse, own JVM ==="
  run "${runner_args[@]}" --only parse
  echo
  echo "=== threadlint, own JVM ==="
  run "${runner_args[@]}" --only analyse
else
  run ${runner_args[@]+"${runner_args[@]}"}
fi
