#!/usr/bin/env python3
"""Checks the v2 files of an `image2env redeploy` folder against the real azure-ai-ml.

    python conformance/check_redeploy_v2.py OUT        (the .venv-v2 python)

For every planned service: azure.ai.ml.load_online_endpoint loads v2/endpoint.yml and
load_online_deployment loads v2/deployment.yml (both validated by the SDK's schemas); the
endpoint is the plan's new service with the plan's auth mode; the deployment points at that
endpoint with the plan's instance type and count and first model; its code folder holds the
scoring script; its inline environment has an image or a build context, and its conda file
(if any) has azureml-inference-server-http and no azureml-defaults.
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

import yaml  # noqa: E402
from azure.ai.ml import load_online_deployment, load_online_endpoint  # noqa: E402
from check_convert_v2 import pip_names  # noqa: E402

TALLY = Tally()
check = TALLY.check


def main(out):
    with open(os.path.join(out, "redeploy.json"), encoding="utf-8") as f:
        index = json.load(f)
    for entry in index["services"]:
        folder = os.path.join(out, entry["folder"])
        with open(os.path.join(folder, "plan.json"), encoding="utf-8") as f:
            plan = json.load(f)
        label = plan["service"]
        v2 = os.path.join(folder, "v2")
        try:
            endpoint = load_online_endpoint(os.path.join(v2, "endpoint.yml"))
            deployment = load_online_deployment(os.path.join(v2, "deployment.yml"))
        except Exception as e:  # the SDK's validation error is the failure
            check(False, "%s: azure-ai-ml loads v2/endpoint.yml and v2/deployment.yml (%s: %s)" % (label, type(e).__name__, e))
            continue
        check(True, "%s: azure-ai-ml loads v2/endpoint.yml and v2/deployment.yml" % label)
        check(endpoint.name == plan["newService"], "%s: endpoint name %s" % (label, endpoint.name))
        check(endpoint.auth_mode == plan["v2"]["authMode"], "%s: auth_mode %s" % (label, endpoint.auth_mode))
        check(deployment.endpoint_name == plan["newService"], "%s: endpoint_name %s" % (label, deployment.endpoint_name))
        check(deployment.instance_type == plan["v2"]["instanceType"], "%s: instance_type %s" % (label, deployment.instance_type))
        check(deployment.instance_count == plan["v2"]["instanceCount"], "%s: instance_count %s" % (label, deployment.instance_count))
        with open(os.path.join(v2, "deployment.yml"), encoding="utf-8") as f:
            raw = yaml.safe_load(f)
        # The SDK keeps "name:version" of "azureml:name:version".
        model = deployment.model if isinstance(deployment.model, str) else None
        expected = plan["models"][0] if plan["models"] else None
        check(model == expected and raw.get("model") == "azureml:%s" % expected, "%s: model %s" % (label, model))
        code = deployment.code_configuration.code
        code_dir = code if os.path.isabs(code) else os.path.join(v2, code)
        check(os.path.isfile(os.path.join(code_dir, deployment.code_configuration.scoring_script)),
              "%s: code %s holds %s" % (label, code, deployment.code_configuration.scoring_script))
        env = deployment.environment
        check(bool(env.image) != bool(env.build), "%s: inline environment has an image or a build" % label)
        conda_file = raw["environment"].get("conda_file")
        if env.build is not None:
            build_path = raw["environment"]["build"]["path"]
            dockerfile = os.path.join(v2, build_path, raw["environment"]["build"]["dockerfile_path"])
            check(os.path.isfile(dockerfile), "%s: build context %s has its Dockerfile" % (label, build_path))
            conda_file = next((os.path.join(build_path, n) for n in os.listdir(os.path.join(v2, build_path))
                               if n.endswith(".yml")), None)
        if conda_file:
            with open(os.path.join(v2, conda_file), encoding="utf-8") as f:
                names = set(pip_names(yaml.safe_load(f)))
            check("azureml-inference-server-http" in names and "azureml-defaults" not in names,
                  "%s: %s has azureml-inference-server-http, not azureml-defaults" % (label, conda_file))
    return TALLY.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
