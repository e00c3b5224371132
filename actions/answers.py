"""Answers to patients' questions that need code, and "yes" to the step an answer offered.

Most questions get their plain response utter_<intent> straight from a rule
(data/rules/questions.yml). The rules send a question here only when its answer needs code:
fees, hours and "open now" from clinic.yml, one warning sign explained, several questions in
one message (the `question_intent` entities: one answer each, in order), or the acupuncture
note (clinic/answer_plan.py decides which).
"""
from typing import Any, Callable, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import WARNING_SIGN_ENTITY
from actions.screening import restart_events
from actions.slots import BOOKING_FORM, SCREENING_DONE, WARNING_SIGN_REPORTED
from clinic.answer_plan import (
    asked_questions,
    needs_acupuncture_note,
    offered_step,
    questions_beside_form,
    without_closing_offer,
)
from clinic.checklist import join_labels
from clinic.emergency import EMERGENCY, load_signs
from clinic.settings import ClinicSettings, load_settings


class AnswerWriter:
    """Sends answers, and keeps the buttons for the last one only.

    Several questions in one message get one answer each, in order; only the last keeps its
    buttons (one set at the end of the reply), so "yes" takes the step the patient saw. The
    others also lose their closing offer ("Would you like to know ...?"), which goes with buttons.
    """

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> None:
        self.dispatcher, self.tracker, self.domain = dispatcher, tracker, domain
        self.with_buttons = True

    def send(self, response: str, **values: Any) -> None:
        if self.with_buttons:
            self.dispatcher.utter_message(response=response, **values)
        else:
            text = render_text(self.domain, response, {**self.tracker.slots, **values})
            self.dispatcher.utter_message(text=without_closing_offer(text))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _conditions_hold(variation: Dict[str, Any], values: Dict[str, Any]) -> bool:
    return all(
        condition.get("type") == "slot" and values.get(condition.get("name")) == condition.get("value")
        for condition in variation["condition"]
    )


def choose_variation(variations: List[Dict[str, Any]], values: Dict[str, Any]) -> Dict[str, Any]:
    """The variation Rasa would send: one whose slot conditions hold wins over a plain one."""
    conditional = [v for v in variations if v.get("condition") and _conditions_hold(v, values)]
    plain = [v for v in variations if not v.get("condition")]
    return (conditional or plain or [{"text": ""}])[0]


def render_text(domain: Dict[str, Any], response: str, values: Dict[str, Any]) -> str:
    """A response's text with its {placeholders} filled, without its buttons."""
    variation = choose_variation(domain.get("responses", {}).get(response) or [], values)
    filled = _Blank({key: value for key, value in values.items() if value is not None})
    return str(variation.get("text", "")).format_map(filled)


def _cost(writer: AnswerWriter, settings: ClinicSettings) -> None:
    notes = settings.note_values()
    fee_lines = settings.fee_lines()
    if fee_lines:
        writer.send("utter_cost_known", fee_lines=fee_lines, **notes)
    else:
        writer.send("utter_cost_unknown", **notes)


def open_now_response(settings: ClinicSettings) -> str:
    return "utter_open_now" if settings.is_open() else "utter_closed_now"


def open_now_line(dispatcher: CollectingDispatcher, settings: ClinicSettings) -> None:
    dispatcher.utter_message(response=open_now_response(settings))


def _location_hours(writer: AnswerWriter, settings: ClinicSettings) -> None:
    writer.send("utter_ask_location_hours", hours_lines=settings.hours_lines())
    writer.send(open_now_response(settings))


def _warning_signs_question(writer: AnswerWriter, settings: ClinicSettings) -> None:
    """"What if I can't pee?": explain that sign; a general question gets the full list."""
    signs = load_signs()
    asked = [signs[sign_id] for sign_id in writer.tracker.get_latest_entity_values(WARNING_SIGN_ENTITY)
             if sign_id in signs]
    if not asked:
        writer.send("utter_ask_emergency_signs")
        return
    emergency = [sign for sign in asked if sign.severity == EMERGENCY]
    response = "utter_warning_sign_explained" if emergency else "utter_see_doctor_sign_explained"
    # mid-sentence in the template ("If you ever notice new trouble passing urine ..."): lowercase
    labels = tuple(sign.label for sign in emergency or asked)
    writer.send(response, warning_signs=join_labels(labels))


COMPOSED_ANSWERS: Dict[str, Callable[[AnswerWriter, ClinicSettings], None]] = {
    "ask_cost_insurance": _cost,
    "ask_location_hours": _location_hours,
    "ask_emergency_signs": _warning_signs_question,
}


QUESTION_ENTITY = "question_intent"


def answer(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any],
           questions: List[str] | None = None, buttons: bool = True) -> List[EventType]:
    """Answers each question (one or several), the acupuncture note first where it is due; the
    last answer keeps its buttons unless `buttons` is False (a form's question follows)."""
    writer = AnswerWriter(dispatcher, tracker, domain)
    questions = questions or [intent]
    if needs_acupuncture_note(tracker.latest_message.get("text"), questions):
        dispatcher.utter_message(response="utter_acupuncture_note")
    for position, question in enumerate(questions):
        writer.with_buttons = buttons and position == len(questions) - 1
        answer_one(question, writer, domain)
    return []


def answer_latest(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any],
                  buttons: bool = True) -> List[EventType]:
    """Answers the questions of the latest message: those asked beside a checklist or booking request
    (without buttons: the rules start that form next, with its own), or each question it asks."""
    intent = (tracker.latest_message.get("intent") or {}).get("name", "")
    entities = list(tracker.get_latest_entity_values(QUESTION_ENTITY))
    beside_form = questions_beside_form(intent, entities)
    if beside_form:
        return answer(intent, dispatcher, tracker, domain, beside_form, buttons=False)
    return answer(intent, dispatcher, tracker, domain, asked_questions(intent, entities), buttons=buttons)


def answer_one(intent: str, writer: AnswerWriter, domain: Dict[str, Any]) -> None:
    response = f"utter_{intent}"
    if intent in COMPOSED_ANSWERS:
        COMPOSED_ANSWERS[intent](writer, load_settings())
    elif response in domain.get("responses", {}):
        writer.send(response)
    else:
        writer.send("utter_default")


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return answer_latest(dispatcher, tracker, domain)


class ActionFollowOffer(Action):
    """"Yes" right after an answer: take the next step that answer offered; else ask what else."""

    def name(self) -> str:
        return "action_follow_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        offered = offered_step(tracker.events)
        if offered in ("check_eligibility", "book_appointment"):
            return start_screening_or_booking(offered, dispatcher, tracker)
        if offered:
            return answer(offered, dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_anything_else")
        return []


def start_screening_or_booking(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Where "yes" to "shall I check it suits you?" or "book a visit?" leads: as the rules do."""
    events: List[EventType] = []
    if tracker.get_slot(WARNING_SIGN_REPORTED):
        dispatcher.utter_message(response="utter_booking_after_warning_sign")
        return events
    if tracker.get_slot(SCREENING_DONE) and intent == "book_appointment":
        dispatcher.utter_message(response="utter_booking_start")
        return events + [FollowupAction(BOOKING_FORM)]
    if intent == "book_appointment":
        dispatcher.utter_message(response="utter_screening_intro")
    restart = restart_events(tracker) if intent == "check_eligibility" else []
    return events + restart + [FollowupAction("screening_form")]
