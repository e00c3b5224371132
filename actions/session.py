"""Session end: health answers out.

A session starts with Rasa's own action_session_start, in the Rasa server: the first reply of a
conversation never waits for, or fails with, the action server. The clinic's details are slot
defaults (domain/clinic_details.yml, from clinic.yml).
"""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import CONTACT, NAME, clear_request
from actions.slots import BOOKING_FORM, CALLBACK_FORM, SCREENING_DONE, SCREENING_OUTCOME, clear_health_answers

REQUEST_FORMS = (BOOKING_FORM, CALLBACK_FORM)


class ActionEndConversation(Action):
    """Says goodbye and forgets the health answers of this conversation, and a request not yet sent
    (saying so, when the patient had begun one).

    In the middle of a form, the rules stop the form after it (action_deactivate_loop).
    """

    def name(self) -> str:
        return "action_end_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        in_request = (tracker.active_loop or {}).get("name") in REQUEST_FORMS
        if in_request and (tracker.get_slot(NAME) or tracker.get_slot(CONTACT)):
            # "thanks bye" at "Shall I send it?": the patient may think it went
            dispatcher.utter_message(response="utter_request_not_sent")
        dispatcher.utter_message(response="utter_goodbye")
        return clear_health_answers() + clear_request() + [
            SlotSet(SCREENING_OUTCOME, None), SlotSet(SCREENING_DONE, False)]
