"""Fast loop for NLU work: fit the intent model without Rasa and score it on the real-patient set.

`make train` plus `make test-nlu` take about ten minutes; most of it is encoding the same training
sentences again. This fits clinic/intent_model.py directly, with sentence embeddings cached by text
in .cache/ (git-ignored), and approximates the rest of the NLU pipeline: the FallbackClassifier's
thresholds (read from config.yml) and the rule lexicon of clinic/emergency.py. Figures can differ
slightly from the trained Rasa model's; `make test-nlu` is the one that counts.

    .venv/bin/python scripts/quick_eval.py [--misses] [--say "a message to try" ...]
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from real_patients import EMERGENCY_INTENT, REAL_DIR, load_messages, report, score  # noqa: E402

from clinic.emergency import default_detector  # noqa: E402
from clinic.encoder import shared_encoder  # noqa: E402
from clinic.intent_model import IntentModel, Settings, training_pairs  # noqa: E402

CACHE = ROOT / ".cache" / "embeddings.pkl"


class CachedEncoder:
    def __init__(self) -> None:
        self.encoder = shared_encoder()
        self.cache: Dict[str, np.ndarray] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
        self.fingerprint = hashlib.sha256(str(sorted(self.cache)).encode()).hexdigest()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for start in range(0, len(missing), 64):
                batch = missing[start:start + 64]
                for text, vector in zip(batch, self.encoder.encode(batch), strict=True):
                    self.cache[text] = vector
        return np.vstack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def save(self) -> None:
        CACHE.parent.mkdir(exist_ok=True)
        CACHE.write_bytes(pickle.dumps(self.cache))


def pipeline_settings() -> Tuple[Dict, float, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    ours = next(c for c in config["pipeline"] if c["name"].endswith("PatientIntentClassifier"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    return ours, float(fallback.get("threshold", 0.3)), float(fallback.get("ambiguity_threshold", 0.1))


def load_training() -> Tuple[List[str], List[str]]:
    blocks: List[Dict] = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        content = yaml.safe_load(path.read_text()) or {}
        blocks += [b for b in content.get("nlu", []) if isinstance(b, dict)]
    return training_pairs(blocks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the messages answered off topic")
    parser.add_argument("--say", action="append", default=[], metavar="TEXT",
                        help="also print the answer and emergency probability for TEXT (repeatable)")
    parser.add_argument("--messages", type=Path, action="append", default=[], metavar="DIR",
                        help="score this folder of message files (format of tests/nlu_real) instead; repeatable")
    args = parser.parse_args(argv)
    ours, threshold, ambiguity = pipeline_settings()
    settings = Settings(**{k: v for k, v in ours.items() if k in Settings.__dataclass_fields__})
    texts, labels = load_training()
    encode = CachedEncoder()
    model = IntentModel(encode, settings).fit(texts, labels, EMERGENCY_INTENT)
    lexicon = default_detector()

    def parse(text: str) -> Tuple[str, List[str]]:
        prediction = model.predict(text)
        assessment = lexicon.assess(text)
        if assessment.emergency or prediction.emergency_span is not None:
            return EMERGENCY_INTENT, []
        if prediction.questions:
            return prediction.questions[0][0], [q for q, _ in prediction.questions]
        (first, p1), (_, p2) = prediction.ranking[0], prediction.ranking[1]
        if p1 < threshold or p1 - p2 < ambiguity:
            return "nlu_fallback", []
        if assessment.see_doctor:
            return "report_red_flag", []
        return first, []

    encode.save()
    print(f"training examples: {len(texts)}")
    for directory in args.messages or [REAL_DIR]:
        print(report(score(load_messages(directory), parse), show_misses=args.misses))
    for text in args.say:
        print(f"{parse(text)[0]:<28} emergency p={model.predict(text).emergency_probability:.2f}  {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
