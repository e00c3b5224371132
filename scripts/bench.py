"""Benchmark: this NLU pipeline next to Rasa's default (the config `rasa init` writes).

Both are trained on data/nlu in this run and evaluated on the held-out set tests/nlu and on
tests/nlu_fresh, a smaller set written blind (its writer never saw the training data or the
held-out set, which guided data work). Prints intent accuracy, macro F1, training time and
parse latency side by side.
"""
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import rasa
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench"
RASA = Path(sys.executable).parent / "rasa"
PIPELINES = {
    "this pipeline": ROOT / "config.yml",
    "rasa init default": Path(rasa.__file__).parent / "cli" / "initial_project" / "config.yml",
}
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT)}


def run(command, log: Path) -> float:
    started = time.perf_counter()
    with open(log, "w") as handle:
        subprocess.run(command, cwd=ROOT, env=ENV, stdout=handle, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - started


def held_out_texts():
    texts = []
    for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            texts += [line[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    return texts


async def parse_latencies_ms(model: Path, texts):
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    await agent.parse_message("warm up")
    latencies = []
    for text in texts:
        started = time.perf_counter()
        await agent.parse_message(text)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> int:
    OUT.mkdir(exist_ok=True)
    texts = held_out_texts()
    rows = []
    for name, config in PIPELINES.items():
        folder = OUT / name.replace(" ", "_")
        folder.mkdir(exist_ok=True)
        print(f"training '{name}' ({config}) ...", flush=True)
        train_seconds = run([str(RASA), "train", "nlu", "--config", str(config), "--nlu", "data/nlu",
                             "--out", str(folder), "--fixed-model-name", "nlu"], folder / "train.log")
        model = folder / "nlu.tar.gz"
        reports = {}
        for test_set in ("nlu", "nlu_fresh"):
            out = folder / f"results_{test_set}"
            run([str(RASA), "test", "nlu", "--nlu", f"tests/{test_set}", "--model", str(model), "--out", str(out)],
                folder / f"test_{test_set}.log")
            reports[test_set] = json.loads((out / "intent_report.json").read_text())
        latencies = asyncio.run(parse_latencies_ms(model, texts))
        rows.append((name, reports["nlu"]["accuracy"], reports["nlu"]["macro avg"]["f1-score"],
                     reports["nlu_fresh"]["accuracy"], reports["nlu_fresh"]["macro avg"]["f1-score"], train_seconds,
                     statistics.mean(latencies), statistics.quantiles(latencies, n=20)[-1]))
    print(f"\nheld-out set: {len(texts)} messages in tests/nlu; training data: data/nlu; {os.cpu_count()} cores")
    header = (f"{'pipeline':<20} {'held-out acc':>12} {'macro F1':>9} {'fresh acc':>10} {'macro F1':>9} "
              f"{'train s':>8} {'parse ms mean':>14} {'p95':>7}")
    print(header)
    print("-" * len(header))
    for name, accuracy, macro_f1, fresh_accuracy, fresh_f1, seconds, mean_ms, p95_ms in rows:
        print(f"{name:<20} {accuracy:>12.3f} {macro_f1:>9.3f} {fresh_accuracy:>10.3f} {fresh_f1:>9.3f} "
              f"{seconds:>8.0f} {mean_ms:>14.1f} {p95_ms:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
