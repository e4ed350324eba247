#!/usr/bin/env python3
"""Checks the v2 files of an `image2env redeploy` folder against the real azure-ai-ml.

    python conformance/check_redeploy_v2.py OUT        (the .venv-v2 python)

For every planned service: azure.ai.ml.load_online_endpoint loads v2/endpoint.yml and
load_online_deployment loads v2/deployment.yml (both validated by the SDK's schemas); the
endpoint is the plan's new service with the plan's auth mode; the deployment points at that
endpoint with the plan's instance type and count and first model; its code folder holds the
scoring script; its inline environment has an image or a build context, and its conda file
(if any) has azureml-inference-server-http and no azureml-defaults.

Then the requests of plan.json's "v2" section, which `redeploy --apply --to v2` sends: the
endpoint and deployment bodies must equal, key for key, what azure-ai-ml builds from the same
files (`ManagedOnlineEndpoint._to_rest_online_endpoint(location)` and
`ManagedOnlineDeployment._to_rest_object(location)` with the code, environment and model given
as the plan's ARM ids, as `upload_dependencies` leaves them), serialized by its generated
client (`json.dumps(body, cls=SdkJSONEncoder, exclude_readonly=True)`); the environment
version body and name:version equal `Environment._to_rest_object()` and its anonymous
name/version; the code version's hash equals `get_content_hash` of the code folder and its
body `Code._to_rest_object()` (codeUri aside: it is the upload's, known at apply time).
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
from azure.ai.ml._restclient.arm_ml_service._utils.model_base import SdkJSONEncoder  # noqa: E402
from azure.ai.ml._utils._asset_utils import IgnoreFile, get_content_hash  # noqa: E402
from azure.ai.ml.entities._assets import Code  # noqa: E402
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
        check_requests(label, folder, plan)
    return TALLY.close()


def rest(body):
    """A body as the generated client sends it."""
    return json.loads(json.dumps(body, cls=SdkJSONEncoder, exclude_readonly=True))


def differences(ours, theirs, path="$"):
    """Every key path where two JSON values differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out = []
        for key in list(ours) + [k for k in theirs if k not in ours]:
            if key not in ours or key not in theirs:
                out.append("%s.%s: %s" % (path, key, "only ours" if key in ours else "only azure-ai-ml's"))
            else:
                out += differences(ours[key], theirs[key], "%s.%s" % (path, key))
        return out
    if ours != theirs or type(ours) is not type(theirs):
        return ["%s: %r != %r" % (path, ours, theirs)]
    return []


def check_requests(label, folder, plan):
    v2plan = plan["v2"]
    if v2plan.get("unavailable"):
        check(False, "%s: plan.json has the v2 requests (%s)" % (label, v2plan["unavailable"]))
        return
    requests = {r["step"]: r for r in v2plan["requests"]}
    check(sorted(requests) == ["code", "deployment", "endpoint", "environment"]
          and all(r["method"] == "PUT" for r in requests.values()), "%s: plan.json has the four v2 PUTs" % label)
    location = v2plan["location"]
    v2 = os.path.join(folder, "v2")
    endpoint = load_online_endpoint(os.path.join(v2, "endpoint.yml"))
    deployment = load_online_deployment(os.path.join(v2, "deployment.yml"))
    environment = deployment.environment
    code_dir = deployment.code_configuration.code
    code_dir = code_dir if os.path.isabs(code_dir) else os.path.join(v2, code_dir)

    # The environment version: anonymous, named by its content as azure-ai-ml names it.
    env_body = rest(environment._to_rest_object())
    ours = requests["environment"]["body"]
    if environment.build is not None and environment.path is not None:
        # A local build context: __init__ hashed it (get_object_hash) and named the version by it.
        env_body["properties"]["build"]["contextUri"] = ours["properties"]["build"]["contextUri"]
        upload = next(u for u in v2plan["uploads"] if u["for"] == "environment")
        check(upload["hash"] == environment._upload_hash, "%s: build context hash %s is get_object_hash's" % (label, upload["hash"]))
    diffs = differences(ours, env_body)
    check(not diffs, "%s: environment version body is azure-ai-ml's %s" % (label, "; ".join(diffs)))
    check(requests["environment"]["path"].endswith("/environments/%s/versions/%s" % (environment.name, environment.version)),
          "%s: environment version %s:%s" % (label, environment.name, environment.version))

    # The code version: content hash as azure-ai-ml computes it over the code folder.
    code = Code(path=code_dir, is_anonymous=True)
    code._hash_sha256 = get_content_hash(code_dir, IgnoreFile(None))
    code_body = rest(code._to_rest_object())
    ours = dict(requests["code"]["body"])
    code_body["properties"]["codeUri"] = ours["properties"]["codeUri"]
    diffs = differences(ours, code_body)
    check(not diffs, "%s: code version body is azure-ai-ml's %s" % (label, "; ".join(diffs)))

    # The endpoint and the deployment, given the same ids.
    diffs = differences(requests["endpoint"]["body"], rest(endpoint._to_rest_online_endpoint(location=location)))
    check(not diffs, "%s: endpoint body is azure-ai-ml's %s" % (label, "; ".join(diffs)))
    ours = requests["deployment"]["body"]
    deployment.code_configuration.code = requests["code"]["path"]
    deployment.environment = requests["environment"]["path"]
    if deployment.model is not None:
        deployment.model = ours["properties"].get("model")
    diffs = differences(ours, rest(deployment._to_rest_object(location=location)))
    check(not diffs, "%s: deployment body is azure-ai-ml's %s" % (label, "; ".join(diffs)))
    check(requests["endpoint"]["path"].endswith("/onlineEndpoints/" + endpoint.name)
          and requests["deployment"]["path"].endswith("/onlineEndpoints/%s/deployments/%s" % (endpoint.name, deployment.name)),
          "%s: endpoint and deployment paths" % label)
    if deployment.model is not None:
        name, version = plan["models"][0].split(":")
        check(deployment.model.endswith("/models/%s/versions/%s" % (name, version)), "%s: model by reference %s" % (label, deployment.model))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
