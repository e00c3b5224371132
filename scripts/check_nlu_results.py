"""Fails when intent accuracy on the held-out NLU set is below the minimum.

Reads the intent report that `rasa test nlu` writes and prints the figures.
"""
import argparse
import json
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path, help="the --out folder of `rasa test nlu`")
    parser.add_argument("--min-accuracy", type=float, default=0.90)
    args = parser.parse_args()
    report = json.loads((args.results / "intent_report.json").read_text())
    accuracy = report["accuracy"]
    macro_f1 = report["macro avg"]["f1-score"]
    weak = sorted(
        (values["f1-score"], name)
        for name, values in report.items()
        if isinstance(values, dict) and "support" in values and name not in ("macro avg", "weighted avg", "micro avg")
    )[:5]
    print(f"held-out intent accuracy {accuracy:.3f}, macro F1 {macro_f1:.3f} "
          f"(minimum accuracy {args.min_accuracy:.2f})")
    print("weakest intents: " + ", ".join(f"{name} {f1:.2f}" for f1, name in weak))
    if accuracy < args.min_accuracy:
        print("FAILED: intent accuracy is below the minimum", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
