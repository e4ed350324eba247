#!/usr/bin/env bash
# Conformance of EnvironmentSpec against the real SDKs (run by `make test`):
#   1. the Swift test EnvironmentSpecTests.ConformanceCorpus writes the corpus: for each case
#      spec.json (a neutral description), v1/ (V1Writer) and v2/ (V2Writer);
#   2. check_v1.py (azureml-core 1.61, .venv/) loads every v1 folder, rebuilds the same
#      Environment with the SDK, compares save_to_directory's files byte for byte, and checks
#      InferenceConfig accepts it;
#   3. check_v2.py (azure-ai-ml 1.35, .venv-v2/) loads every v2/environment.yml;
#   4. `image2env convert fixtures/workspace` output: check_convert.py (azureml-core: load,
#      InferenceConfig, comparison with convert_parts_to_environment, no secrets) and
#      check_convert_v2.py (azure-ai-ml: load_environment);
#   5. `image2env redeploy fixtures/workspace`: check_redeploy.py runs every deploy.py under
#      azureml-core with only the network boundary replaced (the POST /services body the SDK
#      builds must equal plan.json's) and check_redeploy_v2.py loads the v2 endpoint and
#      deployment files with azure-ai-ml;
#   6. the same two convert checks over the rule corpus: conformance/make_rule_corpus.py turns every
#      example of every rule in rules/*.yml into a legacy image (real azureml-core code path),
#      written to $scratch/conformance/rule-corpus and converted into rule-corpus-out;
#   7. check_resolve.py over both conversions: every conda file of a ready or review image
#      resolves with uv (against the real index) on the Python, platform and date it records;
#   8. the layout corpus: conformance/layout_corpus.py writes 400 conda files laid out as users
#      lay them out (comments, blank lines, indentation, key order) with the lists a migration
#      brings each to; the Swift test EnvironmentSpecTests.CondaLayoutCorpus writes our
#      conda_dependencies.yml for each, which must equal azureml-core's byte for byte.
# Every conversion runs the solve stage for real, with packages no newer than $SOLVE_DATE.
# Closes with "conformance: N passed, M failed"; exits non-zero on any failure.
# SWIFT (default swift) and SWIFT_SCRATCH_PATH (default .build) choose the Swift build.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
swift="${SWIFT:-swift}"
solve_date="${SOLVE_DATE:-2026-11-01}"
scratch="${SWIFT_SCRATCH_PATH:-.build}"
case "$scratch" in
    /*) corpus="$scratch/conformance/corpus" ;;
    *) corpus="$repo/$scratch/conformance/corpus" ;;
esac
log="$(mktemp "${TMPDIR:-/tmp}/image2env-conformance.XXXXXX")"
trap 'rm -f "$log"' EXIT

fail() {
    echo "conformance: $1" >&2
    [ -s "$log" ] && tail -40 "$log" >&2
    echo "conformance: 0 passed, 1 failed"
    exit 1
}

py1="$(scripts/pyenv.sh)" || fail "could not create the azureml-core venv (scripts/pyenv.sh)"
py2="$(scripts/pyenv.sh v2)" || fail "could not create the azure-ai-ml venv (scripts/pyenv.sh v2)"

rm -rf "$corpus"
mkdir -p "$corpus"
"$swift" build --scratch-path "$scratch" --build-tests >"$log" 2>&1 || fail "swift build --build-tests failed"
IMAGE2ENV_CONFORMANCE_DIR="$corpus" "$swift" test --scratch-path "$scratch" --skip-build \
    --filter 'EnvironmentSpecTests.ConformanceCorpus' >"$log" 2>&1 || fail "the corpus test failed"
count=$(find "$corpus" -mindepth 2 -maxdepth 2 -name spec.json | wc -l)
[ "$count" -gt 0 ] || fail "the corpus test wrote no cases into $corpus"

# The layout corpus: user conda files, reconciled with new lists, against azureml-core's round trip.
case "$scratch" in
    /*) layout="$scratch/conformance/layout" ;;
    *) layout="$repo/$scratch/conformance/layout" ;;
esac
"$py1" conformance/layout_corpus.py make "$layout" >"$log" 2>&1 || fail "conformance/layout_corpus.py make failed"
IMAGE2ENV_LAYOUT_DIR="$layout" "$swift" test --scratch-path "$scratch" --skip-build \
    --filter 'EnvironmentSpecTests.CondaLayoutCorpus' >"$log" 2>&1 || fail "the layout corpus test failed"

# image2env convert over the bundled fixtures: its output is checked by both SDKs too.
case "$scratch" in
    /*) converted="$scratch/conformance/convert" ;;
    *) converted="$repo/$scratch/conformance/convert" ;;
esac
rm -rf "$converted"
bin="$("$swift" build --scratch-path "$scratch" --show-bin-path)/image2env"
"$bin" convert fixtures/workspace --out "$converted" --resolve auto --exclude-newer "$solve_date" >"$log" 2>&1 || fail "image2env convert fixtures/workspace failed"

# image2env redeploy over the bundled fixtures: every deploy.py runs under azureml-core (network
# boundary replaced) and must build the POST /services body of plan.json; the v2 files load in
# azure-ai-ml.
case "$scratch" in
    /*) redeployed="$scratch/conformance/redeploy" ;;
    *) redeployed="$repo/$scratch/conformance/redeploy" ;;
esac
rm -rf "$redeployed"
"$bin" redeploy fixtures/workspace --out "$redeployed" --exclude-newer "$solve_date" >"$log" 2>&1 || fail "image2env redeploy fixtures/workspace failed"

# A corpus with one legacy image per example of every rule in rules/*.yml, built through the
# same real azureml-core code path as the fixtures, converted and checked the same way.
case "$scratch" in
    /*) rule_corpus="$scratch/conformance/rule-corpus" ;;
    *) rule_corpus="$repo/$scratch/conformance/rule-corpus" ;;
esac
rule_converted="$rule_corpus-out"
rm -rf "$rule_converted"
"$py1" conformance/make_rule_corpus.py "$rule_corpus" >"$log" 2>&1 || fail "conformance/make_rule_corpus.py failed"
"$bin" convert "$rule_corpus" --out "$rule_converted" --resolve auto --exclude-newer "$solve_date" >"$log" 2>&1 || fail "image2env convert of the rule corpus failed"

passed=0
failed=0
# side|python|script and its arguments
for check in "v1|$py1|conformance/check_v1.py $corpus" "v2|$py2|conformance/check_v2.py $corpus" \
             "convert-v1|$py1|conformance/check_convert.py $converted fixtures/workspace" \
             "convert-v2|$py2|conformance/check_convert_v2.py $converted" \
             "redeploy-v1|$py1|conformance/check_redeploy.py $redeployed fixtures/workspace" \
             "redeploy-v2|$py2|conformance/check_redeploy_v2.py $redeployed" \
             "rules-v1|$py1|conformance/check_convert.py $rule_converted $rule_corpus" \
             "rules-v2|$py2|conformance/check_convert_v2.py $rule_converted" \
             "resolve|$py1|conformance/check_resolve.py $converted" \
             "rules-resolve|$py1|conformance/check_resolve.py $rule_converted" \
             "layout|$py1|conformance/layout_corpus.py check $layout"; do
    IFS='|' read -r side python command <<<"$check"
    # shellcheck disable=SC2086
    "$python" $command >"$log" 2>&1
    status=$?
    grep -E '^(FAIL|skip) ' "$log" || true
    line=$(grep -E "^($side: )?[0-9]+ passed, [0-9]+ failed$" "$log" | tail -1)
    if [ -z "$line" ]; then
        cat "$log"
        failed=$((failed + 1))
        continue
    fi
    p=$(sed -E 's/^([^ ]+ )?([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$line")
    f=$(sed -E 's/^([^ ]+ )?([0-9]+) passed, ([0-9]+) failed$/\3/' <<<"$line")
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    echo "$side: $p passed, $f failed"
done
# The benchmark's azureml-core script (benchmarks/azureml_baseline.py) still runs under the pinned
# SDK, over a small synthetic snapshot: the figures of benchmarks/run depend on it.
case "$scratch" in
    /*) bench_snap="$scratch/conformance/bench-synth" ;;
    *) bench_snap="$repo/$scratch/conformance/bench-synth" ;;
esac
rm -rf "$bench_snap" "$bench_snap-save"
if "$bin" dev synth --images 60 --out "$bench_snap" >"$log" 2>&1 \
    && "$py1" benchmarks/azureml_baseline.py "$bench_snap" --save "$bench_snap-save" >"$log" 2>&1 \
    && grep -Eq '^images=60 converted=[1-9][0-9]* skipped=[0-9]+ seconds=' "$log"; then
    passed=$((passed + 1))
    echo "bench-baseline: 1 passed, 0 failed ($(cat "$log"))"
else
    cat "$log"
    failed=$((failed + 1))
    echo "bench-baseline: 0 passed, 1 failed"
fi
echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
