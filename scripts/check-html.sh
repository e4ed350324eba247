#!/usr/bin/env bash
# Opens the HTML reports of `audit` and `diff` over fixtures/workspace, of `audit` over a fleet
# (image2env dev fleet) and of `report merge`, in a real headless
# Chromium (Debian package `chromium`, installed when missing): the page must load with no
# console errors, its script must have run (it marks <body data-report-ready="yes">), and a
# screenshot is written to .build/reports/{audit,diff,fleet,merge}.png for people to look at.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

chromium="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium" ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing chromium (apt-get)" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        chromium="$(command -v chromium)"
    else
        echo "check-html: chromium is missing; install the Debian package chromium" >&2
        exit 1
    fi
fi

bin="$(${SWIFT:-swift} build --show-bin-path)/image2env"
out="$repo/.build/reports"
mkdir -p "$out"
"$bin" audit fixtures/workspace --format html --fail-on never --output "$out/audit.html"
"$bin" diff fixtures/workspace --format html --output "$out/diff.html"
rm -rf "$out/html-fleet"
"$bin" dev fleet --out "$out/html-fleet"
"$bin" audit "$out/html-fleet" --format html --fail-on never --output "$out/fleet.html"
for ws in "$out"/html-fleet/*/*/*/; do
    "$bin" audit "$ws" --format json --fail-on never --output "$out/html-fleet-$(basename "$ws").json"
done
"$bin" report merge "$out"/html-fleet-*.json --format html --output "$out/merge.html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile"
       --disable-background-networking --disable-component-update --enable-logging=stderr --v=0)
status=0
for name in audit diff fleet merge; do
    page="file://$out/$name.html"
    dom="$("$chromium" "${flags[@]}" --dump-dom "$page" 2>"$out/$name.console.log")"
    "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,1600 --screenshot="$out/$name.png" "$page" 2>>"$out/$name.console.log" >/dev/null
    if grep -E ':CONSOLE[:(]' "$out/$name.console.log" >&2; then
        echo "check-html: $name.html: console errors (above)" >&2
        status=1
    fi
    if ! grep -q 'data-report-ready="yes"' <<<"$dom"; then
        echo "check-html: $name.html: the page's script did not run" >&2
        status=1
    fi
    if [[ ! -s "$out/$name.png" ]]; then
        echo "check-html: $name.html: no screenshot" >&2
        status=1
    else
        echo "$name.html: loaded in $("$chromium" --version 2>/dev/null | head -1), no console messages; screenshot $out/$name.png"
    fi
done
exit $status
