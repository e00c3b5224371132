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
from clinic.checklist import NO, UNSURE, YES
from clinic.matching import ConceptMatcher, ConceptSpec

LEXICON_PATH = Path(__file__).parent / "lexicons" / "checklist_terms.yml"
STATUS_ANSWER = {context.AFFIRMED: YES, context.UNCERTAIN: UNSURE, context.NEGATED: NO}
# yes beats not sure beats no: "not on warfarin but I take baby aspirin" is a yes.
ANSWER_STRENGTH = {NO: 0, UNSURE: 1, YES: 2}
ADULT_AGE = 18
# "I'm 16", "16 years old", "16yo", "aged 16", "my son is 15", "she's 14"; not "16 weeks".
_AGE_PATTERNS = (
    re.compile(r"\b(\d{1,2})\s*(?:years?|yrs?|y/?o|yo)\b(?:\s*old)?", re.I),
    re.compile(r"\b(?:i'?m|i am|aged?|he'?s|she'?s|he is|she is|they'?re|they are|son is|daughter is|"
               r"kid is|child is|teen is)\s+(?:only\s+|just\s+)?(\d{1,2})\b(?!\s*(?:weeks?|wks?|months?|"
               r"days?|hours?|minutes?|mins?|%|lbs?|kg|cm|/10|out of|am|pm|:))", re.I),
)


@dataclass(frozen=True)
class ExtractedAnswer:
    item: str  # a checklist item id
    answer: str  # "yes", "no" or "unsure"
    start_char: int
    end_char: int
    text: str


_MINOR_WORDS = re.compile(r"\b(?:teenager|teen|minor|high school|grade \d{1,2}|junior high|middle school)\b", re.I)


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
    """("yes", start, end) for an age under 18 or "teenager"; ("no", ...) for an adult age."""
    ages = [match for pattern in _AGE_PATTERNS for match in pattern.finditer(text)
            if 3 <= int(match.group(1)) <= 99]
    minors = [match for match in ages if int(match.group(1)) < ADULT_AGE] + list(_MINOR_WORDS.finditer(text))
    if minors:
        return YES, minors[0].start(), minors[0].end()
    if ages:
        return NO, ages[0].start(), ages[0].end()
    return None


@lru_cache(maxsize=1)
def default_extractor() -> ChecklistExtractor:
    return ChecklistExtractor()


# A reply that starts with a plain yes, no or "not sure" answers the question just asked,
# even when it goes on to name the topic ("no, not pregnant", "nope skin's fine").
_LEADING_UNSURE = re.compile(
    r"^\W*(?:not\s+(?:sure|certain)|unsure|maybe|possibly|perhaps|idk|dunno|"
    r"i\s+(?:do\s*n[o']?t|dont)\s+know|no\s+idea|i\s+think\s+so|might\s+be|could\s+be)\b", re.I)
_LEADING_YES = re.compile(r"^\W*(?:yes|yep|yeah|yup|yea|ya|y|sure|correct|affirmative|i\s+am|i\s+do)\b", re.I)
_LEADING_NO = re.compile(r"^\W*(?:no|nope|nah|never|not|none|n|negative|i'?m\s+not|i\s+am\s+not|"
                         r"i\s+(?:do\s*n[o']?t|dont)|nothing)\b", re.I)


def leading_answer(text: str) -> str | None:
    """"yes", "no" or "unsure" when the reply opens with one; None otherwise."""
    for pattern, answer in ((_LEADING_UNSURE, UNSURE), (_LEADING_NO, NO), (_LEADING_YES, YES)):
        if pattern.match(text or ""):
            return answer
    return None
