"""Checks `image2env convert` output against the real azureml-core (run with the .venv python).

    python conformance/check_convert.py OUT SNAPSHOT

For every converted image OUT/<name>/<version>/ that is manual: it has migration.json and
MANUAL.md, no v1/ or v2/, and source/ holds the entry script migration.json names, if any.
For every one that is not manual:
  * `Environment.load_from_directory(v1)` loads it, and
    `InferenceConfig(entry_script, source_directory=source/, environment=env)` accepts it;
  * v1/conda_dependencies.yml is, byte for byte, what azureml-core writes when it loads the
    image's conda file (`Environment.from_conda_specification`; `Environment(name)`'s default
    file when the image has none) and brings it to our file's lists with its own methods
    (conformance/layout_corpus.py `reconcile`): the user's order, layout and comments are kept
    exactly where the SDK's round trip keeps them;
  * no file under OUT contains a registry password or a SAS signature of the snapshot;
  * where azureml-core's own `convert_parts_to_environment` converts the same legacy parts
    (python runtime, no extra Docker steps, CUDA not 9.1, no custom base image with GPU), its
    Environment is compared with ours on base image, conda packages, pip packages, channels,
    registry address and inferencing stack version. A field that migration.json's trace says a
    deliberate rule changed (e.g. raise-python) is reported as a deviation, not compared.
Prints one line per check and closes with `N passed, M failed`; exits 1 on any failure.
"""
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402
import layout_corpus  # noqa: E402

warnings.filterwarnings("ignore")
import azureml.core  # noqa: E402,F401  (import order: azureml.core before _model_management)
from azureml.core import Environment  # noqa: E402
from azureml.core.container_registry import ContainerRegistry  # noqa: E402
from azureml.core.model import InferenceConfig  # noqa: E402
from azureml._model_management._util import convert_parts_to_environment  # noqa: E402

# Rules whose effect is what convert_parts_to_environment does itself.
SDK_EQUIVALENT_RULES = {"python-runtime", "custom-base-image", "gpu-default-image", "drop-injected-requirements"}
# Our field name -> what it covers in the comparison.
FIELDS = ["baseImage", "condaPackages", "pipPackages", "channels", "registryAddress", "inferencingStackVersion"]

TALLY = Tally()
check = TALLY.check


def payloads(folder):
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = json.load(f)
        items = doc if isinstance(doc, list) else doc.get("value", [doc]) if "value" in doc and "id" not in doc else [doc]
        for item in items:
            yield item


def artifact(snapshot, url):
    prefix = "aml://artifact/"
    if not url or not url.startswith(prefix):
        return None
    path = os.path.join(snapshot, "artifacts", *url[len(prefix):].split("/"))
    return path if os.path.isfile(path) else None


def secrets(snapshot):
    found = set()
    for image in payloads(os.path.join(snapshot, "images")):
        reg = image.get("baseImageRegistryInfo") or {}
        if reg.get("password"):
            found.add(reg["password"])
        for key in ("imageBuildLogUri", "generatedDockerFileUri"):
            url = image.get(key) or ""
            if "sig=" in url:
                found.add(url.split("sig=")[1].split("&")[0])
    return found


def env_fields(env):
    conda = env.python.conda_dependencies
    registry = env.docker.base_image_registry
    return {
        "baseImage": env.docker.base_image,
        "condaPackages": sorted(conda.conda_packages) if conda else [],
        "pipPackages": sorted(conda.pip_packages) if conda else [],
        "channels": sorted(conda.conda_channels) if conda else [],
        "registryAddress": registry.address if registry else None,
        "inferencingStackVersion": env.inferencing_stack_version,
    }


def sdk_environment(image, snapshot, entry, source_dir):
    """What convert_parts_to_environment makes of the image's parts, or None when it refuses."""
    runtime = (image.get("targetRuntime") or {})
    runtime_type = (runtime.get("runtimeType") or "").lower()
    props = runtime.get("properties") or {}
    if image.get("imageFlavor") != "WebApiContainer" or runtime_type not in ("python", "pythoncustom"):
        return None
    if image.get("dockerFileUri"):
        return None
    if runtime_type == "pythoncustom" and not image.get("baseImage"):
        return None
    install_cuda = props.get("installCuda")
    install_cuda = install_cuda if isinstance(install_cuda, bool) else str(install_cuda).lower() == "true"
    registry = None
    info = image.get("baseImageRegistryInfo")
    if info:
        registry = ContainerRegistry()
        registry.address, registry.username = info.get("location"), info.get("user")
    conda_file = artifact(snapshot, props.get("condaEnvFile"))
    config = InferenceConfig(entry_script=entry, runtime="python", source_directory=source_dir,
                             conda_file=os.path.abspath(conda_file) if conda_file else None,
                             enable_gpu=install_cuda or None, cuda_version=props.get("cudaVersion"),
                             base_image=image.get("baseImage"), base_image_registry=registry)
    converted, uses_env = convert_parts_to_environment(image["name"], config)
    return converted.environment if uses_env and converted.environment is not None else None


def main(out, snapshot):
    secret_values = secrets(snapshot)
    for root, _, files in os.walk(out):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            leaked = [s for s in secret_values if s.encode() in data]
            if leaked:
                check(False, "no secret in %s" % os.path.relpath(os.path.join(root, name), out))
    check(bool(secret_values), "the snapshot has secrets to look for (%d), none found in %s" % (len(secret_values), out))

    images = {(p["name"], str(p["version"])): p for p in payloads(os.path.join(snapshot, "images"))}
    for (name, version), image in sorted(images.items()):
        folder = os.path.join(out, name, version)
        with open(os.path.join(folder, "migration.json"), encoding="utf-8") as f:
            record = json.load(f)
        label = "%s:%s" % (name, version)
        if record["readiness"] == "manual":
            files = sorted(os.listdir(folder))
            check(files in (["MANUAL.md", "migration.json"], ["MANUAL.md", "migration.json", "source"]),
                  label + ": manual image has migration.json, MANUAL.md and its source only (%s)" % ", ".join(files))
            if record["entryScript"] and "source" in files:
                check(os.path.isfile(os.path.join(folder, "source", record["entryScript"])),
                      label + ": manual image's source/ holds its entry script %s" % record["entryScript"])
            continue
        env = Environment.load_from_directory(os.path.join(folder, "v1"))
        ours_conda = os.path.join(folder, "v1", "conda_dependencies.yml")
        if os.path.isfile(ours_conda):
            props = (image.get("targetRuntime") or {}).get("properties") or {}
            user_conda = artifact(snapshot, props.get("condaEnvFile"))
            start = (Environment.from_conda_specification(env.name, user_conda) if user_conda else Environment(env.name))
            sdk = layout_corpus.saved(layout_corpus.reconcile(start.python.conda_dependencies, layout_corpus.target_of(ours_conda)))
            with open(ours_conda, "rb") as f:
                same = f.read() == sdk
            check(same, label + ": v1/conda_dependencies.yml is what azureml-core writes for the %s brought to our lists"
                  % ("image's conda file" if user_conda else "default conda file"))
        check(env.name == record["environment"], label + ": v1 loads with load_from_directory (%s)" % env.name)
        source = os.path.join(folder, "source")
        entry = record["entryScript"]
        try:
            InferenceConfig(entry_script=entry, source_directory=source, environment=env)
            check(os.path.isfile(os.path.join(source, entry)), label + ": InferenceConfig(%s, source/, env) accepts it" % entry)
        except Exception as error:  # noqa: BLE001
            check(False, label + ": InferenceConfig rejects it: %s" % error)

        sdk_env = sdk_environment(image, snapshot, entry, source)
        if sdk_env is None:
            print("skip  %s: convert_parts_to_environment refuses these parts" % label)
            continue
        ours, theirs = env_fields(env), env_fields(sdk_env)
        deviations = {field: rule for field, rule in record["trace"].items() if rule not in SDK_EQUIVALENT_RULES}
        for field in FIELDS:
            if field in deviations and ours[field] != theirs[field]:
                print("dev   %s: %s changed on purpose by rule %s (SDK: %s, ours: %s)"
                      % (label, field, deviations[field], theirs[field], ours[field]))
                continue
            check(ours[field] == theirs[field], "%s: %s equals convert_parts_to_environment's (%s)" % (label, field, ours[field]))
    return TALLY.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
