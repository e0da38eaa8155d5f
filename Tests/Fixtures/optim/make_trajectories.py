"""PyTorch float64 trajectories of every optimizer and schedule lenetc offers (issue 10), for the
parity test of the runtime's optimizers (Tests/LenetEngineTests/OptimizerParityTests.swift).

usage (from the repository root, with `pip install torch numpy`):
    python3 Tests/Fixtures/optim/make_trajectories.py      # writes Tests/Fixtures/optim/trajectories.json

One parameter vector of 13 values (a vector of 8 and a tail of 5, for the optimizers that run 8
lanes at a time) and 20 gradients, all float32 values drawn from a fixed numpy seed (so the float32
side starts from exactly the same numbers). For each case: the optimizer as a spec writes it
(`optimizer:` and `schedule:`, whose settings are torch.optim's own names and whose absent settings
are torch.optim's defaults: the test compiles them with lenetc's spec compiler, so lenetc's defaults
are checked too), then 20 steps of the torch optimizer in float64 on those gradients, with the
schedule stepped once an epoch of 4 steps, recording the rate and the parameters after every step.
"""
import json, os
import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
COUNT, STEPS, STEPS_PER_EPOCH = 13, 20, 4

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
              "adadelta": torch.optim.Adadelta, "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}
SCHEDULES = {"step": torch.optim.lr_scheduler.StepLR, "exponential": torch.optim.lr_scheduler.ExponentialLR,
             "multistep": torch.optim.lr_scheduler.MultiStepLR}

# (case name, optimizer, its settings, schedule or None, its settings)
CASES = [
    ("sgd", "sgd", {"lr": 0.1}, None, {}),
    ("sgd momentum, weight decay", "sgd", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, None, {}),
    ("sgd nesterov", "sgd", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "nesterov": True}, None, {}),
    ("adam defaults", "adam", {}, None, {}),
    ("adam betas, eps, weight decay", "adam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-3, "weight_decay": 0.1}, None, {}),
    ("adamw defaults", "adamw", {}, None, {}),
    ("adamw betas, weight decay", "adamw", {"lr": 0.01, "betas": [0.8, 0.99], "weight_decay": 0.1}, None, {}),
    ("adamw no weight decay", "adamw", {"lr": 0.01, "weight_decay": 0.0}, None, {}),
    ("adadelta defaults", "adadelta", {}, None, {}),
    ("adadelta rho, eps, weight decay", "adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.01}, None, {}),
    ("rmsprop defaults", "rmsprop", {}, None, {}),
    ("rmsprop alpha, eps, weight decay", "rmsprop", {"lr": 0.005, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01}, None, {}),
    ("rmsprop momentum", "rmsprop", {"momentum": 0.9}, None, {}),
    ("rmsprop centered", "rmsprop", {"centered": True}, None, {}),
    ("rmsprop centered, momentum, weight decay", "rmsprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.01}, None, {}),
    ("adagrad defaults", "adagrad", {}, None, {}),
    ("adagrad lr_decay, weight decay, initial accumulator, eps", "adagrad",
     {"lr": 0.05, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8}, None, {}),
    ("step schedule, adadelta", "adadelta", {}, "step", {"step_size": 1, "gamma": 0.7}),
    ("step schedule, sgd momentum", "sgd", {"lr": 0.1, "momentum": 0.9}, "step", {"step_size": 2, "gamma": 0.5}),
    ("exponential schedule, adam", "adam", {"lr": 0.01}, "exponential", {"gamma": 0.8}),
    ("multistep schedule, rmsprop", "rmsprop", {"momentum": 0.5}, "multistep", {"milestones": [1, 3], "gamma": 0.3}),
    ("multistep schedule, sgd, default gamma", "sgd", {"lr": 0.2}, "multistep", {"milestones": [2]}),
]


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    return repr(v)


def flow(name, settings):
    """`{name: {key: value, ...}}`, or the bare name without settings, as a spec writes it."""
    if not settings:
        return name
    return "{%s: {%s}}" % (name, ", ".join(f"{k}: {yaml_value(v)}" for k, v in settings.items()))


def main():
    rng = np.random.default_rng(2026)
    start = rng.uniform(-1, 1, COUNT).astype(np.float32)
    # Gradients of varying scale, so that the adaptive optimizers' averages move.
    scales = np.exp(rng.uniform(-2, 1, (STEPS, 1)))
    gradients = (rng.standard_normal((STEPS, COUNT)) * scales).astype(np.float32)
    cases = []
    for name, kind, settings, schedule, schedule_settings in CASES:
        p = torch.tensor(start.astype(np.float64), requires_grad=True)
        kwargs = dict(settings)
        if "betas" in kwargs:
            kwargs["betas"] = tuple(kwargs["betas"])
        opt = OPTIMIZERS[kind]([p], **kwargs)
        scheduler = SCHEDULES[schedule](opt, **schedule_settings) if schedule else None
        rates, params = [], []
        for step in range(STEPS):
            rates.append(opt.param_groups[0]["lr"])
            p.grad = torch.tensor(gradients[step].astype(np.float64))
            opt.step()
            params.append(p.detach().numpy().tolist())
            if scheduler and (step + 1) % STEPS_PER_EPOCH == 0:
                scheduler.step()
        cases.append({"name": name, "optimizer": flow(kind, settings),
                      "schedule": flow(schedule, schedule_settings) if schedule else "constant",
                      "rates": rates, "params": params})
    out = {"torch": torch.__version__, "steps_per_epoch": STEPS_PER_EPOCH, "start": start.astype(np.float64).tolist(),
           "gradients": gradients.astype(np.float64).tolist(), "cases": cases}
    path = os.path.join(here, "trajectories.json")
    # One line per vector, so the file reads (and diffs) step by step.
    def rows(vectors):
        return "[\n" + ",\n".join("    " + json.dumps(v) for v in vectors) + "]"
    parts = [f'"torch": {json.dumps(out["torch"])}', f'"steps_per_epoch": {STEPS_PER_EPOCH}',
             f'"start": {json.dumps(out["start"])}', f'"gradients": {rows(out["gradients"])}']
    entries = [f'  {{"name": {json.dumps(c["name"])}, "optimizer": {json.dumps(c["optimizer"])}, '
               f'"schedule": {json.dumps(c["schedule"])},\n   "rates": {json.dumps(c["rates"])},\n   "params": {rows(c["params"])}}}'
               for c in cases]
    with open(path, "w") as f:
        f.write("{" + ",\n".join(parts) + ',\n"cases": [\n' + ",\n".join(entries) + "]}\n")
    json.load(open(path))
    print(f"wrote {path}: {len(cases)} cases of {STEPS} steps")


if __name__ == "__main__":
    main()
