import base64
import io
import json

import pytesseract
from PIL import Image

from preprocess import binarize


def init():
    pytesseract.get_tesseract_version()


def run(request):
    image = Image.open(io.BytesIO(base64.b64decode(json.loads(request)["image"])))
    return {"text": pytesseract.image_to_string(binarize(image))}
