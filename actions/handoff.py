"""A person at any time: the front desk's phone, whether it is open now, a callback offer
(or, when the patient already asked to be called back, the callback request itself)."""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import open_now_line
from actions.slots import CALLBACK_FORM, REQUESTED_SLOT
from clinic.callback_request import asks_for_callback
from clinic.settings import load_settings


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        settings = load_settings()
        dispatcher.utter_message(response="utter_human_handoff", hours_lines=settings.hours_lines())
        open_now_line(dispatcher, settings)
        # The patient wants a person: leave any form (answers already given are kept).
        leave_form: List[EventType] = [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        if asks_for_callback(tracker.latest_message.get("text")):
            dispatcher.utter_message(response="utter_callback_start")
            return [*leave_form, FollowupAction(CALLBACK_FORM)]
        dispatcher.utter_message(response="utter_offer_callback")
        return leave_form
