"""Scores the assistant's understanding on real patients' messages (tests/nlu_real/).

Each message there was written by a real person (its source address is beside it) and says
which answer it should get: one intent, several (`intents:`, asked in one message), or the
emergency advice. The scores:
- on topic: the share of messages that get the answer they should (for several questions:
  each of them, in any order; for an emergency account: the emergency advice);
- emergency recall: the share of emergency accounts (kind: emergency) that get the advice;
- false alarms: the share of ordinary sciatica stories (kind: ordinary_story) that get it.

Used by `make test` (thresholds) and `make bench-nlu` (side by side), with any parser that maps a
text to (intent, [question intents]).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import yaml

REAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "nlu_real"
EMERGENCY_INTENT = "report_emergency"
Parse = Callable[[str], Tuple[str, List[str]]]


@dataclass(frozen=True)
class RealMessage:
    text: str
    expected: Tuple[str, ...]
    kind: str
    source: str


def load_messages(directory: Path = REAL_DIR) -> List[RealMessage]:
    messages = []
    for path in sorted(directory.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]:
            expected = tuple(entry.get("intents") or [entry["intent"]])
            messages.append(RealMessage(str(entry["text"]), expected, entry["kind"], entry["source"]))
    return messages


@dataclass
class Scores:
    total: int = 0
    on_topic: int = 0
    emergencies: int = 0
    emergencies_recognised: int = 0
    ordinary: int = 0
    false_alarms: int = 0
    misses: List[Tuple[RealMessage, str, List[str]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.on_topic / self.total if self.total else 0.0

    @property
    def recall(self) -> float:
        return self.emergencies_recognised / self.emergencies if self.emergencies else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.ordinary if self.ordinary else 0.0

    def by_expected(self) -> Dict[str, int]:
        counts: Dict[str, int] = {}
        for message, _, _ in self.misses:
            counts[message.expected[0]] = counts.get(message.expected[0], 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))


def answered(message: RealMessage, intent: str, questions: Sequence[str]) -> bool:
    if message.expected == (EMERGENCY_INTENT,):
        return intent == EMERGENCY_INTENT
    if intent == EMERGENCY_INTENT:
        return False
    given = list(questions) or [intent]
    return all(expected in given for expected in message.expected)


def score(messages: Sequence[RealMessage], parse: Parse) -> Scores:
    scores = Scores()
    for message in messages:
        intent, questions = parse(message.text)
        scores.total += 1
        if answered(message, intent, questions):
            scores.on_topic += 1
        else:
            scores.misses.append((message, intent, list(questions)))
        if message.kind == "emergency":
            scores.emergencies += 1
            scores.emergencies_recognised += intent == EMERGENCY_INTENT
        elif message.kind == "ordinary_story":
            scores.ordinary += 1
            scores.false_alarms += intent == EMERGENCY_INTENT
    return scores


def rasa_parser(model_path: str) -> Parse:
    """Parses with the trained Rasa model, its whole NLU pipeline (both emergency nets included)."""
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    loop = asyncio.new_event_loop()

    def parse(text: str) -> Tuple[str, List[str]]:
        result = loop.run_until_complete(agent.parse_message(text))
        questions = [e["value"] for e in result.get("entities", []) if e.get("entity") == "question_intent"]
        return (result.get("intent") or {}).get("name") or "", questions

    return parse


def report(scores: Scores, show_misses: bool = True) -> str:
    lines = [
        f"real patients' messages: {scores.total}",
        f"  answered on topic      {scores.accuracy:.3f} ({scores.on_topic}/{scores.total})",
        f"  emergency recall       {scores.recall:.3f} ({scores.emergencies_recognised}/{scores.emergencies})",
        f"  false alarms           {scores.false_alarm_rate:.3f} "
        f"({scores.false_alarms}/{scores.ordinary} ordinary stories)",
    ]
    if show_misses and scores.misses:
        lines.append("  misses by expected answer: " + ", ".join(f"{k} {v}" for k, v in scores.by_expected().items()))
        for message, intent, questions in scores.misses:
            got = "+".join(questions) if questions else intent
            lines.append(f"    want {'+'.join(message.expected):<45} got {got:<35} {message.text[:90]!r}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/current.tar.gz")
    parser.add_argument("--messages", type=Path, default=REAL_DIR, help="a folder of message files like tests/nlu_real")
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--max-false-alarms", type=float, default=1.0)
    args = parser.parse_args(argv)
    scores = score(load_messages(args.messages), rasa_parser(args.model))
    print(report(scores))
    failures = []
    if scores.accuracy < args.min_accuracy:
        failures.append(f"on-topic {scores.accuracy:.3f} < {args.min_accuracy}")
    if scores.recall < args.min_recall:
        failures.append(f"emergency recall {scores.recall:.3f} < {args.min_recall}")
    if scores.false_alarm_rate > args.max_false_alarms:
        failures.append(f"false alarms {scores.false_alarm_rate:.3f} > {args.max_false_alarms}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
