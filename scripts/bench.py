"""Benchmark: NLU pipelines side by side, trained on the same data in the same run.

  a  this pipeline (config.yml as is)
  b  this pipeline without the pretrained encoder (PatientIntentClassifier, embedding_weight: 0)
  c  the previous pipeline: spaCy lookup lemmas, count features, DIET, then our rule components
  d  Rasa's default pipeline (what the recipe fills in when `pipeline:` is empty, as `rasa init` leaves it)

Each is trained with `rasa train nlu --nlu data/nlu --domain domain` (no training cache, under a
timeout), then loaded once in a process of its own, which parses
- tests/nlu, the held-out set: intent accuracy, macro F1, and parse latency (one message at a
  time, after warm-up);
- tests/nlu_fresh, a smaller set written blind (its writer never saw the training data or the
  held-out set, which guided data work): intent accuracy and macro F1;
- tests/nlu_real, real patients' messages (scripts/real_patients.py): the share answered on
  topic, macro F1 over the single-intent messages, emergency recall and false alarms.

report_emergency examples are in data/nlu: for c and d it is just another intent the classifier
learns (c also has the rule lexicon of EmergencySignDetector); a and b learn it as their
emergency net. Progress goes to stderr; the table to stdout and bench/nlu.txt; logs, configs and
models to bench/. `--only a,b` runs some of them (a minute or two each; c and d take 10-30).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench"
RASA = Path(sys.executable).parent / "rasa"
ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONPATH": str(ROOT),
    # no training cache: every component is trained in this run and its time counted
    "RASA_MAX_CACHE_SIZE": "0",
}
WARM_UP = 5  # held-out messages parsed before latencies are taken
HEARTBEAT_SECONDS = 120
DEFAULT_TIMEOUT = 3600.0

# the pipeline `make bench-nlu` compared this one with before PatientIntentClassifier replaced DIET
PREVIOUS_PIPELINE: List[Dict[str, Any]] = [
    {"name": "SpacyNLP", "model": ".spacy/en_blank_lookup"},
    {"name": "SpacyTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer", "use_lemma": True},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 80, "number_of_transformer_layers": 1, "transformer_size": 128,
     "entity_recognition": False, "constrain_similarities": True, "random_seed": 42},
    {"name": "FallbackClassifier", "threshold": 0.55, "ambiguity_threshold": 0.1},
    {"name": "components.unknown_words_guard.UnknownWordsGuard"},
    {"name": "components.checklist_fact_extractor.ChecklistFactExtractor"},
    {"name": "components.emergency_sign_detector.EmergencySignDetector"},
]


class BenchError(Exception):
    pass


def progress(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ---- the pipelines ------------------------------------------------------------------------------------
def ours() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "config.yml").read_text())


def nlu_config(pipeline: List[Dict[str, Any]] | None) -> Dict[str, Any]:
    base = ours()
    return {"recipe": base["recipe"], "language": base["language"], "assistant_id": base["assistant_id"],
            "pipeline": pipeline}


def without_encoder() -> Dict[str, Any]:
    pipeline = [dict(component) for component in ours()["pipeline"]]
    classifiers = [c for c in pipeline if c["name"].endswith("PatientIntentClassifier")]
    if not classifiers:
        raise BenchError("config.yml has no PatientIntentClassifier")
    for component in classifiers:
        component["embedding_weight"] = 0
    return nlu_config(pipeline)


@dataclass(frozen=True)
class Pipeline:
    label: str
    config: Callable[[], Dict[str, Any]] | None  # None: config.yml as is

    def config_file(self, key: str) -> Path:
        if self.config is None:
            return ROOT / "config.yml"
        path = OUT / "configs" / f"{key}.yml"
        path.write_text(yaml.safe_dump(self.config(), sort_keys=False))
        return path


PIPELINES: Dict[str, Pipeline] = {
    "a": Pipeline("this pipeline", None),
    "b": Pipeline("without encoder", without_encoder),
    "c": Pipeline("previous (DIET)", lambda: nlu_config(PREVIOUS_PIPELINE)),
    # an empty pipeline: the recipe fills in its default one (and writes it into the file, commented)
    "d": Pipeline("rasa default", lambda: nlu_config(None)),
}


# ---- subprocesses -------------------------------------------------------------------------------------
def last_line(log: Path) -> str:
    """The log's last line, progress bars included (they end in carriage returns)."""
    with open(log, "rb") as handle:
        handle.seek(max(0, log.stat().st_size - 4096))
        tail = handle.read().decode("utf-8", "replace")
    lines = [line.strip() for line in tail.replace("\r", "\n").splitlines() if line.strip()]
    return lines[-1][:100] if lines else ""


def run(command: Sequence[str], log: Path, timeout: float, what: str) -> float:
    """Runs `command` (output to `log`), killed after `timeout` seconds; returns its wall time."""
    started = time.perf_counter()
    with open(log, "w") as handle:
        # a session of its own, so that it and anything it starts can be stopped together
        process = subprocess.Popen(list(command), cwd=ROOT, env=ENV, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            while True:
                elapsed = time.perf_counter() - started
                try:
                    code = process.wait(timeout=min(HEARTBEAT_SECONDS, max(1.0, timeout - elapsed)))
                    break
                except subprocess.TimeoutExpired:
                    elapsed = time.perf_counter() - started
                    if elapsed >= timeout:
                        raise BenchError(f"{what} timed out after {timeout:.0f} s (log: {log})") from None
                    progress(f"    {what}: {elapsed / 60:.0f} min ... {last_line(log)}")
        finally:  # timed out, or the benchmark itself interrupted
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    if code != 0:
        raise BenchError(f"{what} failed with exit status {code} (log: {log})")
    return time.perf_counter() - started


def train(key: str, config: Path, timeout: float) -> tuple[Path, float]:
    seconds = run([str(RASA), "train", "nlu", "--nlu", "data/nlu", "--config", str(config), "--domain", "domain",
                   "--fixed-model-name", key, "--out", str(OUT / "models")],
                  OUT / "logs" / f"{key}-train.log", timeout, "training")
    return OUT / "models" / f"{key}.tar.gz", seconds


def evaluate_apart(key: str, model: Path, timeout: float) -> Dict[str, Any]:
    results = OUT / "models" / f"{key}.json"
    results.unlink(missing_ok=True)
    run([sys.executable, str(Path(__file__).resolve()), "--evaluate", str(model), "--results", str(results)],
        OUT / "logs" / f"{key}-evaluate.log", timeout, "evaluation")
    return json.loads(results.read_text())


# ---- evaluation, in a process of its own per model ---------------------------------------------------
def intent_scores(expected: Sequence[str], predicted: Sequence[str]) -> Dict[str, Any]:
    """Accuracy, and macro F1 over the expected intents (as `rasa test nlu` reports it)."""
    from sklearn.metrics import f1_score

    correct = sum(e == p for e, p in zip(expected, predicted, strict=True))
    return {"n": len(expected), "accuracy": correct / len(expected) if expected else 0.0,
            "macro_f1": float(f1_score(expected, predicted, labels=sorted(set(expected)), average="macro",
                                       zero_division=0))}


def test_examples(folder: Path) -> List[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [(example.get("text"), example.get("intent")) for example in load_data(str(folder)).intent_examples]


def evaluate(model: Path) -> Dict[str, Any]:
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from scripts.real_patients import load_messages, rasa_parser, report, score

    # as the rasa command line does; unconfigured, structlog writes a debug line per parse
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    parse = rasa_parser(str(model))
    held_out = test_examples(ROOT / "tests" / "nlu")
    for text, _ in held_out[:WARM_UP]:
        parse(text)
    predicted, latencies = [], []
    for text, _ in held_out:
        started = time.perf_counter()
        intent, _ = parse(text)
        latencies.append((time.perf_counter() - started) * 1000)
        predicted.append(intent)
    fresh = test_examples(ROOT / "tests" / "nlu_fresh")

    messages = load_messages()
    real_intents: List[str] = []

    def recording(text: str) -> tuple[str, List[str]]:
        intent, questions = parse(text)
        real_intents.append(intent)
        return intent, questions

    scores = score(messages, recording)
    single = [(m.expected[0], intent) for m, intent in zip(messages, real_intents, strict=True)
              if len(m.expected) == 1]
    return {
        "held_out": intent_scores([intent for _, intent in held_out], predicted),
        "fresh": intent_scores([intent for _, intent in fresh], [parse(text)[0] for text, _ in fresh]),
        "real": {**intent_scores([e for e, _ in single], [p for _, p in single]), "total": scores.total,
                 "on_topic": scores.accuracy, "recall": scores.recall, "false_alarms": scores.false_alarm_rate,
                 "emergencies": scores.emergencies, "ordinary": scores.ordinary,
                 "report": report(scores, show_misses=False)},
        "latency_ms": {"mean": statistics.mean(latencies), "p95": statistics.quantiles(latencies, n=20)[-1]},
    }


# ---- the table ------------------------------------------------------------------------------------------
COLUMNS = [  # header, width, value from the results
    ("held acc", 8, lambda r: r["held_out"]["accuracy"]),
    ("held F1", 7, lambda r: r["held_out"]["macro_f1"]),
    ("fresh acc", 9, lambda r: r["fresh"]["accuracy"]),
    ("fresh F1", 8, lambda r: r["fresh"]["macro_f1"]),
    ("real on-topic", 13, lambda r: r["real"]["on_topic"]),
    ("real F1", 7, lambda r: r["real"]["macro_f1"]),
    ("emerg recall", 12, lambda r: r["real"]["recall"]),
    ("false alarms", 12, lambda r: r["real"]["false_alarms"]),
]
NAME_WIDTH = 20


def table(rows: List[tuple[str, Dict[str, Any] | str]]) -> str:
    header = (f"{'pipeline':<{NAME_WIDTH}}" + "".join(f" {title:>{width}}" for title, width, _ in COLUMNS)
              + f" {'train s':>7} {'parse ms':>8} {'p95':>6}")
    lines = [header, "-" * len(header)]
    for key, results in rows:
        name = f"{key} {PIPELINES[key].label}"
        if isinstance(results, str):
            lines.append(f"{name:<{NAME_WIDTH}} {results}")
            continue
        lines.append(f"{name:<{NAME_WIDTH}}" + "".join(f" {value(results):>{width}.3f}" for _, width, value in COLUMNS)
                     + f" {results['train_seconds']:>7.0f} {results['latency_ms']['mean']:>8.1f}"
                     f" {results['latency_ms']['p95']:>6.1f}")
    done = [(key, results) for key, results in rows if not isinstance(results, str)]
    if done:
        first = done[0][1]
        lines += [
            "",
            f"held = tests/nlu, held-out ({first['held_out']['n']} messages); fresh = tests/nlu_fresh, written blind "
            f"({first['fresh']['n']}); real = tests/nlu_real, real patients ({first['real']['total']}: macro F1 over "
            f"the {first['real']['n']} single-intent ones, emergency recall over {first['real']['emergencies']} "
            f"accounts, false alarms over {first['real']['ordinary']} ordinary stories)",
            "train s: wall time of `rasa train nlu` on data/nlu, Rasa's start-up included, no training cache; "
            f"parse ms: mean and p95 over the held-out messages, one at a time, after warm-up; {os.cpu_count()} cores",
            "c, d: report_emergency is one more intent their classifier learns (c also has the rule lexicon)",
        ]
        if any(key == "b" for key, _ in done):
            lines.append("b: the encoder still runs (its features weighted 0), so its time and latency are not "
                         "those of a pipeline without one")
        for key, results in done:
            lines += ["", f"{key} {PIPELINES[key].label}: {results['real']['report']}"]
    return "\n".join(lines)


# ---- main -----------------------------------------------------------------------------------------------
def selection(value: str) -> List[str]:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    unknown = [key for key in keys if key not in PIPELINES]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(f"choose from {','.join(PIPELINES)}, e.g. --only a,b")
    return keys


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=selection, default=list(PIPELINES), help="e.g. a,b (default: all)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds for training, and again for evaluating, each pipeline")
    parser.add_argument("--evaluate", type=Path, help=argparse.SUPPRESS)  # a trained model, in this process
    parser.add_argument("--results", type=Path, help=argparse.SUPPRESS)  # where --evaluate writes its JSON
    args = parser.parse_args(argv)
    if args.evaluate:
        args.results.write_text(json.dumps(evaluate(args.evaluate)))
        return 0

    # `kill` stops the training under way too (see run)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    for folder in ("configs", "logs", "models"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
    rows: List[tuple[str, Dict[str, Any] | str]] = []
    for key in args.only:
        pipeline = PIPELINES[key]
        try:
            config = pipeline.config_file(key)
            progress(f"[{key}] {pipeline.label}: training ({config.relative_to(ROOT)}, timeout {args.timeout:.0f} s)")
            model, seconds = train(key, config, args.timeout)
            progress(f"[{key}] trained in {seconds:.0f} s; evaluating")
            results = {**evaluate_apart(key, model, args.timeout), "train_seconds": seconds}
            progress(f"[{key}] held-out accuracy {results['held_out']['accuracy']:.3f}, "
                     f"real on-topic {results['real']['on_topic']:.3f}")
            rows.append((key, results))
        except BenchError as error:
            progress(f"[{key}] {error}")
            rows.append((key, f"FAILED: {error}"))
    text = table(rows)
    print(text)
    (OUT / "nlu.txt").write_text(text + "\n")
    return 1 if any(isinstance(results, str) for _, results in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
