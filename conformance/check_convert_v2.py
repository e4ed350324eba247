#!/usr/bin/env python3
"""Checks the v2 side of `image2env convert` output against the real azure-ai-ml.

Usage: check_convert_v2.py OUT

For every OUT/<name>/<version>/v2/environment.yml: azure.ai.ml.load_environment loads and
validates it; its name is the v1 Environment's; it has either an image equal to the v1 base
image, or a build context (docker/Dockerfile starting with the v1 BaseDockerfile); its conda
file, if any, has azureml-inference-server-http and no azureml-defaults.
Closes with "N passed, M failed"; exits 1 on any failure.
"""
import json
import logging
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from azure.ai.ml import load_environment  # noqa: E402

TALLY = Tally()
check = TALLY.check


def pip_names(conda):
    for dep in (conda or {}).get("dependencies", []):
        if isinstance(dep, dict):
            for req in dep.get("pip", []):
                yield req.split("=")[0].split("[")[0].split("<")[0].split(">")[0].strip().lower()


def main(out):
    for name in sorted(os.listdir(out)):
        for version in sorted(os.listdir(os.path.join(out, name))):
            folder = os.path.join(out, name, version)
            v2 = os.path.join(folder, "v2", "environment.yml")
            label = "%s:%s" % (name, version)
            if not os.path.exists(v2):
                continue
            with open(os.path.join(folder, "v1", "azureml_environment.json"), encoding="utf-8") as f:
                v1 = json.load(f)
            try:
                env = load_environment(source=v2)
                env.validate()
                env._to_dict()
            except Exception as error:  # noqa: BLE001
                check(False, "%s: load_environment fails: %s" % (label, error))
                continue
            check(env.name == v1["name"], "%s: v2 loads with load_environment (%s)" % (label, env.name))
            base_dockerfile = os.path.join(folder, "v1", "BaseDockerfile")
            if os.path.exists(base_dockerfile):
                with open(base_dockerfile, encoding="utf-8") as f:
                    base = f.read()
                with open(os.path.join(folder, "v2", "docker", "Dockerfile"), encoding="utf-8") as f:
                    dockerfile = f.read()
                check(env.image is None and env.build is not None and dockerfile.startswith(base),
                      "%s: build context whose Dockerfile starts with the v1 BaseDockerfile" % label)
            else:
                check(env.image is not None and env.image.endswith(v1["docker"]["baseImage"]),
                      "%s: image is the v1 base image (%s)" % (label, env.image))
            conda = env.conda_file
            if conda is None and env.build is not None:
                conda_path = os.path.join(folder, "v2", "docker", "conda.yml")
                if os.path.exists(conda_path):
                    import yaml
                    with open(conda_path, encoding="utf-8") as f:
                        conda = yaml.safe_load(f)
            if conda is not None:
                names = set(pip_names(conda))
                check("azureml-inference-server-http" in names and "azureml-defaults" not in names,
                      "%s: conda file uses azureml-inference-server-http, not azureml-defaults" % label)
    return TALLY.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
