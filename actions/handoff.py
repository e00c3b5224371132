"""A person at any time: the front desk's phone, whether it is open now, a callback offer."""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import open_now_line
from actions.slots import REQUESTED_SLOT
from clinic.settings import load_settings


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        settings = load_settings()
        dispatcher.utter_message(response="utter_human_handoff", hours_lines=settings.hours_lines())
        open_now_line(dispatcher, settings)
        dispatcher.utter_message(response="utter_offer_callback")
        # The patient wants a person: leave any form (answers already given are kept).
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
