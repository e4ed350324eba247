#!/usr/bin/env bash
# The test suite under AddressSanitizer (with LeakSanitizer) and under ThreadSanitizer, each
# in its own scratch folder, then the json-c bridge under valgrind (Fuzz/valgrind/main.swift):
# no invalid access and no memory definitely lost, from the C side or ours.
#   scripts/sanitize.sh                 # all three
#   scripts/sanitize.sh address valgrind
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(address thread valgrind)
SUPP="$PWD/Fuzz/lsan.supp"
quiet() { grep -v -e "Cannot export local symbol" -e "unhandled; explicitly declare" -e "CMakeLists.txt" \
                  -e "Tests/.*/Golden/" -e "^Fetch" || true; }

for step in "${STEPS[@]}"; do
    start=$(date +%s)
    case "$step" in
    address|thread)
        scratch=".build-$([ "$step" = address ] && echo asan || echo tsan)"
        flags=(--scratch-path "$scratch" -Xswiftc "-sanitize=$step" -Xswiftc -use-ld=lld -Xcc "-fsanitize=$step")
        echo "== $step sanitizer: building into $scratch"
        "$SWIFT" build --build-tests "${flags[@]}" 2>&1 | quiet
        echo "== $step sanitizer: swift test"
        # halt_on_error: the first report fails the run; the binaries the CLI tests start are
        # built with the same sanitizer and inherit these settings.
        ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0" \
        LSAN_OPTIONS="suppressions=$SUPP:print_suppressions=0" \
        TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
            "$SWIFT" test --skip-build "${flags[@]}" 2>&1 | tee "$scratch/sanitize-test.log" | tail -5
        if [ "${PIPESTATUS[0]}" -ne 0 ] || grep -q -e "ERROR: AddressSanitizer" -e "ERROR: LeakSanitizer" \
                -e "WARNING: ThreadSanitizer" "$scratch/sanitize-test.log"; then
            grep -n -A30 -e "ERROR: AddressSanitizer" -e "ERROR: LeakSanitizer" -e "WARNING: ThreadSanitizer" \
                "$scratch/sanitize-test.log" | head -80
            echo "$step sanitizer: FAILED (log: $scratch/sanitize-test.log)" >&2
            exit 1
        fi
        ;;
    valgrind)
        command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
        # valgrind 3.19 cannot read the DWARF 5 of SwiftPM's debug builds, so the bridge is built
        # here with swiftc: Sources/JSONValue plus the driver Fuzz/valgrind/main.swift, DWARF 4.
        echo "== valgrind: the json-c bridge (Sources/JSONValue) over the JSON and payload seeds"
        mkdir -p .build/valgrind
        # shellcheck disable=SC2046
        swiftc -Onone -g -dwarf-version=4 -module-name JSONValueValgrind \
            -Xcc -fmodule-map-file=Sources/CJSONC/module.modulemap -I Sources/CJSONC \
            $(pkg-config --cflags-only-I json-c | sed 's/-I/-Xcc -I/g') \
            Sources/JSONValue/*.swift Fuzz/valgrind/main.swift -o .build/valgrind/json-bridge $(pkg-config --libs json-c)
        valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
            --track-origins=yes .build/valgrind/json-bridge Fuzz/corpus/json Fuzz/corpus/payload \
            > .build/valgrind/json-bridge.log 2>&1 || {
            tail -60 .build/valgrind/json-bridge.log
            echo "valgrind: FAILED (log: .build/valgrind/json-bridge.log)" >&2
            exit 1
        }
        grep -e "json-c bridge:" -e "definitely lost" -e "ERROR SUMMARY" .build/valgrind/json-bridge.log
        ;;
    *)
        echo "unknown step $step (address, thread, valgrind)" >&2
        exit 64
        ;;
    esac
    echo "== $step: clean ($(( $(date +%s) - start ))s)"
done
