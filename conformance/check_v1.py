#!/usr/bin/env python3
"""Checks the v1 side of the conformance corpus against the real azureml-core.

Usage: check_v1.py CORPUS_DIR [--golden DIR]

For every CORPUS_DIR/<case>/ (written by the Swift test EnvironmentSpecTests.ConformanceCorpus):
  1. Environment.load_from_directory(<case>/v1) succeeds and the loaded environment has the
     spec's base image, Dockerfile, conda channels/packages, pip packages/options, registry
     address/username, inferencing stack version, environment variables and python settings
     (compared with the same Environment built here with the SDK from <case>/spec.json);
  2. that SDK-built Environment, saved with save_to_directory, gives the same files, byte for
     byte (its registry password is cleared first: our writer never writes passwords);
  3. the spec's registry password appears in none of the case's files (v1 and v2);
  4. InferenceConfig(entry_script='score.py', source_directory=<dir with score.py>,
     environment=<loaded>) constructs.
With --golden DIR it also copies the SDK's files to DIR/<case>/ (golden files of the Swift
unit tests). Prints one line per case and closes with "v1: N passed, M failed"; exits 1 on
any failure.
"""
import filecmp
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import yaml  # noqa: E402  (PyYAML, pinned with azureml-core)
from azureml.core import Environment  # noqa: E402
from azureml.core.container_registry import ContainerRegistry  # noqa: E402
from azureml.core.environment import DEFAULT_GPU_IMAGE  # noqa: E402
from azureml.core.model import InferenceConfig  # noqa: E402


def write_conda_file(conda, path):
    """A conda file with the spec's parts: name, channels (if any), dependencies."""
    doc = {}
    if conda["name"] is not None:
        doc["name"] = conda["name"]
    if conda["channels"]:
        doc["channels"] = conda["channels"]
    deps = list(conda["conda_packages"])
    pip = conda["pip_options"] + conda["pip_packages"]
    if pip:
        deps.append({"pip": pip})
    doc["dependencies"] = deps
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True, default_flow_style=False, width=2 ** 31)


def build(spec, scratch):
    """The spec's Environment, built with azureml-core as a migration would."""
    name = spec["name"]
    conda = spec["conda"]
    if isinstance(conda, dict):
        path = os.path.join(scratch, "conda-input.yml")
        write_conda_file(conda, path)
        env = Environment.from_conda_specification(name, path)
    else:
        env = Environment(name)
        if conda is None:
            env.python.conda_dependencies = None
    for op, argument in spec["conda_ops"]:
        getattr(env.python.conda_dependencies, op)(argument)
    env.python.user_managed_dependencies = spec["user_managed_dependencies"]
    if spec["environment_variables"] is not None:
        env.environment_variables = dict(spec["environment_variables"])
    if spec["base_image"]:
        env.docker.base_image = spec["base_image"]
    if spec["gpu"]:
        env.docker.base_image = DEFAULT_GPU_IMAGE
    if spec["registry"]:
        registry = ContainerRegistry()
        registry.address = spec["registry"]["address"]
        registry.username = spec["registry"]["username"]
        registry.password = spec["registry"]["password"]
        env.docker.base_image_registry = registry
    if spec["base_dockerfile"]:
        env.docker.base_dockerfile = spec["base_dockerfile"]
    env.inferencing_stack_version = spec["inferencing_stack_version"]
    env.version = spec["version"]
    return env


def conda_view(env):
    cd = env.python.conda_dependencies
    if cd is None:
        return None
    return {
        "channels": list(cd.conda_channels),
        "conda_packages": list(cd.conda_packages),
        "pip_packages": list(cd.pip_packages),
        "pip_options": list(cd.pip_options),
        "python": cd.get_python_version(),
        "document": cd.as_dict(),
    }


def field_view(env):
    registry = env.docker.base_image_registry
    return {
        "name": env.name,
        "version": env.version,
        "base_image": env.docker.base_image,
        "base_dockerfile": env.docker.base_dockerfile,
        "registry_address": registry.address if registry else None,
        "registry_username": registry.username if registry else None,
        "inferencing_stack_version": env.inferencing_stack_version,
        "environment_variables": dict(env.environment_variables or {}),
        "user_managed_dependencies": env.python.user_managed_dependencies,
        "interpreter_path": env.python.interpreter_path,
        "conda": conda_view(env),
    }


def first_difference(a, b):
    la, lb = a.splitlines(True), b.splitlines(True)
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d: ours %r, SDK %r" % (i + 1, x, y)
    return "length: ours %d lines, SDK %d lines" % (len(la), len(lb))


def check_case(case_dir, golden):
    problems = []
    with open(os.path.join(case_dir, "spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    v1 = os.path.join(case_dir, "v1")
    with tempfile.TemporaryDirectory() as scratch:
        sdk_env = build(spec, scratch)
        try:
            ours = Environment.load_from_directory(v1)
        except Exception as e:  # noqa: BLE001
            return ["load_from_directory failed: %r" % e]

        want, got = field_view(sdk_env), field_view(ours)
        for key in want:
            if want[key] != got[key]:
                problems.append("%s: ours %r, SDK %r" % (key, got[key], want[key]))
        if ours.docker.base_image_registry and ours.docker.base_image_registry.password is not None:
            problems.append("registry password is set after loading our folder")

        # Byte-for-byte: what the SDK writes (password cleared: we never write it).
        if sdk_env.docker.base_image_registry:
            sdk_env.docker.base_image_registry.password = None
        sdk_dir = os.path.join(scratch, "sdk")
        sdk_env.save_to_directory(sdk_dir)
        sdk_files, our_files = sorted(os.listdir(sdk_dir)), sorted(os.listdir(v1))
        if sdk_files != our_files:
            problems.append("files: ours %s, SDK %s" % (our_files, sdk_files))
        for name in sorted(set(sdk_files) & set(our_files)):
            a, b = os.path.join(v1, name), os.path.join(sdk_dir, name)
            if not filecmp.cmp(a, b, shallow=False):
                with open(a, encoding="utf-8", newline="") as fa, open(b, encoding="utf-8", newline="") as fb:
                    problems.append("%s differs: %s" % (name, first_difference(fa.read(), fb.read())))
        if golden:
            target = os.path.join(golden, spec["id"])
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(sdk_dir, target)

        password = (spec.get("registry") or {}).get("password")
        if password:
            for root, _, names in os.walk(case_dir):
                for name in names:
                    if name == "spec.json" and root == case_dir:
                        continue
                    with open(os.path.join(root, name), "rb") as f:
                        if password.encode("utf-8") in f.read():
                            problems.append("registry password written to %s" % os.path.relpath(os.path.join(root, name), case_dir))

        source = os.path.join(scratch, "src")
        os.makedirs(source)
        with open(os.path.join(source, "score.py"), "w") as f:
            f.write("def init():\n    pass\n\n\ndef run(data):\n    return data\n")
        try:
            InferenceConfig(entry_script="score.py", source_directory=source, environment=ours)
        except Exception as e:  # noqa: BLE001
            problems.append("InferenceConfig refused the environment: %r" % e)
    return problems


def main(argv):
    args = [a for a in argv[1:]]
    golden = None
    if "--golden" in args:
        i = args.index("--golden")
        golden = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = args[0]
    cases = sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "spec.json")))
    passed = failed = 0
    for case in cases:
        problems = check_case(os.path.join(corpus, case), golden)
        if problems:
            failed += 1
            print("FAIL v1 %s" % case)
            for p in problems:
                print("    " + p)
        else:
            passed += 1
            print("ok   v1 %s" % case)
    if not cases:
        print("FAIL v1: no cases in %s" % corpus)
        failed += 1
    print("v1: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
