"""Checklist answers that a patient volunteers in free text.

"I'm on Eliquis" answers the blood-thinner question before it is asked; "not pregnant"
answers the pregnancy one with "no"; "I think I might be allergic to nickel" is a "not sure".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from clinic import context
from clinic.age import age_mentions
from clinic.checklist import NO, UNSURE, YES
from clinic.matching import ConceptMatcher, ConceptSpec

LEXICON_PATH = Path(__file__).parent / "lexicons" / "checklist_terms.yml"
STATUS_ANSWER = {context.AFFIRMED: YES, context.UNCERTAIN: UNSURE, context.NEGATED: NO}
# yes beats not sure beats no: "not on warfarin but I take baby aspirin" is a yes.
ANSWER_STRENGTH = {NO: 0, UNSURE: 1, YES: 2}


@dataclass(frozen=True)
class ExtractedAnswer:
    item: str  # a checklist item id
    answer: str  # "yes", "no" or "unsure"
    start_char: int
    end_char: int
    text: str


class ChecklistExtractor:
    def __init__(self, lexicon_path: Path = LEXICON_PATH, nlp=None):
        with open(lexicon_path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)["items"]
        self.matcher = ConceptMatcher({item: ConceptSpec.from_dict(spec) for item, spec in raw.items()}, nlp=nlp)

    def find(self, text: str) -> List[ExtractedAnswer]:
        """One answer per item the text answers, with where it was said."""
        found: Dict[str, ExtractedAnswer] = {}
        for mention in self.matcher.find(text):
            answer = STATUS_ANSWER.get(mention.status)
            current = found.get(mention.concept)
            if answer and (current is None or ANSWER_STRENGTH[answer] > ANSWER_STRENGTH[current.answer]):
                found[mention.concept] = ExtractedAnswer(
                    mention.concept, answer, mention.start_char, mention.end_char, mention.text
                )
        age = under_18_answer(text)
        if age:
            found["under_18"] = ExtractedAnswer("under_18", age[0], age[1], age[2], text[age[1]:age[2]])
        return list(found.values())

    def extract(self, text: str) -> Dict[str, str]:
        """{item id: "yes" | "no" | "unsure"} for every item the text answers."""
        return {found.item: found.answer for found in self.find(text)}


def under_18_answer(text: str) -> Tuple[str, int, int] | None:
    """("yes", start, end) for a stated age under 18 (or "I'm a teenager"); ("no", ...) for an adult age.

    Only a stated age counts (clinic/age.py): "for 10 years" or "a 2 year old injury" is no age.
    """
    mentions = age_mentions(text)
    minors = [mention for mention in mentions if mention.minor]
    chosen = (minors or mentions or [None])[0]
    if chosen is None:
        return None
    return (YES if chosen.minor else NO), chosen.start, chosen.end


@lru_cache(maxsize=1)
def default_extractor() -> ChecklistExtractor:
    return ChecklistExtractor()


# A reply that starts with a plain yes, no or "not sure" answers the question just asked,
# even when it goes on to name the topic ("no, not pregnant", "nope skin's fine").
# Typed on a phone the words stretch and shrink: "noo", "nooope", "yess", "yh", "y", "n".
_UNSURE_WORDS = (r"not\s+(?:sure|certain)|unsure|maybe|possibly|perhaps|idk|dunno|"
                 r"i\s+(?:do\s*n[o']?t|dont)\s+know|no\s+idea|i\s+think\s+so|might\s+be|could\s+be")
_YES_WORDS = (r"y+e+s+|ye+p+|ye+a+h*|yeh|yh|yu+p+|ya+s*|y|sure|correct|affirmative|definitely|absolutely|"
              r"of\s+course|i\s+am|i\s+do")
_NO_WORDS = (r"n+o+|no+pe+|nop+|na+h+|naw+|nay|never|not|none|n|negative|i'?m\s+not|i\s+am\s+not|"
             r"i\s+(?:do\s*n[o']?t|dont)|nothing|definitely\s+not|absolutely\s+not|of\s+course\s+not")
# checked in this order: "not sure" before "not", "no idea" before "no"
_ANSWER_WORDS = ((UNSURE, _UNSURE_WORDS), (NO, _NO_WORDS), (YES, _YES_WORDS))
_LEADING = {answer: re.compile(rf"^\W*(?:{words})\b", re.I) for answer, words in _ANSWER_WORDS}
# ... and a reply that is nothing more ("noo", "yes!!", "nope, sorry", "y")
_POLITE_TAIL = r"(?:\W*(?:thanks|thank\s+you|thx|ty|please|pls|mate|sorry|lol|haha))?"
_BARE = {answer: re.compile(rf"^\W*(?:{words}){_POLITE_TAIL}\W*$", re.I) for answer, words in _ANSWER_WORDS}


def _first_answer(patterns: Dict[str, re.Pattern], text: str) -> str | None:
    return next((answer for answer, pattern in patterns.items() if pattern.match(text or "")), None)


def bare_answer(text: str) -> str | None:
    """"yes", "no" or "unsure" when the whole reply is only that answer; None otherwise."""
    return _first_answer(_BARE, text)


def leading_answer(text: str) -> str | None:
    """"yes", "no" or "unsure" when the reply opens with one; None otherwise."""
    return _first_answer(_LEADING, text)
