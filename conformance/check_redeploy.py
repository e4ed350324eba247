"""Runs every deploy.py of an `image2env redeploy` folder under the real azureml-core 1.61.

    python conformance/check_redeploy.py OUT SNAPSHOT        (the .venv python)

Only the network boundary is replaced: `Workspace.from_config` (a workspace object with the
plan's ids), `Model.__init__` (no model lookup), `ComputeTarget` (no compute lookup),
`upload_dependency` (captures what would be uploaded) and `Webservice._deploy_webservice`
(captures the POST /services body instead of sending it). Everything between runs for real:
`Environment.load_from_directory`, `InferenceConfig`, `deploy_configuration` with its
validation, `Model.deploy`, `_build_environment_image_request`, `_build_create_payload`.

For each service folder it checks that
  * the InferenceConfig and deployment configuration reaching Model.deploy carry the planned
    values (entry script, source folder, Environment, models, every keyword argument, target);
  * the body the SDK builds equals plan.json's request body, once the asset URLs the SDK would
    get from its upload and the secrets read at apply time are put in place of ours;
  * the driver wrapper the SDK generates is byte for byte the asset planned (same SHA-256), and
    the source folder it would upload holds exactly the plan's files;
  * wait_for_deployment(show_output=True) is called;
  * no file of OUT contains a secret of SNAPSHOT (registry passwords, SAS signatures).
Prints one line per check and closes with `N passed, M failed`; exits 1 on any failure.
"""
import hashlib
import json
import os
import runpy
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

warnings.filterwarnings("ignore")
os.environ["AZUREML_LOG_DEPRECATION_WARNING_ENABLED"] = "False"
import azureml.core  # noqa: E402,F401
import azureml.core.model as model_module  # noqa: E402
from azureml.core import Workspace  # noqa: E402
from azureml.core.compute import AksCompute, ComputeTarget  # noqa: E402
from azureml.core.model import Model  # noqa: E402
from azureml.core.webservice import Webservice  # noqa: E402

TALLY = Tally()
check = TALLY.check


class FakeWorkspace(object):
    def __init__(self, info):
        self.subscription_id = info.get("subscriptionId")
        self.resource_group = info.get("resourceGroup")
        self.name = info.get("workspaceName")
        self.location = "westeurope"
        self.service_context = None


class Capture(object):
    """What one deploy.py run hands to the SDK's network edges."""

    def __init__(self):
        self.uploads = []       # (path, create_tar, arcname, url, id)
        self.deploy_args = None
        self.payload = None
        self.waited = None


def install_boundary(workspace, capture):
    Workspace.from_config = staticmethod(lambda *a, **k: workspace)

    def model_init(self, ws, name=None, id=None, **kwargs):
        self.workspace = ws
        self.id = id
        self.name, _, version = (id or "").partition(":")
        self.version = int(version) if version.isdigit() else None
    Model.__init__ = model_init

    def compute_new(cls, ws, name):
        target = object.__new__(AksCompute)
        target.name = name
        target.workspace = ws
        return target
    ComputeTarget.__new__ = compute_new
    AksCompute.__init__ = lambda self, *a, **k: None

    def upload(ws, dependency, create_tar=False, arcname=None, show_output=False):
        index = len(capture.uploads)
        name = "sdk-%d%s" % (index, ".tar.gz" if create_tar else ".py")
        url = "aml://artifact/LocalUpload/sdk%d/%s" % (index, name)
        with_tar = None
        if create_tar:
            with_tar = {}
            for root, _, files in os.walk(dependency):
                for f in files:
                    full = os.path.join(root, f)
                    rel = os.path.relpath(full, dependency).replace(os.sep, "/")
                    with open(full, "rb") as fh:
                        with_tar[rel] = fh.read()
            data = None
        else:
            with open(dependency, "rb") as fh:
                data = fh.read()
        capture.uploads.append({"path": dependency, "tar": with_tar, "data": data, "arcname": arcname,
                                "url": url, "id": name})
        return url, name
    model_module.upload_dependency = upload

    real_deploy = Model.deploy.__func__ if hasattr(Model.deploy, "__func__") else Model.deploy

    def deploy(ws, name, models, inference_config=None, deployment_config=None, deployment_target=None,
               overwrite=False, show_output=False):
        capture.deploy_args = (name, list(models), inference_config, deployment_config, deployment_target)
        return real_deploy(ws, name, models, inference_config, deployment_config, deployment_target,
                           overwrite, show_output)
    Model.deploy = staticmethod(deploy)

    class FakeService(object):
        state = "Healthy"
        scoring_uri = "http://127.0.0.1/score"

        def wait_for_deployment(self, show_output=False, timeout_sec=None):
            capture.waited = show_output

    def deploy_webservice(ws, name, payload, overwrite, webservice_class, show_output=False):
        capture.payload = json.loads(json.dumps(payload))
        return FakeService()
    Webservice._deploy_webservice = staticmethod(deploy_webservice)


def set_path(body, path, value):
    parts = path[2:].split(".")
    for p in parts[:-1]:
        body = body[p]
    body[parts[-1]] = value


def get_path(body, path):
    for p in path[2:].split("."):
        body = body[p]
    return body


def check_service(out, entry, workspace_info):
    folder = os.path.join(out, entry["folder"])
    with open(os.path.join(folder, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    label = plan["service"]
    capture = Capture()
    install_boundary(FakeWorkspace(workspace_info or {}), capture)

    # The inputs deploy.py reads from the environment: a fake password and PEM files.
    scratch = tempfile.mkdtemp()
    values = {}
    saved = dict(os.environ)
    for item in plan["inputs"]:
        if item["kind"] == "secret":
            os.environ[item["environmentVariable"]] = values[item["path"]] = "check-password-%s" % label
        else:
            path = os.path.join(scratch, item["environmentVariable"] + ".pem")
            text = "-----BEGIN %s-----\n%s\n-----END-----\n" % (item["kind"], label)
            with open(path, "w") as fh:
                fh.write(text)
            os.environ[item["environmentVariable"]] = path
            values[item["path"]] = text
    cwd = os.getcwd()
    os.chdir(scratch)  # not a git repository: no git tracking properties
    try:
        runpy.run_path(os.path.join(folder, "deploy.py"), run_name="__main__")
        ran = True
    except SystemExit as e:
        print("deploy.py exited: %s" % e)
        ran = False
    except Exception as e:  # the SDK refused something: report it as the failure
        print("deploy.py raised %s: %s" % (type(e).__name__, e))
        ran = False
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
    check(ran and capture.payload is not None, "%s: deploy.py runs through Model.deploy" % label)
    if not ran or capture.payload is None:
        return

    name, models, ic, dc, target = capture.deploy_args
    check(name == plan["newService"], "%s: Model.deploy name %s" % (label, name))
    check([m.id for m in models] == plan["models"], "%s: models %s" % (label, [m.id for m in models]))
    check(ic.entry_script == plan["entryScript"], "%s: entry_script %s" % (label, ic.entry_script))
    check(os.path.realpath(ic.source_directory) == os.path.realpath(os.path.join(folder, plan["sourceDirectory"])),
          "%s: source_directory is the plan's source/" % label)
    check(ic.environment is not None and ic.environment.name == plan["environment"]["name"],
          "%s: environment %s" % (label, ic.environment.name if ic.environment else None))
    expected_class = plan["deployConfiguration"]["class"]
    check(dc._webservice_type.__name__ == expected_class, "%s: %s.deploy_configuration" % (label, expected_class))
    arguments = plan["deployConfiguration"]["arguments"]
    for key, value in arguments.items():
        actual = getattr(dc, key)
        if isinstance(value, dict) and "fromEnvironment" in value:
            check(isinstance(actual, str) and os.path.basename(actual) == value["fromEnvironment"] + ".pem",
                  "%s: %s from $%s" % (label, key, value["fromEnvironment"]))
        else:
            check(actual == value, "%s: deploy_configuration %s=%r (planned %r)" % (label, key, actual, value))
    passed = set(arguments)
    import inspect
    signature = inspect.signature(dc._webservice_type.deploy_configuration)
    others = [p for p in signature.parameters if p not in passed and getattr(dc, p, None) is not None]
    check(not others, "%s: no other argument set (%s)" % (label, others))
    planned_target = plan["deployConfiguration"]["computeTarget"]
    check((target.name if target is not None else None) == planned_target, "%s: deployment_target %s" % (label, planned_target))
    check(capture.waited is True, "%s: wait_for_deployment(show_output=True)" % label)

    # The driver and the source folder the SDK would upload.
    driver = [u for u in capture.uploads if u["tar"] is None]
    source = [u for u in capture.uploads if u["tar"] is not None]
    assets = {a["id"]: a for a in plan["assets"]}
    check(len(driver) == 1 and hashlib.sha256(driver[0]["data"]).hexdigest() == assets["main.py"]["sha256"],
          "%s: the SDK's driver wrapper is the planned main.py" % label)
    planned_files = sorted(p[len("source/"):] for p in plan["files"] if p.startswith("source/"))
    check(len(source) == 1 and sorted(source[0]["tar"]) == planned_files and source[0]["arcname"] == "source",
          "%s: the SDK uploads source/ with the planned files" % label)

    # The POST /services body: ours with the SDK's asset ids/URLs and the inputs filled in.
    ours = json.loads(json.dumps(plan["request"]["body"]))
    request = ours["environmentImageRequest"]
    sdk_driver = capture.payload["environmentImageRequest"]["driverProgram"]  # the temp file's name
    check(sdk_driver.endswith(".py") and request["driverProgram"] == "main.py", "%s: driverProgram" % label)
    request["driverProgram"] = sdk_driver
    request["assets"][0]["id"] = sdk_driver
    request["assets"][0]["url"] = driver[0]["url"]
    request["assets"][1]["id"] = source[0]["id"]
    request["assets"][1]["url"] = source[0]["url"]
    for path, value in values.items():
        check(get_path(ours, path) == "<redacted>", "%s: %s is redacted in plan.json" % (label, path))
        set_path(ours, path, value)
    sdk = capture.payload
    same = sdk == ours
    if not same:
        for key in sorted(set(sdk) | set(ours)):
            if sdk.get(key) != ours.get(key):
                print("  differs at %s:\n    SDK:  %s\n    plan: %s" % (key, json.dumps(sdk.get(key))[:600],
                                                                   json.dumps(ours.get(key))[:600]))
    check(same, "%s: the SDK's POST /services body equals plan.json's" % label)
    check(list(sdk) == list(ours), "%s: same key order as the SDK" % label)


def secrets(snapshot):
    found = set()
    for root, _, files in os.walk(snapshot):
        for f in files:
            if not f.endswith(".json"):
                continue
            text = open(os.path.join(root, f), encoding="utf-8", errors="replace").read()
            for marker in ("FAKE-REGISTRY-PASSWORD", "FAKESIGNATURE"):
                i = text.find(marker)
                while i >= 0:
                    end = i
                    while end < len(text) and text[end] not in "\"&":
                        end += 1
                    found.add(text[i:end])
                    i = text.find(marker, end)
    return found


def main(out, snapshot):
    with open(os.path.join(out, "redeploy.json"), encoding="utf-8") as f:
        index = json.load(f)
    check(len(index["services"]) > 0, "redeploy.json plans services")
    for entry in index["services"]:
        check_service(out, entry, index["workspace"])
    leaked = []
    for s in secrets(snapshot):
        for root, _, files in os.walk(out):
            for f in files:
                if s.encode() in open(os.path.join(root, f), "rb").read():
                    leaked.append((s, os.path.join(root, f)))
    check(not leaked, "no secret of %s in %s %s" % (snapshot, out, leaked[:3]))
    return TALLY.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
