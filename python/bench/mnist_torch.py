"""MNIST softmax regression (lab 07-4's model) in PyTorch (Debian's python3-torch): `bridge bench mnist` baseline (d).

Usage: python3 mnist_torch.py MNIST_DIR EPOCHS  -> prints "train_seconds <s>" (training only), then the BLAS
torch ran on ("blas ...", "blas_kind ...": see blas.py). Same work as the lab:
55000 training images, batch 100, learning rate 0.1, softmax + cross-entropy through autograd, torch.optim.SGD.
"""
import sys, time
import numpy as np

from blas import report  # the BLAS this process really runs on
from idx import idx  # the loader beside this file
import torch


def main():
    folder, epochs = sys.argv[1], int(sys.argv[2])
    torch.manual_seed(777)
    x = torch.from_numpy(idx(f"{folder}/train-images-idx3-ubyte.gz")[5000:].reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(idx(f"{folder}/train-labels-idx1-ubyte.gz")[5000:].astype(np.int64))
    w = torch.randn(784, 10, requires_grad=True)
    b = torch.randn(10, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.1)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x) - 99, 100):
            idx_ = order[i:i + 100]
            loss = torch.nn.functional.cross_entropy(x[idx_] @ w + b, y[idx_])
            opt.zero_grad()
            loss.backward()
            opt.step()
    print("train_seconds", time.perf_counter() - start)
    report(torch.__config__.show())


main()
