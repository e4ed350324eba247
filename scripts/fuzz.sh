#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Sources, only in the package with IMAGE2ENV_FUZZ=1) with
# the fuzzer and address sanitizers into .build-fuzz, then runs each for FUZZ_SECONDS seconds
# on a copy of its committed seed corpus (Fuzz/corpus/<target>). New inputs stay in
# .build-fuzz/corpus; a crash is written to .build-fuzz/crashes/<target>/ and fails the run.
#   FUZZ_SECONDS=600 scripts/fuzz.sh            # every target, 10 minutes each
#   FUZZ_SECONDS=60 scripts/fuzz.sh json targz  # some targets
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
SCRATCH=.build-fuzz
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(json payload conda rules targz)
FLAGS=(--scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
       -Xcc -fsanitize=fuzzer-no-link,address)

for t in "${TARGETS[@]}"; do
    echo "== building fuzz-$t"
    IMAGE2ENV_FUZZ=1 "$SWIFT" build "${FLAGS[@]}" --product "fuzz-$t" 2>&1 \
        | grep -v -e "Cannot export local symbol" -e "unhandled; explicitly declare" -e "CMakeLists.txt" \
                  -e "Tests/.*/Golden/" -e "^Fetch" || true
    [ -x "$SCRATCH/debug/fuzz-$t" ] || { echo "fuzz-$t did not build" >&2; exit 1; }
done

status=0
summary=()
for t in "${TARGETS[@]}"; do
    work="$SCRATCH/corpus/$t" crashes="$SCRATCH/crashes/$t" log="$SCRATCH/fuzz-$t.log"
    rm -rf "$crashes"
    mkdir -p "$work" "$crashes"
    echo "== fuzz-$t for ${SECONDS_EACH}s (log: $log)"
    start=$(date +%s)
    set +e
    LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    "$SCRATCH/debug/fuzz-$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$work" "Fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    found=$(find "$crashes" -type f | wc -l)
    line="fuzz-$t: ${runs:-?} runs in ${elapsed}s, exit $rc, $found crash/timeout/oom inputs in $crashes"
    echo "$line"
    summary+=("$line")
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        tail -40 "$log"
    fi
done
echo
printf '%s\n' "${summary[@]}"
exit $status
