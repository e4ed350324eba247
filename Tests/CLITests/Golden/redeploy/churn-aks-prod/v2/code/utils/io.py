import csv


def read_rows(path):
    with open(path) as f:
        return [[float(v) for v in row] for row in csv.reader(f)]
