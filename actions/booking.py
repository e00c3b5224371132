"""Booking and callback requests: the forms' validators, the summary, and sending.

A confirmed request is written to the durable outbox first (clinic/outbox.py), then
delivered to the clinic's webhook in the background (clinic/delivery.py); the patient
gets the reference code either way. Nothing is sent before the patient says yes.
"""
import logging
import re
from abc import ABC, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import COMPOSED_ANSWERS, answer
from actions.screening import answers_from
from actions.slots import CALLBACK_FORM, REQUESTED_SLOT, SCREENING_CONSENT
from clinic import contact as contact_rules
from clinic.booking_request import BOOKING, CALLBACK, build_payload, field_in_text, summary
from clinic.delivery import ensure_worker_started
from clinic.outbox import OutboxUnavailable, open_outbox
from clinic.safe_text import clean_input

NAME, CONTACT, TIME = "booking_name", "booking_contact", "booking_preferred_time"
SHARE, CONFIRMED, REFERENCE = "booking_share_answers", "booking_confirmed", "booking_reference"
REQUEST_SLOTS = (NAME, CONTACT, TIME, SHARE, CONFIRMED)
FIELD_SLOTS = {"name": NAME, "contact": CONTACT, "time": TIME}
logger = logging.getLogger(__name__)


def clear_request() -> List[EventType]:
    return [SlotSet(slot, None) for slot in REQUEST_SLOTS]


def request_payload(tracker: Tracker, kind: str) -> dict:
    screened = tracker.get_slot(SCREENING_CONSENT) is True
    return build_payload(
        kind,
        name=tracker.get_slot(NAME) or "",
        contact=tracker.get_slot(CONTACT) or "",
        preferred_time=tracker.get_slot(TIME) or "",
        answers=answers_from(tracker) if screened and kind == BOOKING else None,
        share_health_answers=bool(tracker.get_slot(SHARE)),
    )


QUESTION_START = re.compile(
    r"^\W*(what|whats|when|where|why|how|who|which|is|are|can|could|do|does|will|would|should)\b", re.I)


def answered_question_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> bool:
    """A patient's question in place of an answer ("how long is it?") is answered here, and the
    form asks its question again. A plain answer the classifier misread ("weekdays after 3")
    is not a question: it has neither a question mark nor a question word at the start."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name", "")
    looks_like_question = text.strip().endswith("?") or bool(QUESTION_START.match(text))
    is_a_question_intent = intent.startswith("ask_") or intent in COMPOSED_ANSWERS
    if not looks_like_question or not is_a_question_intent:
        return False
    answer(intent, dispatcher, tracker, domain)
    return True


class RequestFormValidation(FormValidationAction, ABC):
    """Validators shared by the booking and callback forms (name() stays abstract)."""

    @abstractmethod
    def name(self) -> str:
        ...

    def validate_booking_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[str, Any]:
        if answered_question_instead(dispatcher, tracker, domain):
            return {NAME: None}
        name = contact_rules.clean_name(str(value or ""))
        if not name:
            dispatcher.utter_message(response="utter_invalid_name")
        return {NAME: name}

    def validate_booking_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[str, Any]:
        if answered_question_instead(dispatcher, tracker, domain):
            return {CONTACT: None}
        text = str(value or "")
        suggestion = contact_rules.looks_like_email_typo(text)
        if suggestion:
            dispatcher.utter_message(response="utter_email_typo", suggestion=suggestion)
            return {CONTACT: None}
        try:
            return {CONTACT: contact_rules.parse_contact(text).value}
        except contact_rules.InvalidContact as invalid:
            response = {"phone": "utter_invalid_phone", "email": "utter_invalid_email"}.get(
                invalid.reason, "utter_invalid_contact")
            dispatcher.utter_message(response=response)
            return {CONTACT: None}

    def validate_booking_preferred_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> Dict[str, Any]:
        if answered_question_instead(dispatcher, tracker, domain):
            return {TIME: None}
        text = clean_input(str(value or ""))  # no escape sequences or bidi overrides in what the clinic gets
        if not any(character.isalnum() for character in text) or len(text) > 200:
            dispatcher.utter_message(response="utter_invalid_time")
            return {TIME: None}
        return {TIME: text}


class ValidateBookingForm(RequestFormValidation):
    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[str]:
        # Only a screened patient has checklist answers to share.
        if tracker.get_slot(SCREENING_CONSENT) is True:
            return domain_slots
        return [slot for slot in domain_slots if slot != SHARE]


class ValidateCallbackForm(RequestFormValidation):
    def name(self) -> str:
        return "validate_callback_form"


class ActionAskBookingShareAnswers(Action):
    def name(self) -> str:
        return "action_ask_booking_share_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        payload = request_payload(tracker, BOOKING)
        outcome = payload.get("screening_outcome", "").replace("_", " ")
        dispatcher.utter_message(response="utter_ask_booking_share_answers", screening_summary=outcome)
        return []


class ActionAskBookingConfirmed(Action):
    """Shows exactly what will be sent, with a way to correct one detail."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        kind = CALLBACK if (tracker.active_loop or {}).get("name") == CALLBACK_FORM else BOOKING
        dispatcher.utter_message(response="utter_ask_booking_confirmed",
                                 request_summary=summary(request_payload(tracker, kind)))
        return []


class ActionCorrectBookingDetail(Action):
    """"My number is wrong": forget that one detail so the form asks it again."""

    def name(self) -> str:
        return "action_correct_booking_detail"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        field = next(tracker.get_latest_entity_values("booking_field"), None) or field_in_text(
            tracker.latest_message.get("text", ""))
        if field not in FIELD_SLOTS:
            dispatcher.utter_message(response="utter_ask_which_field")
            return [SlotSet(CONFIRMED, None)]
        return [SlotSet(FIELD_SLOTS[field], None), SlotSet(CONFIRMED, None)]


class SubmitRequest(Action, ABC):
    """Sends a confirmed request; subclasses name the kind (abstract, so not registered itself)."""

    kind: str = BOOKING
    sent_response: str = "utter_request_sent"

    @abstractmethod
    def name(self) -> str:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        if tracker.get_slot(CONFIRMED) is not True:
            dispatcher.utter_message(response="utter_request_cancelled")
            return clear_request()
        try:
            entry = open_outbox().add(self.kind, request_payload(tracker, self.kind))  # durable first
        except OutboxUnavailable as error:
            # the kind of error only: the request itself is personal information
            logger.error("a %s request could not be stored (%s): the patient was asked to call", self.kind, error)
            dispatcher.utter_message(response="utter_request_not_saved")
            return clear_request()
        worker = ensure_worker_started()  # None without a webhook: the request waits for the front desk
        if worker:
            worker.wake()  # deliver now, in the background; retries follow the backoff schedule
        dispatcher.utter_message(response=self.sent_response, reference=entry.reference)
        return clear_request() + [SlotSet(REFERENCE, entry.reference)]


class ActionSubmitBooking(SubmitRequest):
    kind = BOOKING
    sent_response = "utter_request_sent"

    def name(self) -> str:
        return "action_submit_booking"


class ActionSubmitCallback(SubmitRequest):
    kind = CALLBACK
    sent_response = "utter_callback_sent"

    def name(self) -> str:
        return "action_submit_callback"


class ActionStopRequest(Action):
    """"Stop" / "Cancel" inside the booking or callback form: nothing is sent."""

    def name(self) -> str:
        return "action_stop_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_request_cancelled")
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] + clear_request()
