import json

import xgboost as xgb
import os


def _azureml_model_path(*parts):
    """Model.get_model_path in a v2 deployment (written by image2env): the one file or folder that v1 found
    in azureml-models/<name>/<version>, here under AZUREML_MODEL_DIR (AZUREML_MODEL_DIR/<name>/<version>
    when the deployment has several models)."""
    folder = os.path.join(os.environ["AZUREML_MODEL_DIR"], *parts)
    entries = sorted(os.listdir(folder))
    if len(entries) != 1:
        raise RuntimeError("%s holds %d files or folders; Model.get_model_path expects exactly one" % (folder, len(entries)))
    return os.path.join(folder, entries[0])


def init():
    global booster
    booster = xgb.Booster()
    booster.load_model(_azureml_model_path())


def run(data):
    matrix = xgb.DMatrix(json.loads(data)["data"])
    return booster.predict(matrix).tolist()
