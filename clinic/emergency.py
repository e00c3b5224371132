"""Emergency and see-a-doctor-soon signs in a patient's own words (checklist.md §1).

Rule-based on purpose: it must fire on the words themselves, whatever the intent
classifier thinks, and must not fire on "no numbness in my groin".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from clinic import context
from clinic.matching import ConceptMatcher, ConceptSpec

LEXICON_PATH = Path(__file__).parent / "lexicons" / "emergency_signs.yml"
EMERGENCY, SEE_DOCTOR = "emergency", "see_doctor"


@dataclass(frozen=True)
class Sign:
    id: str
    severity: str  # EMERGENCY or SEE_DOCTOR
    label: str


@dataclass(frozen=True)
class SignAssessment:
    """What a message says about warning signs. Uncertain reports count as reports."""

    reported: Tuple[Sign, ...] = ()  # the patient (or the person they ask for) has it
    asked_about: Tuple[Sign, ...] = ()  # a question about the sign, not a report

    @property
    def emergency(self) -> Tuple[Sign, ...]:
        return tuple(sign for sign in self.reported if sign.severity == EMERGENCY)

    @property
    def see_doctor(self) -> Tuple[Sign, ...]:
        return tuple(sign for sign in self.reported if sign.severity == SEE_DOCTOR)


# Idioms whose words look like a sign's: "the wee hours", "a wee bit" (Scots for small); "wiped out"
# (tired, not wiping: "still wiped out, I fell asleep at my desk" is no saddle numbness).
_IDIOMS = re.compile(r"\bwee\s+(?:hours?|bit|while|one|ones|small|little|lad|lass)\b"
                     r"|\bwiped\s+out\b", re.IGNORECASE)


# "This wasnt true- he was already ...": a dash typed onto a word is a pause all the same (the
# tokenizer reads "true-" as one word, so the "not" before it reached into the next clause).
_DASH_AFTER_WORD = re.compile(r"(?<=\w)-(?=\s)")


class EmergencySignDetector:
    def __init__(self, lexicon_path: Path = LEXICON_PATH, nlp=None):
        with open(lexicon_path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)["signs"]
        self.signs: Dict[str, Sign] = load_signs(lexicon_path)
        self.matcher = ConceptMatcher({sign_id: ConceptSpec.from_dict(spec) for sign_id, spec in raw.items()}, nlp=nlp)

    def assess(self, text: str) -> SignAssessment:
        reported: List[Sign] = []
        asked: List[Sign] = []
        for mention in self.matcher.find(_DASH_AFTER_WORD.sub(" -", _IDIOMS.sub("small", text))):
            sign = self.signs[mention.concept]
            if mention.status in (context.AFFIRMED, context.UNCERTAIN) and sign not in reported:
                reported.append(sign)
            elif mention.status == context.HYPOTHETICAL and sign not in asked:
                asked.append(sign)
        asked = [sign for sign in asked if sign not in reported]
        return SignAssessment(tuple(reported), tuple(asked))


@lru_cache(maxsize=1)
def default_detector() -> EmergencySignDetector:
    return EmergencySignDetector()


def load_signs(lexicon_path: Path = LEXICON_PATH) -> Dict[str, Sign]:
    """The signs' ids, severities and labels, without building the matcher."""
    return _load_signs(str(lexicon_path))


@lru_cache(maxsize=2)
def _load_signs(path: str) -> Dict[str, Sign]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["signs"]
    return {sign_id: Sign(sign_id, spec["severity"], spec["label"]) for sign_id, spec in raw.items()}
