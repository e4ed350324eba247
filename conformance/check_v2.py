#!/usr/bin/env python3
"""Checks the v2 side of the conformance corpus against the real azure-ai-ml.

Usage: check_v2.py CORPUS_DIR

For every CORPUS_DIR/<case>/: azure.ai.ml.load_environment(<case>/v2/environment.yml)
succeeds, validates and dumps, and has the spec's name, version, description and tags; then,
derived from the case's v1 folder (which check_v1.py holds to azureml-core):
  - a base Dockerfile: build.path is <case>/v2/docker, dockerfile_path is Dockerfile, no image,
    docker/Dockerfile starts with the v1 BaseDockerfile and, with conda dependencies, installs
    docker/conda.yml (whose content is checked as below);
  - otherwise: image is the v1 base image, prefixed with the registry address when the image
    names no registry; conda_file (as azure-ai-ml loads it) is the v1 conda file with
    azureml-defaults replaced by azureml-inference-server-http (added when the v1 environment
    asks for the inference stack); none when dependencies are user managed or absent;
  - the spec's registry password appears in no v2 file.
Prints one line per case and closes with "v2: N passed, M failed"; exits 1 on any failure.
"""
import json
import logging
import os
import re
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import yaml  # noqa: E402
from azure.ai.ml import load_environment  # noqa: E402

SERVER = "azureml-inference-server-http"


def package_name(requirement):
    return re.split(r"[\[=|<|>|~|!]", requirement)[0].strip().lower().replace("_", "-").replace(".", "-")


def expected_conda(v1_conda, ensure_server):
    """The v1 conda document with azureml-defaults replaced by the inference server.

    Read with PyYAML's BaseLoader (every scalar a string, as ruamel's YAML 1.2 loader reads our
    all-string files), so a v2 file that lets YAML 1.1 turn `yes` into True does not pass.
    """
    doc = yaml.load(v1_conda, Loader=yaml.BaseLoader)
    pip_sections = [d["pip"] for d in doc.get("dependencies", []) if isinstance(d, dict) and "pip" in d]
    has_server = any(package_name(p) == SERVER for p in (pip_sections[-1] if pip_sections else []) if not p.startswith("-"))
    for section in pip_sections:
        out = []
        for line in section:
            if not line.startswith("-") and package_name(line) == "azureml-defaults":
                if not has_server:
                    out.append(SERVER)
                has_server = True
            else:
                out.append(line)
        section[:] = out
    if ensure_server and not has_server:
        if pip_sections:
            for section in pip_sections:
                section.append(SERVER)
        else:
            doc.setdefault("dependencies", []).append({"pip": [SERVER]})
    return doc


def qualified(image, address):
    if not address:
        return image
    parts = image.split("/", 1)
    if len(parts) == 2 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        return image
    return address.rstrip("/") + "/" + image


def check_case(case_dir):
    problems = []
    with open(os.path.join(case_dir, "spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    v1, v2 = os.path.join(case_dir, "v1"), os.path.join(case_dir, "v2")
    with open(os.path.join(v1, "azureml_environment.json"), encoding="utf-8") as f:
        v1_definition = json.load(f)
    v1_conda_path = os.path.join(v1, "conda_dependencies.yml")
    v1_conda = open(v1_conda_path, encoding="utf-8").read() if os.path.isfile(v1_conda_path) else None
    v1_dockerfile_path = os.path.join(v1, "BaseDockerfile")
    v1_dockerfile = open(v1_dockerfile_path, encoding="utf-8", newline="").read() if os.path.isfile(v1_dockerfile_path) else None
    user_managed = v1_definition["python"]["userManagedDependencies"]
    want_conda = None
    if v1_conda is not None and not user_managed:
        want_conda = expected_conda(v1_conda, v1_definition["inferencingStackVersion"] is not None)

    try:
        env = load_environment(source=os.path.join(v2, "environment.yml"))
        env.validate()
        env._to_dict()
    except Exception as e:  # noqa: BLE001
        return ["load_environment failed: %r" % e]

    def expect(what, got, want):
        if got != want:
            problems.append("%s: ours %r, expected %r" % (what, got, want))

    expect("name", env.name, spec["name"])
    expect("version", env.version, spec["version"])
    expect("description", env.description, spec["description"])
    expect("tags", dict(env.tags or {}), spec["tags"])

    if v1_dockerfile is not None:
        expect("image", env.image, None)
        build = env.build
        if build is None:
            problems.append("no build context")
        else:
            expect("build.path", os.path.realpath(os.path.join(str(env.base_path), str(build.path))),
                   os.path.realpath(os.path.join(v2, "docker")))
            expect("build.dockerfile_path", build.dockerfile_path, "Dockerfile")
        with open(os.path.join(v2, "docker", "Dockerfile"), encoding="utf-8", newline="") as f:
            dockerfile = f.read()
        if not dockerfile.startswith(v1_dockerfile):
            problems.append("docker/Dockerfile does not start with the v1 BaseDockerfile")
        conda_path = os.path.join(v2, "docker", "conda.yml")
        if want_conda is not None:
            if not os.path.isfile(conda_path):
                problems.append("docker/conda.yml missing")
            else:
                with open(conda_path, encoding="utf-8") as f:
                    expect("docker/conda.yml", yaml.safe_load(f), want_conda)  # as azure-ai-ml reads it
                if "COPY conda.yml " not in dockerfile or "conda env create" not in dockerfile:
                    problems.append("docker/Dockerfile does not install docker/conda.yml")
        elif os.path.exists(conda_path):
            problems.append("docker/conda.yml written for user-managed dependencies")
        expect("conda_file", env.conda_file, None)
    else:
        docker = v1_definition["docker"]
        want_image = qualified(docker["baseImage"], docker["baseImageRegistry"]["address"])
        if spec["base_image"] and not spec["base_dockerfile"]:
            expect("v1 baseImage", docker["baseImage"], spec["base_image"])
        expect("image", env.image, want_image)
        expect("build", env.build, None)
        expect("conda_file", env.conda_file, want_conda)

    password = (spec.get("registry") or {}).get("password")
    if password:
        for root, _, names in os.walk(v2):
            for name in names:
                with open(os.path.join(root, name), "rb") as f:
                    if password.encode("utf-8") in f.read():
                        problems.append("registry password written to %s" % name)
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = argv[1]
    cases = sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "spec.json")))
    passed = failed = 0
    for case in cases:
        problems = check_case(os.path.join(corpus, case))
        if problems:
            failed += 1
            print("FAIL v2 %s" % case)
            for p in problems:
                print("    " + p)
        else:
            passed += 1
            print("ok   v2 %s" % case)
    if not cases:
        print("FAIL v2: no cases in %s" % corpus)
        failed += 1
    print("v2: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
