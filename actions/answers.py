"""Answers to patients' questions: one action for every question intent.

Most answers are the domain response utter_<intent>; the few that depend on clinic.yml
or on what exactly was asked are composed here. One action (rather than one rule per
question) lets a single rule answer any question in the middle of a form, too.
"""
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import WARNING_SIGN_ENTITY
from actions.slots import SCREENING_DONE, WARNING_SIGN_REPORTED
from clinic.checklist import join_labels
from clinic.emergency import EMERGENCY, load_signs
from clinic.settings import ClinicSettings, load_settings


def _cost(dispatcher: CollectingDispatcher, tracker: Tracker, settings: ClinicSettings) -> None:
    notes = {
        "insurance_note": f"{settings.insurance_note} " if settings.insurance_note else "",
        "referral_note": f"{settings.referral_note} " if settings.referral_note else "",
    }
    fee_lines = settings.fee_lines()
    if fee_lines:
        dispatcher.utter_message(response="utter_cost_known", fee_lines=fee_lines, **notes)
    else:
        dispatcher.utter_message(response="utter_cost_unknown", **notes)


def open_now_line(dispatcher: CollectingDispatcher, settings: ClinicSettings) -> None:
    dispatcher.utter_message(response="utter_open_now" if settings.is_open() else "utter_closed_now")


def _location_hours(dispatcher: CollectingDispatcher, tracker: Tracker, settings: ClinicSettings) -> None:
    dispatcher.utter_message(response="utter_ask_location_hours", hours_lines=settings.hours_lines())
    open_now_line(dispatcher, settings)


def _warning_signs_question(dispatcher: CollectingDispatcher, tracker: Tracker, settings: ClinicSettings) -> None:
    """"What if I can't pee?": explain that sign; a general question gets the full list."""
    signs = load_signs()
    asked = [signs[sign_id] for sign_id in tracker.get_latest_entity_values(WARNING_SIGN_ENTITY) if sign_id in signs]
    if not asked:
        dispatcher.utter_message(response="utter_ask_emergency_signs")
        return
    emergency = [sign for sign in asked if sign.severity == EMERGENCY]
    response = "utter_warning_sign_explained" if emergency else "utter_see_doctor_sign_explained"
    # mid-sentence in the template ("If you ever notice new trouble passing urine ..."): lowercase
    labels = tuple(sign.label for sign in emergency or asked)
    dispatcher.utter_message(response=response, warning_signs=join_labels(labels))


COMPOSED_ANSWERS: Dict[str, Callable[[CollectingDispatcher, Tracker, ClinicSettings], None]] = {
    "ask_cost_insurance": _cost,
    "ask_location_hours": _location_hours,
    "ask_emergency_signs": _warning_signs_question,
}


OFFERED_NEXT = "offered_next"


def answer(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
    """Answers the question `intent` and remembers the next step the answer offers (its first
    button), so that a plain "yes" to "Want to know the symptoms?" gets the symptoms."""
    response = f"utter_{intent}"
    if intent in COMPOSED_ANSWERS:
        COMPOSED_ANSWERS[intent](dispatcher, tracker, load_settings())
    elif response in domain.get("responses", {}):
        dispatcher.utter_message(response=response)
    else:
        dispatcher.utter_message(response="utter_default")
    return [SlotSet(OFFERED_NEXT, first_button_intent(domain, response))]


def first_button_intent(domain: Dict[str, Any], response: str) -> str | None:
    variations = domain.get("responses", {}).get(response) or [{}]
    buttons = variations[0].get("buttons") or []
    payload = buttons[0].get("payload", "") if buttons else ""
    return payload[1:].split("{")[0] if payload.startswith("/") else None


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        return answer(intent, dispatcher, tracker, domain)


class ActionFollowOffer(Action):
    """"Yes" right after an answer: take the next step that answer offered."""

    def name(self) -> str:
        return "action_follow_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        offered = tracker.get_slot(OFFERED_NEXT)
        if offered in ("check_eligibility", "book_appointment"):
            return start_screening_or_booking(offered, dispatcher, tracker)
        if offered:
            return answer(offered, dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_anything_else")
        return []


def start_screening_or_booking(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Where "yes" to "shall I check it suits you?" or "book a visit?" leads: as the rules do."""
    events: List[EventType] = [SlotSet(OFFERED_NEXT, None)]
    if tracker.get_slot(WARNING_SIGN_REPORTED):
        dispatcher.utter_message(response="utter_booking_after_warning_sign")
        return events
    if tracker.get_slot(SCREENING_DONE) and intent == "book_appointment":
        dispatcher.utter_message(response="utter_booking_start")
        return events + [FollowupAction("booking_form")]
    if intent == "book_appointment":
        dispatcher.utter_message(response="utter_screening_intro")
    return events + [FollowupAction("screening_form")]
