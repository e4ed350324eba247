"""What a platform team would run without image2env, with the real azureml-core, for comparison.

    python benchmarks/azureml_baseline.py SNAPSHOT [--save OUT]        (the .venv python)

For every image payload of SNAPSHOT/images/*.json (a payload, a list page or an array):
  1. parse: json.load, then `Image.deserialize(workspace, payload)` — the SDK's own parsing of
     a REST payload (a serialize() payload gets its `tags` as `kvTags` first, which is what
     Image.deserialize insists on);
  2. artifacts: the conda file, the extra Docker steps and the driver are read from the
     snapshot, the entry script found in the driver, the dependency tarballs extracted into a
     temporary folder (the SDK needs real files), and an `InferenceConfig` built from them;
  3. `convert_parts_to_environment(name, inference_config)`;
  4. with --save: `Environment.save_to_directory(OUT/<name>/<version>)` for each Environment.
Images without a target runtime (FPGA) or entry script count as skipped.
Prints one line: `images=N converted=C skipped=S seconds=T images_per_second=R` (T excludes
interpreter start-up and imports, which are printed as `import_seconds`).
"""
import io
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import time
import warnings

started = time.perf_counter()
warnings.filterwarnings("ignore")
os.environ["AZUREML_LOG_DEPRECATION_WARNING_ENABLED"] = "False"
import logging  # noqa: E402

logging.disable(logging.CRITICAL)
import azureml.core  # noqa: E402,F401
import azureml.core.image.image as image_module  # noqa: E402
import azureml.core.model as model_module  # noqa: E402
import azureml._model_management._util as mm_util  # noqa: E402
from azureml.core.image import Image  # noqa: E402
from azureml.core.model import InferenceConfig  # noqa: E402
from azureml._model_management._util import convert_parts_to_environment  # noqa: E402

import_seconds = time.perf_counter() - started


def fake_mms_url(workspace):
    # The one edge the offline SDK still reaches for: the MMS URL needs a live service context.
    return ("https://%s.api.azureml.ms/modelmanagement/v1.0/subscriptions/%s/resourceGroups/%s/providers/"
            "Microsoft.MachineLearningServices/workspaces/%s" % (workspace.location, workspace.subscription_id,
                                                                 workspace.resource_group, workspace.name))


for _module in (mm_util, image_module, model_module):
    _module._get_mms_url = fake_mms_url

RUNTIMES = {"python": "python", "sparkpython": "spark-py", "pythonslim": "python-slim", "pythoncustom": "python"}
DRIVER = re.compile(r"script_location = os\.path\.join\(os\.path\.dirname\(os\.path\.realpath\(__file__\)\), '([^']+)'\)")


class FakeWorkspace(object):
    name = "ws-synth"
    subscription_id = "00000000-0000-0000-0000-000000000000"
    resource_group = "rg-synth"
    location = "westeurope"
    service_context = None
    _auth = None
    _auth_object = None


def artifact(snapshot, url):
    prefix = "aml://artifact/"
    if not url or not url.startswith(prefix):
        return None
    path = os.path.join(snapshot, "artifacts", *url[len(prefix):].split("/"))
    return path if os.path.isfile(path) else None


def payloads(snapshot):
    folder = os.path.join(snapshot, "images")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = json.load(f)
        if isinstance(doc, list):
            yield from doc
        elif "value" in doc and "id" not in doc:
            yield from doc["value"]
        else:
            yield doc


def inference_config(snapshot, payload, scratch):
    runtime = (payload.get("targetRuntime") or {})
    kind = RUNTIMES.get((runtime.get("runtimeType") or "").lower())
    driver = next((a for a in payload.get("assets") or [] if a.get("id") == "driver"), None)
    if kind is None or driver is None:
        return None
    driver_path = artifact(snapshot, driver.get("url"))
    if driver_path is None:
        return None
    with open(driver_path, encoding="utf-8") as f:
        match = DRIVER.search(f.read())
    entry = match.group(1) if match else None
    source = tempfile.mkdtemp(dir=scratch)
    for asset in payload.get("assets") or []:
        if asset.get("unpack"):
            path = artifact(snapshot, asset.get("url"))
            if path:
                with tarfile.open(path, "r:gz") as tar:
                    tar.extractall(source, filter="data")
    if entry is None:
        return None
    # The entry script's folder is the project root (the SDK tarred absolute paths).
    root = None
    for folder, _, files in os.walk(source):
        if entry in files:
            root = folder
            break
    if root is None:
        return None
    props = runtime.get("properties") or {}
    conda = artifact(snapshot, props.get("condaEnvFile"))
    docker = artifact(snapshot, payload.get("dockerFileUri"))
    cuda = props.get("cudaVersion")
    gpu = str(props.get("installCuda")).lower() == "true"
    return InferenceConfig(entry_script=entry, runtime=kind, conda_file=conda, extra_docker_file_steps=docker,
                           source_directory=root, enable_gpu=gpu or None, cuda_version=cuda,
                           base_image=payload.get("baseImage"))


def main(snapshot, save):
    workspace = FakeWorkspace()
    scratch = tempfile.mkdtemp(prefix="azureml-baseline-")
    images = converted = skipped = 0
    start = time.perf_counter()
    try:
        for payload in payloads(snapshot):
            images += 1
            if "kvTags" not in payload:
                payload = dict(payload, kvTags=payload.get("tags") or {})
            image = Image.deserialize(workspace, payload)
            config = inference_config(snapshot, payload, scratch)
            if config is None:
                skipped += 1
                continue
            config, use_environment = convert_parts_to_environment(image.name, config)
            if use_environment:
                converted += 1
                if save:
                    config.environment.save_to_directory(os.path.join(save, image.name, str(image.version)), overwrite=True)
            shutil.rmtree(config.source_directory, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - start
    print("images=%d converted=%d skipped=%d seconds=%.3f images_per_second=%.1f import_seconds=%.2f"
          % (images, converted, skipped, seconds, images / seconds if seconds else 0.0, import_seconds))


if __name__ == "__main__":
    args = sys.argv[1:]
    save = None
    if "--save" in args:
        i = args.index("--save")
        save = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    main(args[0], save)
