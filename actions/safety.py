"""The emergency rule: advice at once, any form stopped, no booking offered after it."""
from typing import Any, Dict, Iterable, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import REQUESTED_SLOT, WARNING_SIGN_REPORTED
from clinic.checklist import join_labels
from clinic.emergency import EMERGENCY, Sign, load_signs

WARNING_SIGN_ENTITY = "warning_sign"
EMERGENCY_INTENT = "report_emergency"


def sign_labels_in(signs: Iterable[Sign]) -> str:
    text = join_labels(tuple(sign.label for sign in signs))
    return text[:1].upper() + text[1:]


class ActionWarningSignAdvice(Action):
    def name(self) -> str:
        return "action_warning_sign_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        signs = load_signs()
        reported = [signs[value] for value in tracker.get_latest_entity_values(WARNING_SIGN_ENTITY) if value in signs]
        emergency = [sign for sign in reported if sign.severity == EMERGENCY]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if emergency or intent == EMERGENCY_INTENT:
            # Described sign unknown (e.g. a button): name the group of signs instead.
            dispatcher.utter_message(
                response="utter_emergency_advice",
                warning_signs=sign_labels_in(emergency) if emergency else "A sign like this",
            )
        else:
            dispatcher.utter_message(
                response="utter_see_doctor_advice",
                warning_signs=join_labels(tuple(sign.label for sign in reported)) or "what you describe",
            )
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(WARNING_SIGN_REPORTED, True)]
