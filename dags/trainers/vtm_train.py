"""A trainer written for seed 004's run manager, unchanged: it prints `VTM_RUN_META::{json}` once and
`VTM_PROGRESS::{json}` after every epoch, with flush=True. MLoop reads those lines as progress and metadata because
the workflow declares `protocol: {progress: VTM_PROGRESS, meta: VTM_RUN_META}`. Standard library only: it fits a
one-feature linear model by gradient descent on a small synthetic data set."""
import argparse
import json
import random
import time

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--learning-rate", type=float, default=0.05)
parser.add_argument("--seconds-per-epoch", type=float, default=0.4)
args = parser.parse_args()

rng = random.Random(7)
xs = [rng.uniform(-1, 1) for _ in range(200)]
data = [(x, 3.0 * x + 0.5 + rng.gauss(0, 0.1)) for x in xs]
train, validation = data[:160], data[160:]

run_id = "local-%d" % int(time.time())
print("VTM_RUN_META::" + json.dumps({"mlflow_run_id": run_id, "model": "linear"}), flush=True)

weight, bias = 0.0, 0.0
for epoch in range(1, args.epochs + 1):
    for x, y in train:
        error = weight * x + bias - y
        weight -= args.learning_rate * error * x
        bias -= args.learning_rate * error
    mse = sum((weight * x + bias - y) ** 2 for x, y in validation) / len(validation)
    val_accuracy = round(max(0.0, 1.0 - mse), 4)
    print(
        "VTM_PROGRESS::" + json.dumps(
            {"epoch": epoch, "total_epochs": args.epochs, "val_accuracy": val_accuracy, "device": "cpu"}
        ),
        flush=True,
    )
    time.sleep(args.seconds_per_epoch)

print("trained: weight %.3f, bias %.3f" % (weight, bias), flush=True)
