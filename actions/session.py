"""Session start and end: clinic details in, health answers out."""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import SCREENING_DONE, SCREENING_OUTCOME, clear_health_answers
from clinic.delivery import ensure_worker_started
from clinic.settings import load_settings

CLINIC_SLOTS = ("clinic_name", "clinic_phone", "clinic_address", "booking_link", "emergency_number")


class ActionSessionStart(Action):
    """Starts a session with the clinic's details (clinic.yml) in slots for the responses."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        ensure_worker_started()  # after a restart, requests still waiting in the outbox are retried
        values = load_settings().template_values()
        return [SessionStarted()] + [SlotSet(slot, values[slot]) for slot in CLINIC_SLOTS] + [
            ActionExecuted("action_listen")
        ]


class ActionEndConversation(Action):
    """Says goodbye and forgets the health answers of this conversation."""

    def name(self) -> str:
        return "action_end_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_goodbye")
        return clear_health_answers() + [SlotSet(SCREENING_OUTCOME, None), SlotSet(SCREENING_DONE, False)]
