import json
import os
import sys

import numpy as np
from sklearn.externals import joblib


def _azureml_model_path(*parts):
    """Model.get_model_path in a v2 deployment (written by image2env): the one file or folder that v1 found
    in azureml-models/<name>/<version>, here under AZUREML_MODEL_DIR (AZUREML_MODEL_DIR/<name>/<version>
    when the deployment has several models)."""
    folder = os.path.join(os.environ["AZUREML_MODEL_DIR"], *parts)
    entries = sorted(os.listdir(folder))
    if len(entries) != 1:
        raise RuntimeError("%s holds %d files or folders; Model.get_model_path expects exactly one" % (folder, len(entries)))
    return os.path.join(folder, entries[0])

sys.path.append(os.path.join(os.path.dirname(os.path.realpath(__file__)), "tmp", "image2env-fixture-src",
                             "home", "alice", "shared"))
from common import parse_request, timed  # noqa: E402
from utils.features import build_features  # noqa: E402


def init():
    global model
    model_path = _azureml_model_path("churn-model", "4")
    model = joblib.load(model_path)


@timed
def run(raw_data):
    try:
        rows = parse_request(raw_data)
        features = build_features(np.array(rows))
        return json.dumps({"churn_probability": model.predict_proba(features)[:, 1].tolist()})
    except Exception as e:
        return json.dumps({"error": str(e)})
