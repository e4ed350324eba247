#!/usr/bin/env bash
# Create (idempotently) the Python reference environment at .venv/ in the repo root:
# the real azureml-core (SDK v1) that fixtures/generate.py drives, plus azureml-contrib-iot
# for the real IoT image code path. Prints the venv's python path on success and nothing
# else; on failure prints pip's log to stderr and exits non-zero.
#
#   scripts/pyenv.sh       .venv/     azureml-core==1.61.0.post4 (SDK v1)
#   scripts/pyenv.sh v2    .venv-v2/  azure-ai-ml==1.35.2 (SDK v2; its pins conflict with
#                                     azureml-core's, hence a venv of its own)
#
# Needs: python3 (3.8+; fixtures are generated with CPython 3.11) with the venv module, and
# PyPI. On a fresh Debian machine without python3-venv it installs that package when run
# as root. Override the interpreter with PYTHON=/path/to/python3.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flavour="${1:-v1}"
case "$flavour" in
    v1) venv="$repo/.venv" ;;
    v2) venv="$repo/.venv-v2" ;;
    *) echo "usage: scripts/pyenv.sh [v1|v2]" >&2; exit 2 ;;
esac
stamp="$venv/.image2env-requirements.sha256"
python="${PYTHON:-python3}"

# Full pinned dependency closure of azureml-core==1.61.0.post4 (+ azureml-contrib-iot), as
# resolved from PyPI. Changing this list (or the interpreter version) rebuilds the venv.
requirements='azureml-core==1.61.0.post4
azureml-contrib-iot==1.62.0
adal==1.2.7
argcomplete==3.7.2
azure-common==1.1.28
azure-core==1.41.0
azure-graphrbac==0.61.2
azure-mgmt-authorization==4.0.0
azure-mgmt-containerregistry==14.0.0
azure-mgmt-core==1.6.0
azure-mgmt-keyvault==11.0.0
azure-mgmt-network==30.0.0
azure-mgmt-resource==24.0.0
azure-mgmt-storage==24.0.0
backports.tempfile==1.0
backports.weakref==1.0.post1
bcrypt==5.0.0
certifi==2026.10.19.post1
cffi==2.1.1
charset-normalizer==3.5.2
contextlib2==21.6.0
cryptography==46.0.7
docker==7.2.0
humanfriendly==10.0
idna==3.20
isodate==0.7.2
jeepney==0.9.0
jmespath==1.1.0
jsonpickle==4.1.4
knack==0.12.0
msal==1.39.0
msal-extensions==1.3.1
msrest==0.7.1
msrestazure==0.6.4.post1
ndg-httpsclient==0.5.1
oauthlib==4.0.1
packaging==25.0
paramiko==3.5.1
pathspec==0.12.1
pkginfo==2.0
pyasn1==0.6.5
pycparser==3.12
Pygments==2.21.0
PyJWT==2.15.1
PyNaCl==1.6.2
pyOpenSSL==26.0.0
PySocks==1.7.1
python-dateutil==2.9.0.post0
pytz==2026.6
PyYAML==6.0.4
requests==2.34.2
requests-oauthlib==2.0.0
SecretStorage==3.5.0
six==1.17.0
tabulate==0.10.0
typing_extensions==4.16.0
urllib3==2.8.0
scikit-learn==1.5.2
numpy==1.23.5
scipy==1.14.1
joblib==1.4.2
threadpoolctl==3.5.0'
imports='import azureml.core.image, azureml._model_management._util'
full_imports='import azureml.core.image, azureml._model_management._util, azureml.contrib.iot'

# Full pinned dependency closure of azure-ai-ml==1.35.2, as resolved from PyPI.
if [ "$flavour" = v2 ]; then
    requirements='azure-ai-ml==1.35.2
asgiref==3.13.0
attrs==26.1.0
azure-core==1.41.0
azure-core-tracing-opentelemetry==1.0.0b13
azure-identity==1.27.0
azure-mgmt-core==1.6.0
azure-monitor-opentelemetry==1.8.11
azure-monitor-opentelemetry-exporter==1.0.0b58
azure-storage-blob==12.31.1
azure-storage-file-datalake==12.26.1
azure-storage-file-share==12.27.1
certifi==2026.10.19.post1
cffi==2.1.1
charset-normalizer==3.5.2
colorama==0.4.6
cryptography==50.0.2
idna==3.20
isodate==0.7.2
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
marshmallow==3.26.2
msal==1.39.0
msal-extensions==1.3.1
msrest==0.7.1
oauthlib==4.0.1
opentelemetry-api==1.45.1
opentelemetry-instrumentation==0.66b1
opentelemetry-instrumentation-asgi==0.66b1
opentelemetry-instrumentation-dbapi==0.66b1
opentelemetry-instrumentation-django==0.66b1
opentelemetry-instrumentation-fastapi==0.66b1
opentelemetry-instrumentation-flask==0.66b1
opentelemetry-instrumentation-httpx==0.66b1
opentelemetry-instrumentation-logging==0.66b1
opentelemetry-instrumentation-psycopg2==0.66b1
opentelemetry-instrumentation-requests==0.66b1
opentelemetry-instrumentation-urllib==0.66b1
opentelemetry-instrumentation-urllib3==0.66b1
opentelemetry-instrumentation-wsgi==0.66b1
opentelemetry-resource-detector-azure==0.3.0
opentelemetry-sdk==1.45.1
opentelemetry-semantic-conventions==0.66b1
opentelemetry-util-http==0.66b1
packaging==26.3
psutil==7.2.2
pycparser==3.12
pydash==8.1.0
PyJWT==2.15.1
python-dateutil==4.0.0
PyYAML==6.0.4
referencing==0.37.0
requests==2.34.2
requests-oauthlib==2.0.0
rpds-py==2026.9.1
strictyaml==1.7.3
tqdm==4.70.1
typing_extensions==4.16.0
tzdata==2026.6
urllib3==2.8.0
wrapt==2.5.2'
    imports='import azure.ai.ml'
    full_imports="$imports"
fi

if ! command -v "$python" >/dev/null 2>&1; then
    echo "pyenv.sh: $python not found; install python3 (3.8 or later)" >&2
    exit 1
fi
pyver="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
want="$(printf '%s\npython %s\n' "$requirements" "$pyver" | sha256sum | cut -d' ' -f1)"

ready() {
    [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
        "$venv/bin/python" -c "$imports" >/dev/null 2>&1
}

if ready; then
    echo "$venv/bin/python"
    exit 0
fi

# Serialise concurrent runs (flock is in util-linux, present on Debian).
if command -v flock >/dev/null 2>&1 && [ -z "${IMAGE2ENV_PYENV_LOCKED:-}" ]; then
    export IMAGE2ENV_PYENV_LOCKED=1
    lock="${TMPDIR:-/tmp}/image2env-pyenv-$flavour-$(printf '%s' "$repo" | sha256sum | cut -c1-12).lock"
    exec flock "$lock" "$0" "$@"
fi
if ready; then
    echo "$venv/bin/python"
    exit 0
fi

log="$(mktemp "${TMPDIR:-/tmp}/image2env-pyenv.XXXXXX")"
trap 'rm -f "$log"' EXIT
fail() {
    echo "pyenv.sh: $1 (log follows)" >&2
    cat "$log" >&2
    exit 1
}

# Debian ships the venv module (ensurepip) separately as python3-venv.
if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } \
            >"$log" 2>&1 || fail "could not install python3-venv"
    else
        echo "pyenv.sh: $python has no venv/ensurepip module; install python3-venv" >&2
        exit 1
    fi
fi

rm -f "$stamp"
"$python" -m venv --clear "$venv" >"$log" 2>&1 || fail "python3 -m venv failed"
req_file="$venv/image2env-requirements.txt"
printf '%s\n' "$requirements" >"$req_file"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q --no-input -r "$req_file" \
    >>"$log" 2>&1 || fail "pip install failed"
"$venv/bin/python" -c "$full_imports" \
    >>"$log" 2>&1 || fail "installed packages do not import"
echo "$want" >"$stamp"
echo "$venv/bin/python"
