"""PyTorch eager on any lenetc spec, for side-by-side speed runs (Benchmarks/speed.sh).

usage: lenetc check --format json SPEC > spec.json
       torch_spec.py spec.json DATA_DIR [--epochs N] [--threads 2] [--seed 0] [--batch N] [--max-batches N]

Builds the spec's nn.Sequential from `check --format json` (its layers with their settings, its input's
`normalize` as torchvision's Normalize, and its recipe: optimizer, batch), trains it on the four IDX files in DATA_DIR as d2l's train_ch6 does
(shuffled mini-batches, CrossEntropyLoss, the spec's optimizer), and prints d2l-style epoch lines and
a final JSON line with the training examples/sec. Weights: Xavier uniform, as lenetc's default.
"""
import argparse, gzip, json, os, struct, time
import numpy as np
import torch
from torch import nn


def read_idx(path):
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    ndim = struct.unpack(">I", raw[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def sequential(spec):
    modules = []
    for layer in spec["layers"]:
        kind, s = layer["kind"], layer.get("settings", {})
        cin = layer["input"][0]
        if kind == "conv":
            modules.append(nn.Conv2d(cin, s["filters"], tuple(s["kernel"]), tuple(s["stride"]), tuple(s["padding"])))
        elif kind == "maxpool":
            modules.append(nn.MaxPool2d(tuple(s["size"]), tuple(s["stride"]), tuple(s["padding"])))
        elif kind == "avgpool":
            modules.append(nn.AvgPool2d(tuple(s["size"]), tuple(s["stride"]), tuple(s["padding"]), count_include_pad=True))
        elif kind == "flatten":
            modules.append(nn.Flatten())
        elif kind == "dense":
            modules.append(nn.Linear(layer["input"][0], s["units"]))
        elif kind == "dropout":
            modules.append(nn.Dropout(s["rate"]))
        elif kind in ("relu", "sigmoid", "tanh"):
            modules.append({"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[kind]())
        else:
            raise SystemExit(f"torch_spec.py: unknown layer kind {kind!r}")
    return nn.Sequential(*modules)


def optimizer(settings, params):
    o = settings["optimizer"]
    if o["name"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"], weight_decay=o["weight_decay"],
                               nesterov=o["nesterov"])
    if o["name"] in ("adam", "adamw"):
        kind = torch.optim.Adam if o["name"] == "adam" else torch.optim.AdamW
        return kind(params, lr=o["lr"], betas=tuple(o["betas"]), eps=o["eps"], weight_decay=o["weight_decay"])
    if o["name"] == "adadelta":
        return torch.optim.Adadelta(params, lr=o["lr"], rho=o["rho"], eps=o["eps"], weight_decay=o["weight_decay"])
    if o["name"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o["alpha"], eps=o["eps"], weight_decay=o["weight_decay"],
                                   momentum=o["momentum"], centered=o["centered"])
    if o["name"] == "adagrad":
        return torch.optim.Adagrad(params, lr=o["lr"], lr_decay=o["lr_decay"], weight_decay=o["weight_decay"],
                                   initial_accumulator_value=o["initial_accumulator_value"], eps=o["eps"])
    raise SystemExit(f"torch_spec.py: unknown optimizer {o['name']!r}")


def normalized(spec, images):
    """The images (in [0, 1], as ToTensor gives them) through the spec's input normalisation, as
    torchvision's Normalize(mean, std) computes it: (x - mean) / std in float32."""
    n = spec.get("normalize")
    return images if n is None else images.sub(n["mean"]).div(n["std"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("spec")
    p.add_argument("data")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch", type=int)
    p.add_argument("--max-batches", type=int, help="stop each epoch after this many mini-batches")
    a = p.parse_args()
    spec = json.load(open(a.spec))
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = sequential(spec)
    for m in net:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    batch = a.batch or spec["train"]["batch"]
    d = a.data
    Xtr = normalized(spec, torch.from_numpy(read_idx(f"{d}/train-images-idx3-ubyte").astype(np.float32) / 255).unsqueeze(1))
    ytr = torch.from_numpy(read_idx(f"{d}/train-labels-idx1-ubyte").astype(np.int64))
    Xte = normalized(spec, torch.from_numpy(read_idx(f"{d}/t10k-images-idx3-ubyte").astype(np.float32) / 255).unsqueeze(1))
    yte = torch.from_numpy(read_idx(f"{d}/t10k-labels-idx1-ubyte").astype(np.int64))
    opt = optimizer(spec["train"], net.parameters())
    loss = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    train_time, seen = 0.0, 0
    for epoch in range(a.epochs):
        net.train()
        perm = torch.randperm(len(Xtr), generator=g)
        lsum = acc = n = 0
        t0 = time.perf_counter()
        for b, i in enumerate(range(0, len(Xtr), batch)):
            if a.max_batches is not None and b >= a.max_batches:
                break
            idx = perm[i:i + batch]
            X, y = Xtr[idx], ytr[idx]
            opt.zero_grad()
            yh = net(X)
            l = loss(yh, y)
            l.backward()
            opt.step()
            with torch.no_grad():
                lsum += l.item() * len(y)
                acc += (yh.argmax(1) == y).sum().item()
                n += len(y)
        dt = time.perf_counter() - t0
        train_time += dt
        seen += n
        net.eval()
        with torch.no_grad():
            test_acc = sum((net(Xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item()
                           for i in range(0, len(Xte), 1000)) / len(Xte)
        print(f"epoch {epoch + 1}, loss {lsum / n:.4f}, train acc {acc / n:.3f}, "
              f"test acc {test_acc:.3f}, time {dt:.1f} sec", flush=True)
    print(json.dumps(dict(spec=spec["name"], epochs=a.epochs, batch=batch, threads=a.threads,
                          loss=lsum / n, train_acc=acc / n, test_acc=test_acc,
                          examples_per_sec=seen / train_time, torch=torch.__version__)))


if __name__ == "__main__":
    main()
