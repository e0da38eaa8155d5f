"""PyTorch float64 ground truth for the wide specs (issue 8), as ../shared/bench/make_fixtures.py
writes it for the five LeNet variants, for networks too big to store whole.

usage (from the repository root, with lenetc built (or $LENETC naming it) and `pip install torch numpy safetensors`):
    python3 Tests/Fixtures/wide/make_fixtures.py ../shared/datasets/mnist

For each Tests/Fixtures/wide/*.yaml: the network built from `lenetc check --format json` (as
Benchmarks/torch_spec.py builds it), parameters from an integer formula both sides compute exactly
(`parameter` below: no weights need storing), the first 26 MNIST test images (four groups of 8
lanes, the last one partial), and in float64: the logits, the mean softmax cross-entropy and the
gradient of every parameter. Tensors of at most 65,536 values are stored whole; larger gradients as
4,096 sampled positions (`grad.NAME.index`, int64) and their values (`grad.NAME.value`).
"""
import glob, json, math, os, subprocess, sys
import numpy as np
import torch
from torch import nn
from safetensors.torch import save_file

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "Benchmarks"))
from torch_spec import read_idx, sequential

COUNT, WHOLE, SAMPLES = 26, 65536, 4096


def parameter(k, shape, fan_in, fan_out, bias):
    """Tensor k (0-based, in state_dict order): element i is u/10000 · bound, rounded to float32, with
    u = ((i·2654435761 + (k+1)·40503) mod 2³²) mod 20001 − 10000 and bound √(6/(fan_in+fan_out))
    (0.1 for biases), every step exact or correctly rounded in float64 on both sides."""
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.uint64)
    q = (i * np.uint64(2654435761) + np.uint64((k + 1) * 40503)) % np.uint64(2 ** 32)
    u = (q % np.uint64(20001)).astype(np.float64) - 10000.0
    bound = 0.1 if bias else math.sqrt(6.0 / (fan_in + fan_out))
    return torch.from_numpy((u / 10000.0 * bound).astype(np.float32).reshape(shape))


def fans(shape):
    receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def main():
    data = sys.argv[1]
    X = torch.from_numpy(read_idx(f"{data}/t10k-images-idx3-ubyte")[:COUNT].astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(read_idx(f"{data}/t10k-labels-idx1-ubyte")[:COUNT].astype(np.int64))
    for path in sorted(glob.glob(os.path.join(here, "*.yaml"))):
        spec = json.loads(subprocess.run([os.environ.get("LENETC", ".build/release/lenetc"), "check", "--format", "json", path],
                                         check=True, capture_output=True, text=True).stdout)
        net = sequential(spec)
        state = net.state_dict()
        weights = {}
        for k, (name, value) in enumerate(state.items()):
            shape = list(value.shape)
            bias = name.endswith(".bias")
            fan_in, fan_out = fans(shape) if not bias else (1, 1)
            weights[name] = parameter(k, shape, fan_in, fan_out, bias)
        net.load_state_dict(weights)
        net = net.double()
        logits = net(X.double())
        loss = nn.functional.cross_entropy(logits, y)
        loss.backward()
        tensors = {"input": X.contiguous(), "labels": y, "logits": logits.detach().float().contiguous(),
                   "loss": loss.detach().float().reshape(1)}
        rng = np.random.default_rng(0)
        for name, p in net.named_parameters():
            g = p.grad.reshape(-1)
            if g.numel() <= WHOLE:
                tensors["grad." + name] = p.grad.float().contiguous()
            else:
                index = np.sort(rng.choice(g.numel(), SAMPLES, replace=False))
                tensors[f"grad.{name}.index"] = torch.from_numpy(index.astype(np.int64))
                tensors[f"grad.{name}.value"] = g[torch.from_numpy(index)].float().contiguous()
        out = path[:-len(".yaml")] + ".safetensors"
        save_file(tensors, out, metadata={"spec": os.path.basename(path), "loss": repr(float(loss.detach()))})
        print(os.path.relpath(out), float(loss))


if __name__ == "__main__":
    main()
