#!/usr/bin/env python3
"""Build a snapshot with one legacy image per rule example, through the real azureml-core code path.

Run with the reference venv (scripts/pyenv.sh):

    .venv/bin/python conformance/make_rule_corpus.py OUT_SNAPSHOT

Every example of every rule in rules/*.yml (its `image:` facts, docs/rules.md "Examples") becomes
the image `<rule id>-<example index>` (lower-case, dashes), version 1. The image is produced the
way fixtures/generate.py produces the fixtures (that module is imported and reused as is: the
same fakes, determinism patches, `build_create_payload` and REST shaping): a small user project
with score.py (init/run), the example's conda text as the conda file, its Docker steps as
docker_file, schema.json when `schema` is true, enable_gpu / cuda_version, base_image and a
ContainerRegistry (password FAKE-CORPUS-PASSWORD), runtime python / spark-py / python-slim
(PythonCustom = python + base_image); then the REST payload (creationState, the SDK's own
serialize() shape in images/export.json for `shape: serialize`), the condaEnvFile artifact removed
for `condaFileMissing`, AccelContainer / IoTContainer / Unknown flavors built like generate.py's
'accel' / 'iot' / 'noflavor' kinds, and a non-amd64 architecture set on targetRuntime.

Facts the SDK path cannot produce are approximated (also printed to stderr while generating):
  * injectedRequirements false (the default): ContainerImage.build_create_payload always injects
    targetRuntime.properties.pipRequirements, so every WebApiContainer image has it;
  * runtime null on a non-Accel image: built as python, then targetRuntime is removed (azureml-core's
    Image.deserialize refuses such a payload, so that one is not checked by the SDK);
  * registryAddress/registryUser without registryPassword: the SDK refuses a registry without a
    password, so it is built with FAKE-CORPUS-PASSWORD and the password is then set to null;
  * runtime PythonCustom without baseImage: built on a placeholder base image, which the
    serialize() shape drops by itself (shape rest: baseImage is removed by hand);
  * architecture other than amd64 on a WebApiContainer image: the SDK always writes amd64, the
    value is overwritten; on IoTContainer it is passed to the SDK (which only knows arm32v7);
  * hasDockerSteps true without dockerSteps: built with placeholder steps whose artifact is
    then removed (the facts' "steps could not be read");
  * conda / schema / registry facts on IoTContainer or AccelContainer images, and the example's
    own `name` / `version` facts (the image is named after the rule), are not reproduced.
In the rules as of writing this only concerns injectedRequirements (all but one example) and
the examples runtime-unknown 0, custom-base-image 0 and architecture-not-amd64 0 (approximated
as above; custom-base-image-unrecorded 0 is exact since it has shape serialize).

The output is deterministic: running this twice gives identical trees.
"""

import copy
import fcntl
import glob
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

if len(sys.argv) != 2:
    print('usage: make_rule_corpus.py OUT_SNAPSHOT', file=sys.stderr)
    sys.exit(2)
OUT = Path(sys.argv[1]).resolve()
STAGING = OUT.parent / (OUT.name + '.tmp')
OLD = OUT.parent / (OUT.name + '.old')

# fixtures/generate.py reads sys.argv[1] as its own OUT at import time; it is never used here.
_spec = importlib.util.spec_from_file_location('image2env_fixture_generate', str(REPO / 'fixtures' / 'generate.py'))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

import yaml  # noqa: E402  (PyYAML, pinned in the venv)
from azureml.core.image import ContainerImage, Image  # noqa: E402

# A source prefix of our own (fixed: it appears inside the tarballs), so that a concurrent
# fixtures/generate.py run does not remove our projects; generate.py's functions read these globals.
gen.SRC_ROOT = '/tmp/image2env-rule-corpus-src'
gen.HOME = gen.SRC_ROOT + '/home/alice'
os.environ['GIT_CEILING_DIRECTORIES'] = gen.SRC_ROOT

FAKE_PASSWORD = 'FAKE-CORPUS-PASSWORD'
PLACEHOLDER_BASE_IMAGE = 'contoso.azurecr.io/ml/base/placeholder:1'
CREATED = '2020-01-{:02d}T{:02d}:{:02d}:00.0000000+00:00'

MODEL = gen._model('rule-example-model', 1, 'Custom', None, '2019-12-01T00:00:00.0000000+00:00',
                   mime='application/octet-stream')
gen.MODELS_BY_ID[MODEL['id']] = MODEL

SCORE_PY = '''\
import json

from azureml.core.model import Model


def init():
    global model_path
    model_path = Model.get_model_path("rule-example-model")


def run(raw_data):
    return json.dumps({"echo": json.loads(raw_data), "model": model_path})
'''

SCHEMA_JSON = '''\
{
    "input": {"data": {"swagger": {"type": "array", "items": {"type": "number"}}, "type": 0}},
    "output": {"swagger": {"type": "array", "items": {"type": "number"}}, "type": 0}
}
'''

DEFAULT_CONDA = '''\
dependencies:
  - python=3.8
  - pip:
    - azureml-defaults
'''

RUNTIMES = {'python': 'python', 'Python': 'python', 'SparkPython': 'spark-py', 'spark-py': 'spark-py',
            'PythonSlim': 'python-slim', 'python-slim': 'python-slim', 'PythonCustom': 'python'}
KINDS = {'WebApiContainer': 'web', 'AccelContainer': 'accel', 'IoTContainer': 'iot', 'Unknown': 'noflavor'}


def image_name(rule_id, index):
    name = re.sub(r'[^a-z0-9]+', '-', '{}-{}'.format(rule_id, index).lower()).strip('-')
    return name


def examples():
    """(rule id, index, example name, facts) for every example, in file and rule order."""
    for path in sorted(glob.glob(str(REPO / 'rules' / '*.yml'))):
        with open(path, encoding='utf-8') as f:
            doc = yaml.safe_load(f) or {}
        for rule in doc.get('rules') or []:
            for index, example in enumerate(rule.get('examples') or []):
                yield rule['id'], index, example.get('name', ''), dict(example.get('image') or {})


def plan(rule_id, index, title, facts, number):
    """The generate.py-style image spec, its project files and the post-build edits for one example."""
    name = image_name(rule_id, index)
    notes = []
    flavor = facts.get('flavor', 'WebApiContainer')
    kind = KINDS.get(flavor)
    if kind is None:
        raise SystemExit('{}: unsupported flavor {!r}'.format(name, flavor))
    runtime = facts.get('runtime', 'Python')
    architecture = facts.get('architecture', 'amd64')
    install_cuda = bool(facts.get('installCuda', False))
    cuda_version = facts.get('cudaVersion')
    base_image = facts.get('baseImage')
    reg_address = facts.get('registryAddress')
    reg_user = facts.get('registryUser')
    reg_password = bool(facts.get('registryPassword', False))
    steps = facts.get('dockerSteps')
    has_steps = bool(facts.get('hasDockerSteps', steps is not None))
    schema = bool(facts.get('schema', False))
    conda = facts.get('conda')
    conda_missing = bool(facts.get('condaFileMissing', False))
    injected = bool(facts.get('injectedRequirements', False))
    state = facts.get('creationState', 'Succeeded')
    shape = facts.get('shape', 'rest')
    if shape not in ('rest', 'serialize'):
        raise SystemExit('{}: unsupported shape {!r}'.format(name, shape))
    for fact in ('name', 'version'):
        if fact in facts:
            notes.append('{} fact not reproduced (image named after the rule)'.format(fact))

    project = name
    files = {project + '/score.py': SCORE_PY}
    post = {'remove_artifacts': [], 'architecture': None, 'drop_target_runtime': False,
            'registry_password_null': False, 'drop_base_image': False}
    spec = dict(name=name, version=1, where='export' if shape == 'serialize' else 'file', kind=kind,
                project=project, models=[MODEL['id']], state=state,
                created=CREATED.format(1 + number // 24, number % 24, number % 60))
    description = 'Rule example {} #{}: {}'.format(rule_id, index, title)

    if kind == 'accel':
        spec['config'] = dict(description=description)
        for fact in ('runtime', 'conda', 'dockerSteps', 'schema', 'baseImage', 'registryAddress', 'installCuda',
                     'cudaVersion', 'injectedRequirements', 'condaFileMissing', 'architecture'):
            if facts.get(fact) not in (None, False):
                notes.append('{} not reproduced on an AccelContainer image'.format(fact))
        return spec, files, post, notes

    if kind == 'iot':
        config = dict(execution_script='score.py', architecture=architecture, description=description)
        if runtime not in ('python', 'Python'):
            notes.append('runtime {!r} not reproduced on an IoTContainer image (always python)'.format(runtime))
        if has_steps:
            files[project + '/docker_steps'] = steps if steps is not None else 'RUN true\n'
            config['docker_file'] = 'docker_steps'
            if steps is None:
                post['remove_artifacts'].append('dockerFileUri')
        if injected:
            files[project + '/requirements.txt'] = 'azureml-defaults\n'
            config['requirements'] = 'requirements.txt'
        for fact in ('conda', 'schema', 'baseImage', 'registryAddress', 'installCuda', 'cudaVersion',
                     'condaFileMissing'):
            if facts.get(fact) not in (None, False):
                notes.append('{} not reproduced on an IoTContainer image'.format(fact))
        spec['config'] = config
        return spec, files, post, notes

    # WebApiContainer (kind web) or no imageFlavor (kind noflavor): ContainerImage.image_configuration.
    if runtime is None:
        sdk_runtime = 'python'
        post['drop_target_runtime'] = True
        notes.append('runtime null: built as python, targetRuntime removed')
    else:
        sdk_runtime = RUNTIMES.get(runtime)
        if sdk_runtime is None:
            raise SystemExit('{}: unsupported runtime {!r}'.format(name, runtime))
    config = dict(execution_script='score.py', runtime=sdk_runtime, description=description)
    if runtime == 'PythonCustom' and not base_image:
        config['base_image'] = PLACEHOLDER_BASE_IMAGE
        if shape == 'rest':
            post['drop_base_image'] = True
            notes.append('PythonCustom without baseImage: placeholder base image removed by hand')
    elif base_image:
        if sdk_runtime != 'python':
            notes.append('baseImage on runtime {}: built as PythonCustom'.format(runtime))
            config['runtime'] = 'python'
        config['base_image'] = base_image
    if reg_address or reg_user or reg_password:
        if 'base_image' not in config:
            notes.append('registry without a base image: not reproduced (the SDK ignores it)')
        config['base_image_registry'] = dict(address=reg_address or 'contoso.azurecr.io',
                                             username=reg_user or 'puller', password=FAKE_PASSWORD)
        if not reg_password:
            post['registry_password_null'] = True
            notes.append('registry without password: built with one, password set to null')
    if install_cuda:
        config['enable_gpu'] = True
    if cuda_version is not None:
        config['cuda_version'] = cuda_version
    if conda is not None or conda_missing:
        files[project + '/conda_env.yml'] = conda if conda is not None else DEFAULT_CONDA
        config['conda_file'] = 'conda_env.yml'
        if conda_missing:
            post['remove_artifacts'].append('condaEnvFile')
    if has_steps:
        files[project + '/docker_steps'] = steps if steps is not None else 'RUN true\n'
        config['docker_file'] = 'docker_steps'
        if steps is None:
            post['remove_artifacts'].append('dockerFileUri')
            notes.append('hasDockerSteps without text: placeholder steps, artifact removed')
    if schema:
        files[project + '/schema.json'] = SCHEMA_JSON
        config['schema_file'] = 'schema.json'
    if not injected:
        notes.append('injectedRequirements false: the SDK always injects pipRequirements')
    if architecture != 'amd64':
        post['architecture'] = architecture
        notes.append('architecture {}: overwritten on the payload (the SDK writes amd64)'.format(architecture))
    spec['config'] = config
    return spec, files, post, notes


def artifact_path(url):
    prefix = 'aml://artifact/'
    if not url or not url.startswith(prefix):
        raise RuntimeError('not an artifact URL: {!r}'.format(url))
    return gen.ArtifactSink.root.joinpath(*url[len(prefix):].split('/'))


def apply_post(payload, post):
    runtime = payload.get('targetRuntime') or {}
    props = runtime.get('properties') or {}
    for what in post['remove_artifacts']:
        url = payload.get('dockerFileUri') if what == 'dockerFileUri' else props.get(what)
        artifact_path(url).unlink()
    if post['architecture']:
        runtime['targetArchitecture'] = post['architecture']
    if post['registry_password_null']:
        payload['baseImageRegistryInfo']['password'] = None
    if post['drop_base_image']:
        payload.pop('baseImage', None)
    if post['drop_target_runtime']:
        payload.pop('targetRuntime', None)


def main():
    lock = open('{}.lock'.format(gen.SRC_ROOT), 'w')
    fcntl.flock(lock, fcntl.LOCK_EX)
    ws = gen.FakeWorkspace()
    plans = []
    for number, (rule_id, index, title, facts) in enumerate(examples()):
        plans.append(plan(rule_id, index, title, facts, number))
    names = [p[0]['name'] for p in plans]
    if len(set(names)) != len(names):
        raise SystemExit('two examples map to the same image name')

    gen.PROJECT_FILES = {}
    for _, files, _, _ in plans:
        gen.PROJECT_FILES.update(files)
    gen.write_projects()   # under gen.HOME, fixed modes and mtimes
    for path in (STAGING, OLD):
        if path.exists():
            shutil.rmtree(str(path))
    STAGING.mkdir(parents=True)
    gen.ArtifactSink.root = STAGING / 'artifacts'
    gen.ArtifactSink.uploaded = []

    export_images, approximated = [], 0
    for spec, _, post, notes in plans:
        image_id = '{}:{}'.format(spec['name'], spec['version'])
        for note in notes:
            print('approximated {}: {}'.format(image_id, note), file=sys.stderr)
        approximated += bool(notes)
        gen.reseed(image_id)
        payload = gen.build_create_payload(ws, copy.deepcopy(spec))
        apply_post(payload, post)
        rest = gen.to_rest(spec, payload)
        # The SDK must accept the REST payload, except a WebApiContainer without targetRuntime
        # (runtime null), which Image._validate_get_payload refuses by design.
        if not post['drop_target_runtime']:
            sdk_image = Image.deserialize(ws, copy.deepcopy(rest))
            if sdk_image is None or sdk_image.id != image_id:
                raise RuntimeError('SDK did not deserialize ' + image_id)
        if spec['where'] == 'export':
            export_images.append(ContainerImage.deserialize(ws, copy.deepcopy(rest)).serialize())
        else:
            gen.dump(STAGING / 'images' / '{}_{}.json'.format(spec['name'], spec['version']), rest)
    if export_images:
        gen.dump(STAGING / 'images' / 'export.json', export_images)
    gen.dump(STAGING / 'models' / '{}_{}.json'.format(MODEL['name'], MODEL['version']), MODEL)
    gen.dump(STAGING / 'workspace.json', {
        'subscriptionId': gen.SUBSCRIPTION,
        'resourceGroup': gen.RESOURCE_GROUP,
        'workspaceName': gen.WORKSPACE_NAME,
        'region': gen.REGION,
        'generatedBy': 'conformance/make_rule_corpus.py with azureml-core {}'.format(gen.AZUREML_CORE_VERSION),
    })

    for dirpath, dirnames, filenames in os.walk(str(STAGING)):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    if OUT.exists():
        OUT.rename(OLD)
    STAGING.rename(OUT)
    if OLD.exists():
        shutil.rmtree(str(OLD))
    shutil.rmtree(gen.SRC_ROOT)
    print('wrote {} ({} examples, {} images, {} approximated, {} artifacts)'.format(
        OUT, len(plans), len(plans), approximated, len(gen.ArtifactSink.uploaded)))


if __name__ == '__main__':
    sys.exit(main())
