def binarize(image, threshold=160):
    gray = image.convert("L")
    return gray.point(lambda p: 255 if p > threshold else 0)
