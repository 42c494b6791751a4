"""Labs 11-1 and 11-2 (MNIST CNNs: 3x3 SAME convolutions, ReLU, 2x2 max pooling; Adam lr 0.001, batch 100) in PyTorch
(Debian's python3-torch): `bridge bench cnn` baseline (c).

Usage: python3 mnist_cnn_torch.py MNIST_DIR --epochs N [--lab 11-1|11-2]
Prints one line per epoch, "epoch E seconds S rss BYTES cost C" (S: training seconds since the start, data loaded
first), then "peak_rss BYTES", "blas ..." and "blas_kind ...". 11-1: conv 32, pool, conv 64, pool, a softmax layer;
11-2: conv 32, 64, 128 with pooling and dropout keeping 0.7, a 625-unit ReLU layer with dropout, then 10. PyTorch's
own NCHW layout; ceil-mode pooling (TF's SAME pooling of 7 rows gives 4). The cost is copied out every step, as the
labs fetch it.
"""
import argparse
import time

import numpy as np

from blas import blas_kind, mapped_blas  # the BLAS this process really runs on
from idx import idx  # the loader beside this file
from proc import status  # this process's RSS
import torch
import torch.nn.functional as F


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lab", default="11-1", choices=["11-1", "11-2"])
    parser.add_argument("--steps", type=int, default=550)
    args = parser.parse_args()
    deep = args.lab == "11-2"
    torch.manual_seed(777)
    x = torch.from_numpy(idx(f"{args.folder}/train-images-idx3-ubyte.gz")[5000:].reshape(-1, 1, 28, 28).astype(np.float32) / 255)
    y = torch.from_numpy(idx(f"{args.folder}/train-labels-idx1-ubyte.gz")[5000:].astype(np.int64))
    filters = [32, 64, 128] if deep else [32, 64]
    convs, channels = [], 1
    for f in filters:
        convs.append((torch.randn(f, channels, 3, 3) * 0.01).requires_grad_())
        channels = f

    def dense(k, n):
        limit = (6 / (k + n)) ** 0.5  # glorot uniform, as xavier_initializer
        return (torch.rand(k, n) * 2 * limit - limit).requires_grad_(), torch.randn(n).requires_grad_()

    layers = [dense(4 * 4 * 128, 625), dense(625, 10)] if deep else [dense(7 * 7 * 64, 10)]
    params = convs + [p for layer in layers for p in layer]
    opt = torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8)
    steps = min(args.steps, len(x) // 100)
    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(len(x))
        total = 0.0
        for i in range(steps):
            batch = order[i * 100:(i + 1) * 100]
            h = x[batch]
            for w in convs:
                h = F.max_pool2d(F.relu(F.conv2d(h, w, padding=1)), 2, 2, ceil_mode=True)
                if deep:
                    h = F.dropout(h, 0.3, training=True)
            h = h.flatten(1)
            for n, (w, b) in enumerate(layers):
                h = h @ w + b
                if n < len(layers) - 1:
                    h = F.dropout(F.relu(h), 0.3, training=True)
            loss = F.cross_entropy(h, y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() / steps
        print(f"epoch {epoch + 1} seconds {time.perf_counter() - start:.4f} rss {status('VmRSS:')} cost {total:.9f}", flush=True)
    print("peak_rss", status("VmHWM:"))
    print(f"blas {mapped_blas()}; torch threads {torch.get_num_threads()}")
    print("blas_kind", blas_kind(torch.__config__.show()))


main()
