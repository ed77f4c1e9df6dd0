#!/usr/bin/env bash
# Runs every libFuzzer target (the *_fuzz targets of CMakeLists.txt) for SECONDS each, built with
# clang, -DMEDORACLE_FUZZ=ON (AddressSanitizer + UBSan) in build-fuzz/. Each target starts from its
# seeds (tests/fuzz/<name>/) plus the corpus it grew in earlier runs (build-fuzz/corpus/<name>/);
# crashes are written to build-fuzz/crashes/<name>/. Prints runs and the outcome per target; exits
# non-zero when any target crashed.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 60; scripts/fuzz.sh 600 http_request_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (apt-get install clang)" >&2; exit 2; }
CXX=clang++ CC=clang cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDORACLE_FUZZ=ON >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(sed -n 's/^medoracle_fuzz_target(\([a-z_]*_fuzz\) .*/\1/p' CMakeLists.txt)
fi
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
failed=0
for target in "${targets[@]}"; do
  name="${target%_fuzz}"
  corpus="build-fuzz/corpus/$name"
  crashes="build-fuzz/crashes/$name"
  mkdir -p "$corpus" "$crashes"
  log="build-fuzz/$target.log"
  seeds="tests/fuzz/$name"
  [ -d "$seeds" ] || seeds=""
  # shellcheck disable=SC2086
  if build-fuzz/"$target" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/" \
       "$corpus" $seeds >"$log" 2>&1; then
    outcome="ok"
  else
    outcome="CRASH (see $log and $crashes/)"
    failed=1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  echo "$target: ${runs:-?} runs in ${seconds} s, $outcome"
done
exit "$failed"
