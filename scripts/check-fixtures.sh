#!/usr/bin/env bash
# Regenerates the sample workspace with the real azureml-core into a temporary folder and
# checks it is byte-identical to the committed fixtures/workspace: the fixtures stay what the
# SDK produces. Creates the Python venv (.venv/) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/pyenv.sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" fixtures/generate.py "$tmp/workspace" >/dev/null
if ! diff -r fixtures/workspace "$tmp/workspace" >"$tmp/diff.txt"; then
  echo "fixtures/workspace differs from what fixtures/generate.py produces:" >&2
  head -50 "$tmp/diff.txt" >&2
  echo "regenerate with: make fixtures" >&2
  exit 1
fi
# The serving fixtures (fixtures/serving and their scikit-learn models in fixtures/serving-inputs).
"$python" fixtures/generate.py --serving "$tmp/serving" >/dev/null
for folder in serving serving-inputs; do
  if ! diff -r "fixtures/$folder" "$tmp/$folder" >"$tmp/diff.txt"; then
    echo "fixtures/$folder differs from what fixtures/generate.py --serving produces:" >&2
    head -50 "$tmp/diff.txt" >&2
    echo "regenerate with: make fixtures" >&2
    exit 1
  fi
done
echo "fixtures: fixtures/workspace, fixtures/serving and fixtures/serving-inputs match fixtures/generate.py (azureml-core, scikit-learn)"
