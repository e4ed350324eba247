import numpy as np

NUMERIC_COLUMNS = 6


def build_features(rows):
    rows = np.asarray(rows, dtype=float)
    if rows.ndim != 2 or rows.shape[1] != NUMERIC_COLUMNS:
        raise ValueError("expected rows of %d numbers" % NUMERIC_COLUMNS)
    tenure = rows[:, :1]
    return np.hstack([rows, np.log1p(tenure)])
