"""Labs 10-4 and 10-5 (784-512-512-512-512-10, ReLU, Adam lr 0.001, batch 100) in PyTorch (Debian's python3-torch):
`bridge bench deep` baseline (c).

Usage: python3 mnist_deep_torch.py MNIST_DIR --epochs N [--dropout]
Prints one line per epoch, "epoch E seconds S rss BYTES cost C" (S: training seconds since the start, data loaded
first; RSS of this process after the epoch), then "peak_rss BYTES" and "blas ..." (the BLAS and OpenMP libraries
mapped into the process, torch's threads). Same work as the labs: 55000 training images, a fresh shuffle each epoch,
Xavier (glorot uniform) weights, normal biases, softmax cross-entropy through autograd, torch.optim.Adam (TF's
defaults: betas 0.9, 0.999, eps 1e-8); --dropout: dropout keeping 0.7 after each hidden layer (lab 10-5). The cost is
copied out every step, as the labs fetch it.
"""
import argparse
import re
import time

import numpy as np

from blas import blas_kind, mapped_blas  # the BLAS this process really runs on
from idx import idx  # the loader beside this file
from proc import status  # this process's RSS
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--dropout", action="store_true")
    parser.add_argument("--steps", type=int, default=550, help="steps an epoch (shorter epochs, for development)")
    args = parser.parse_args()
    torch.manual_seed(777)
    x = torch.from_numpy(idx(f"{args.folder}/train-images-idx3-ubyte.gz")[5000:].reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(idx(f"{args.folder}/train-labels-idx1-ubyte.gz")[5000:].astype(np.int64))
    widths = [784, 512, 512, 512, 512, 10]
    layers = []
    for i in range(5):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.normal_(linear.bias)
        layers.append(linear)
        if i < 4:
            layers.append(torch.nn.ReLU())
            if args.dropout:
                layers.append(torch.nn.Dropout(p=0.3))
    model = torch.nn.Sequential(*layers)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-8)
    steps = min(args.steps, len(x) // 100)
    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(len(x))
        total = 0.0
        for i in range(steps):
            batch = order[i * 100:(i + 1) * 100]
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() / steps
        print(f"epoch {epoch + 1} seconds {time.perf_counter() - start:.4f} rss {status('VmRSS:')} cost {total:.9f}", flush=True)
    print("peak_rss", status("VmHWM:"))
    blas_info = re.search(r"BLAS_INFO=([^,]*)", torch.__config__.show())
    print(f"blas {mapped_blas()}; torch threads {torch.get_num_threads()}; BLAS_INFO={blas_info.group(1) if blas_info else '?'}")
    print("blas_kind", blas_kind(torch.__config__.show()))


main()
