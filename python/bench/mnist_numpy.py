"""MNIST softmax regression (lab 07-4's model) in NumPy float32: the `bridge bench mnist` baseline (c).

Usage: python3 mnist_numpy.py MNIST_DIR EPOCHS  -> prints "train_seconds <s>" (training only, data loaded first),
then the BLAS numpy ran on ("blas ...", "blas_kind openblas|reference|...": see blas.py).
Same work as the lab: 55000 training images, batch 100, learning rate 0.1, softmax + cross-entropy, plain GD.
"""
import sys, time
import numpy as np

from blas import report  # the BLAS this process really runs on
from idx import idx  # the loader beside this file


def main():
    folder, epochs = sys.argv[1], int(sys.argv[2])
    x = idx(f"{folder}/train-images-idx3-ubyte.gz")[5000:].reshape(-1, 784).astype(np.float32) * np.float32(1 / 255)
    labels = idx(f"{folder}/train-labels-idx1-ubyte.gz")[5000:]
    y = np.eye(10, dtype=np.float32)[labels]
    rng = np.random.RandomState(777)
    w = rng.standard_normal((784, 10)).astype(np.float32)
    b = rng.standard_normal(10).astype(np.float32)
    lr = np.float32(0.1)
    start = time.perf_counter()
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for i in range(0, len(x) - 99, 100):
            idx_ = order[i:i + 100]
            bx, by = x[idx_], y[idx_]
            z = bx @ w + b
            z -= z.max(1, keepdims=True)
            e = np.exp(z)
            h = e / e.sum(1, keepdims=True)
            g = (h - by) / np.float32(100)
            w -= lr * (bx.T @ g)
            b -= lr * g.sum(0)
    print("train_seconds", time.perf_counter() - start)
    report()


main()
