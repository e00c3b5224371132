"""Slot and form names shared by the actions."""
from typing import List

from rasa_sdk.events import EventType, SlotSet

from clinic.checklist import ITEM_IDS

SCREENING_CONSENT = "screening_consent"
SCREENING_OUTCOME = "screening_outcome"
SCREENING_DONE = "screening_done"
WARNING_SIGN_REPORTED = "warning_sign_reported"
REQUESTED_SLOT = "requested_slot"
# self | someone_else: whom the checklist's questions address (clinic/patient.py)
TREATED_PERSON = "treated_person"
# the forms of a request to the clinic (a visit, a call back)
BOOKING_FORM = "booking_form"
CALLBACK_FORM = "callback_form"
# Personal health information: cleared when it is no longer needed.
HEALTH_SLOTS = (SCREENING_CONSENT, *ITEM_IDS)


def clear_health_answers() -> List[EventType]:
    return [SlotSet(slot, None) for slot in HEALTH_SLOTS]
