"""Which answers need code, and which a plain response gives: the one place that decides.

Most questions are answered by their plain response utter_<intent>, sent by a rule: no action
server involved, so they are answered even when it is down. A message needs the answer action
(actions/answers.py) when it asks several questions (one reply answering each, in order), or
says "acupuncture" while asking about needling (a line on what we offer comes first).
ComposedAnswerMarker (components/) marks such messages for the rules with this module.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Sequence, Tuple

# Patients say "acupuncture" for any needling: the answer then says in a line what we offer,
# except where the question is that difference itself, or is not about needling.
NO_ACUPUNCTURE_NOTE = frozenset({"ask_dry_needling_vs_acupuncture", "ask_location_hours", "ask_emergency_signs",
                                 "ask_what_is_sciatica", "ask_sciatica_symptoms"})
QUESTION_PREFIX = "ask_"
# intents named ask_* that are not questions about the treatment: "what can you do?"
NOT_QUESTIONS = frozenset({"ask_help", "ask_why"})
# intents whose rules start a form (the checklist, booking): questions asked beside one are
# answered first ("could it help my mum, and how many sessions would she need?"), then the form runs
FORM_STARTING_INTENTS = frozenset({"check_eligibility", "book_appointment"})


# A long story the classifier could not place gets thanks and a way forward, not "Sorry, I
# didn't quite get that": someone who has just told us months of sciatica should not be asked
# to put it another way. Real stories the fallback caught ran to 40-150 words; 25 leaves out
# the short messages a rephrase suits.
FALLBACK_INTENT = "nlu_fallback"
STORY_MIN_WORDS = 25


def untold_story(intent: str | None, text: str | None) -> bool:
    """A message nothing understood that is long enough to be someone's story."""
    return intent == FALLBACK_INTENT and len((text or "").split()) >= STORY_MIN_WORDS


def is_question(intent: str | None) -> bool:
    return bool(intent) and intent.startswith(QUESTION_PREFIX) and intent not in NOT_QUESTIONS


def asked_questions(intent: str, question_entities: Iterable[str]) -> List[str]:
    """The questions of a message, in order: several when the classifier found several, including `intent`."""
    questions = list(dict.fromkeys(question_entities))
    return questions if len(questions) > 1 and intent in questions else [intent]


def questions_beside_form(intent: str, question_entities: Iterable[str]) -> List[str]:
    """The questions to answer before the form a checklist or booking request starts, in order."""
    if intent not in FORM_STARTING_INTENTS:
        return []
    return [question for question in asked_questions(intent, question_entities) if is_question(question)]


def mentions_acupuncture(text: str | None) -> bool:
    return "acupunct" in (text or "").lower()


# When the classifier is torn between two questions (FallbackClassifier's ambiguity case, "my
# sister is breastfeeding, could she try the needles?": pregnancy 0.47, is it right for her 0.43),
# both get a short answer in one reply instead of "Sorry, I didn't quite get that". Only when the
# two hold most of the probability between them: a spread-out ranking is no choice of two.
TORN_MIN_SHARE = 0.6
# The checklist request may be one of the two (it asks for consent first); a booking may not: a
# patient asking what to do before the visit they have booked is not starting a new booking.
TORN_FORM_INTENTS = frozenset({"check_eligibility"})


def torn_between(ranking: Sequence[Tuple[str, float]], min_share: float = TORN_MIN_SHARE) -> List[str]:
    """The two questions to answer when the top two of `ranking` (intent, confidence; most likely
    first, the fallback intent left out) are both questions and share at least `min_share`; the
    checklist request first, as a question asked beside one is answered before it starts. [] when not."""
    if len(ranking) < 2:
        return []
    (first, first_confidence), (second, second_confidence) = ranking[0], ranking[1]
    if first_confidence + second_confidence < min_share:
        return []
    pair = [first, second]
    if not all(is_question(intent) or intent in TORN_FORM_INTENTS for intent in pair):
        return []
    return sorted(pair, key=lambda intent: intent not in FORM_STARTING_INTENTS)


def needs_acupuncture_note(text: str | None, questions: Sequence[str]) -> bool:
    return mentions_acupuncture(text) and any(is_question(q) and q not in NO_ACUPUNCTURE_NOTE for q in questions)


def needs_composed_answer(intent: str, question_entities: Iterable[str], text: str | None) -> bool:
    """Whether a message needs the answer action rather than a question's plain response: several
    questions, the acupuncture note, or questions asked beside a checklist or booking request."""
    if questions_beside_form(intent, question_entities):
        return True
    if not is_question(intent):
        return False
    questions = asked_questions(intent, question_entities)
    return len(questions) > 1 or needs_acupuncture_note(text, questions)


# An answer's closing offer ("Would you like to know what it feels like?") goes with its buttons.
# An answer sent without them (not the last of several, or before the checklist starts) drops it:
# otherwise the reply asks a question nobody can answer with the buttons shown.
_CLOSING_OFFER = re.compile(r"(?<=[.!?])\s+(?:Would you like|Want|Curious)\b[^\n]*$")


def without_closing_offer(text: str) -> str:
    return _CLOSING_OFFER.sub("", text)


def button_intent(button: Dict[str, Any]) -> str | None:
    payload = str(button.get("payload") or "")
    return (payload[1:].split("{")[0] or None) if payload.startswith("/") else None


def offered_step(events: List[Dict[str, Any]]) -> str | None:
    """The next step the answer before the latest message offered: its first button.

    `events` as Rasa serialises a tracker's events. Only when the message before the latest
    asked a question, whether a plain response or the answer action answered it; the answer's
    buttons are on the last bot message that has any.
    """
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if len(users) < 2:
        return None
    asked, latest = users[-2], users[-1]
    if not is_question(((events[asked].get("parse_data") or {}).get("intent") or {}).get("name")):
        return None
    for event in reversed(events[asked:latest]):
        buttons = (event.get("data") or {}).get("buttons") if event.get("event") == "bot" else None
        if buttons:
            return button_intent(buttons[0])
    return None
