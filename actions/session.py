"""Session start and end: waiting requests retried, health answers out."""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import clear_request
from actions.slots import SCREENING_DONE, SCREENING_OUTCOME, clear_health_answers
from clinic.delivery import ensure_worker_started


class ActionSessionStart(Action):
    """Starts a session. The clinic's details are slot defaults (domain/clinic_details.yml, from
    clinic.yml), so responses name them even when this action cannot run."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        ensure_worker_started()  # after a restart, requests still waiting in the outbox are retried
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionEndConversation(Action):
    """Says goodbye and forgets the health answers of this conversation, and a request not yet sent.

    In the middle of a form, the rules stop the form after it (action_deactivate_loop).
    """

    def name(self) -> str:
        return "action_end_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_goodbye")
        return clear_health_answers() + clear_request() + [
            SlotSet(SCREENING_OUTCOME, None), SlotSet(SCREENING_DONE, False)]
