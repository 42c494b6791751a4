"""Reads the gzipped IDX files of MNIST into numpy arrays (shared by the bench baselines)."""
import gzip

import numpy as np


def idx(path):
    """The array stored in one IDX file: the header's dimension count and sizes, then uint8 data."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
