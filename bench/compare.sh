#!/usr/bin/env bash
# Side-by-side NumPy / npy4j / JetBrains npy comparison in one run (see bench/compare.py and docs/PERFORMANCE.md).
#   bench/compare.sh                 # full run (~3 min on 2 cores): 512 MiB float64 and smaller
#   bench/compare.sh --quick         # smoke test of the instrument (small sizes)
#   bench/compare.sh --only npy,be   # groups: memcpy,npy,be,small,npz,text,map
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=npy4j-bench/target/benchmarks.jar
if [[ ! -f $JAR || -n "$(find npy4j-core/src npy4j-bench/src -newer "$JAR" -name '*.java' -print -quit)" ]]; then
  mvn -B -q -pl npy4j-bench -am package -DskipTests >&2
fi
exec python3 bench/compare.py "$@"
