"""Times one MNIST epoch of a PyTorch MLP + RMSprop on the CPU, for bench-epoch.ts. Prints JSON.

Same work as the JS epoch: float32 p/255 inputs, nn.Linear/ReLU layers, CrossEntropyLoss, torch.optim.RMSprop,
shuffled minibatches (torch's own permutation), on the given number of threads. Data loading is not timed.
"""
import json
import os
import sys
import time

import numpy as np
import torch

mnist_dir, layers, batch, lr, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(0)
raw = open(os.path.join(mnist_dir, "train-images-idx3-ubyte"), "rb").read()
images = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784).astype(np.float32)) / 255
labels = torch.from_numpy(np.frombuffer(open(os.path.join(mnist_dir, "train-labels-idx1-ubyte"), "rb").read(), dtype=np.uint8, offset=8).astype(np.int64))
sizes = [int(s) for s in layers.split("-")]
modules = []
for i in range(len(sizes) - 1):
    modules.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
    if i + 2 < len(sizes):
        modules.append(torch.nn.ReLU())
model = torch.nn.Sequential(*modules)
opt = torch.optim.RMSprop(model.parameters(), lr=lr)
loss_fn = torch.nn.CrossEntropyLoss()
order = torch.randperm(len(labels))
start = time.perf_counter()
for s in range(0, len(labels), batch):
    idx = order[s:s + batch]
    opt.zero_grad()
    loss_fn(model(images[idx]), labels[idx]).backward()
    opt.step()
print(json.dumps({"seconds": time.perf_counter() - start, "torch": torch.__version__, "threads": threads}))
