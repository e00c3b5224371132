"""The dry needling screening checklist and its outcome rule (../shared/clinical/checklist.md §2).

The order of ITEMS is the order the questions are asked: the five groups of the clinic's
article first, then the rest. The question wording lives in domain/screening.yml
(utter_ask_<item id>), the reason for asking in utter_why_<item id>.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Dict, Mapping, Tuple

YES, NO, UNSURE = "yes", "no", "unsure"
ANSWERS = (YES, NO, UNSURE)


class Outcome(str, Enum):
    """What an answer means for booking, mildest first."""

    CLEAR = "clear"  # fine to book
    TELL_PHYSIO = "tell_physio"  # fine to book, mention it at the visit
    ASK_PHYSIO = "ask_physio"  # book an assessment; the physiotherapist decides
    STOP = "stop"  # no dry needling for now; offer other treatments

    @property
    def severity(self) -> int:
        return list(Outcome).index(self)


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str  # how the outcome message names it: "you mentioned {label}"
    if_yes: Outcome

    def outcome(self, answer: str | None) -> Outcome:
        if answer == YES:
            return self.if_yes
        if answer == UNSURE:
            return Outcome.ASK_PHYSIO  # "not sure" is an answer: the physio looks at it
        return Outcome.CLEAR


ITEMS: Tuple[ChecklistItem, ...] = (
    ChecklistItem("pregnancy", "pregnancy or a possible pregnancy", Outcome.ASK_PHYSIO),
    ChecklistItem("bleeding_disorder", "a bleeding disorder", Outcome.ASK_PHYSIO),
    ChecklistItem("blood_thinners", "blood-thinning medication", Outcome.ASK_PHYSIO),
    ChecklistItem("skin_problem", "a skin infection, wound or lump where the needles would go", Outcome.STOP),
    ChecklistItem("needle_fear", "a strong fear of needles", Outcome.STOP),
    ChecklistItem("metal_allergy", "a metal allergy", Outcome.TELL_PHYSIO),
    ChecklistItem("weak_immunity", "a weakened immune system", Outcome.ASK_PHYSIO),
    ChecklistItem("diabetes_circulation", "diabetes, circulation problems or lymphoedema", Outcome.ASK_PHYSIO),
    ChecklistItem("epilepsy_fainting", "epilepsy or fainting around needles", Outcome.ASK_PHYSIO),
    ChecklistItem("implanted_device", "a pacemaker or other implanted device", Outcome.TELL_PHYSIO),
    ChecklistItem("under_18", "being under 18 (a parent or guardian must be involved)", Outcome.ASK_PHYSIO),
)
ITEMS_BY_ID: Dict[str, ChecklistItem] = {item.id: item for item in ITEMS}
ITEM_IDS: Tuple[str, ...] = tuple(ITEMS_BY_ID)


@dataclass(frozen=True)
class ScreeningResult:
    outcome: Outcome
    reasons: Tuple[ChecklistItem, ...]  # the items that led to `outcome`, in checklist order
    to_mention: Tuple[ChecklistItem, ...]  # "tell the physio" items, whatever the outcome

    @property
    def reason_labels(self) -> Tuple[str, ...]:
        return tuple(item.label for item in self.reasons)


def screening_result(answers: Mapping[str, str | None]) -> ScreeningResult:
    """The overall outcome: the most serious outcome of any answered item.

    Unanswered items count as clear: the form stops asking once an answer means "stop".
    """
    outcomes = {item: item.outcome(answers.get(item.id)) for item in ITEMS}
    overall = max(outcomes.values(), key=lambda outcome: outcome.severity)
    reasons = tuple(item for item, outcome in outcomes.items() if outcome is overall and overall is not Outcome.CLEAR)
    to_mention = tuple(item for item, outcome in outcomes.items() if outcome is Outcome.TELL_PHYSIO)
    return ScreeningResult(overall, reasons, to_mention)


def questions_to_ask(answers: Mapping[str, str | None]) -> Tuple[str, ...]:
    """Item ids still to ask, in order; none once an answer already means "stop"."""
    if any(ITEMS_BY_ID[item_id].outcome(answer) is Outcome.STOP for item_id, answer in answers.items()
           if item_id in ITEMS_BY_ID):
        return ()
    return tuple(item.id for item in ITEMS if answers.get(item.id) not in ANSWERS)


def join_labels(labels: Tuple[str, ...]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"
