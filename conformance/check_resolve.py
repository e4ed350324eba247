"""Checks that what `image2env convert` wrote installs: every conda file of a ready or review
image resolves with uv on the Python, platform and date its migration.json records.

    python conformance/check_resolve.py OUT

For every OUT/<name>/<version>/ whose migration.json says `ready` or `review`:
  * the image was resolved (`resolution.status` is `resolved`), unless the reason is an index
    that cannot be reached from here (a private feed): then `skip`;
  * v1/conda_dependencies.yml pins the recorded Python (`python=<resolution.python>`) and every
    pip requirement `==` (direct references aside);
  * `uv pip compile` of its pip section (options included) for that Python and platform, with
    packages up to `resolution.excludeNewer`, wheels only but for the projects the resolution
    says are built from source (and fusepy, the pure-Python source project the v1 stack needs),
    succeeds, and solves every pinned requirement to exactly its pin;
  * the same for the v2 conda file (v2/conda.yml or v2/docker/conda.yml), unless migration.json
    says v2 is unavailable, in which case there must be no v2 folder.
uv is IMAGE2ENV_UV, else uv on PATH, else .tools/uv/bin/uv (make deps). The parsing here is
this script's own (PyYAML, plain string handling), not image2env's.
Prints one line per check and closes with `N passed, M failed`; exits 1 on any failure.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

TALLY = Tally()
check = TALLY.check
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALWAYS_FROM_SOURCE = ["fusepy"]


def uv():
    found = os.environ.get("IMAGE2ENV_UV") or shutil.which("uv")
    if found:
        return found
    local = os.path.join(REPO, ".tools", "uv", "bin", "uv")
    return local if os.access(local, os.X_OK) else None


def normalize(name):
    out, last = "", False
    for ch in name.lower():
        if ch in "-_.":
            if not last:
                out += "-"
            last = True
        else:
            out += ch
            last = False
    return out


def pin(line):
    """`Name[extra]==1.0; marker` -> (normalized name, "1.0"), else None."""
    text = line.split(";")[0].strip()
    if "==" not in text or text.startswith("-") or "://" in text:
        return None
    name, version = text.split("==", 1)
    name = name.split("[")[0].strip()
    return normalize(name), version.strip()


def conda_parts(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    conda, pip = [], []
    for item in doc.get("dependencies") or []:
        if isinstance(item, dict) and "pip" in item:
            pip = list(item["pip"] or [])
        elif isinstance(item, str):
            conda.append(item)
    return conda, pip


def solve(tool, pip_lines, resolution, source_builds, where):
    options = [l for l in pip_lines if l.startswith("-")]
    requirements = [l for l in pip_lines if not l.startswith("-") and not l.startswith("git+") and "://" not in l]
    insecure = []
    file_lines = []
    for option in options:
        flag, _, value = option.partition(" ")
        if flag == "--trusted-host":
            insecure.append(value.strip())
        elif flag in ("--index-url", "-i", "--extra-index-url", "--find-links", "-f", "--no-index"):
            file_lines.append(option)
    with tempfile.TemporaryDirectory() as folder:
        req = os.path.join(folder, "requirements.in")
        with open(req, "w", encoding="utf-8") as f:
            f.write("\n".join(file_lines + requirements) + "\n")
        args = [tool, "pip", "compile", req, "--python-version", resolution["python"],
                "--python-platform", resolution["platform"], "--exclude-newer", resolution["excludeNewer"],
                "--no-header", "--no-annotate", "--no-config", "--no-python-downloads", "--color", "never",
                "--only-binary", ":all:"]
        for name in sorted(set(ALWAYS_FROM_SOURCE + source_builds)):
            args += ["--no-binary", name]
        for host in insecure:
            args += ["--allow-insecure-host", host]
        env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", NO_COLOR="1")
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    ok = done.returncode == 0
    check(ok, "%s resolves with uv for Python %s on %s" % (where, resolution["python"], resolution["platform"])
          + ("" if ok else ": " + done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""))
    if not ok:
        return
    solved = {}
    for line in done.stdout.splitlines():
        p = pin(line)
        if p:
            solved[p[0]] = p[1]
    for line in requirements:
        p = pin(line)
        if p:
            check(solved.get(p[0]) == p[1], "%s: %s solves to itself (got %s)" % (where, line, solved.get(p[0])))


def main():
    out = sys.argv[1]
    tool = uv()
    check(tool is not None, "uv is installed (make deps)")
    if tool is None:
        sys.exit(TALLY.close())
    for name in sorted(os.listdir(out)):
        for version in sorted(os.listdir(os.path.join(out, name))):
            folder = os.path.join(out, name, version)
            record = os.path.join(folder, "migration.json")
            if not os.path.isfile(record):
                continue
            with open(record, encoding="utf-8") as f:
                migration = json.load(f)
            where = "%s:%s" % (name, version)
            if migration["readiness"] == "manual":
                continue
            resolution = migration.get("resolution") or {}
            if resolution.get("status") != "resolved":
                reason = resolution.get("reason") or ""
                if "cannot be reached" in reason:
                    print("skip  %s: not resolved here: %s" % (where, reason))
                    continue
                check(False, "%s is %s but was not resolved: %s" % (where, migration["readiness"], reason))
                continue
            sources = [normalize(s) for s in resolution.get("sourceBuilds") or []]
            v1 = os.path.join(folder, "v1", "conda_dependencies.yml")
            if os.path.isfile(v1):
                conda, pip = conda_parts(v1)
                check("python=" + resolution["python"] in conda, "%s v1 pins python=%s" % (where, resolution["python"]))
                loose = [l for l in pip if not l.startswith("-") and "://" not in l and pin(l) is None]
                check(not loose, "%s v1 pins every pip requirement (loose: %s)" % (where, loose))
                solve(tool, pip, resolution, sources, where + " v1")
            v2_folder = os.path.join(folder, "v2")
            if resolution.get("v2Unavailable"):
                check(not os.path.exists(v2_folder), "%s has no v2 folder (v2 unavailable)" % where)
                continue
            for candidate in ("conda.yml", os.path.join("docker", "conda.yml")):
                v2 = os.path.join(v2_folder, candidate)
                if os.path.isfile(v2):
                    conda, pip = conda_parts(v2)
                    check("python=" + resolution["python"] in conda, "%s v2 pins python=%s" % (where, resolution["python"]))
                    check(not any(normalize(l.split("=")[0]) == "azureml-defaults" for l in pip if not l.startswith("-")),
                          "%s v2 carries the inference server, not azureml-defaults" % where)
                    solve(tool, pip, resolution, sources, where + " v2")
    sys.exit(TALLY.close())


if __name__ == "__main__":
    main()
