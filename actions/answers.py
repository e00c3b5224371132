"""Answers to patients' questions: one action for every question intent.

Most answers are the domain response utter_<intent>; the few that depend on clinic.yml
or on what exactly was asked are composed here. One action (rather than one rule per
question) lets a single rule answer any question in the middle of a form, too.
"""
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import WARNING_SIGN_ENTITY, sign_labels_in
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
    dispatcher.utter_message(response=response, warning_signs=sign_labels_in(emergency or asked))


COMPOSED_ANSWERS: Dict[str, Callable[[CollectingDispatcher, Tracker, ClinicSettings], None]] = {
    "ask_cost_insurance": _cost,
    "ask_location_hours": _location_hours,
    "ask_emergency_signs": _warning_signs_question,
}


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        if intent in COMPOSED_ANSWERS:
            COMPOSED_ANSWERS[intent](dispatcher, tracker, load_settings())
        elif f"utter_{intent}" in domain.get("responses", {}):
            dispatcher.utter_message(response=f"utter_{intent}")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
