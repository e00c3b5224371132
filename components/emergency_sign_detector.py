"""Sets the intent when a message reports an emergency or see-a-doctor-soon sign.

Two independent nets decide: the rule lexicon here (clinic/emergency.py) and the learned net
of PatientIntentClassifier (its `learned_emergency` mark). Either one finding an emergency
gives the emergency intent. Placed after the intent classifier and the FallbackClassifier,
so the emergency answer does not depend on the classifier's confidence: a reported sign
always wins.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.emergency import EmergencySignDetector as SignDetector
from clinic.emergency import default_detector
from components.patient_intent_classifier import LEARNED_EMERGENCY
from components.rule_based import RuleBasedComponent, set_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencySignDetector(RuleBasedComponent):
    NAMED_KEYS = ("emergency_intent", "see_doctor_intent", "question_intent", "entity")

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # intent set when the patient reports an emergency sign (cauda equina signs, ...)
            "emergency_intent": "report_emergency",
            # intent set when the patient reports a see-a-doctor-soon sign (fever, a fall, ...)
            "see_doctor_intent": "report_red_flag",
            # intent set when the patient only asks about a sign ("what if I can't pee?")
            "question_intent": "ask_emergency_signs",
            # entity carrying the sign ids, reported or asked about, for the actions
            "entity": "warning_sign",
            # path of another lexicon file; None uses clinic/lexicons/emergency_signs.yml
            "lexicon": None,
        }

    def __init__(self, config: Dict[str, Any], detector: SignDetector | None = None) -> None:
        super().__init__(config)
        self.detector = detector or (SignDetector(config["lexicon"]) if config.get("lexicon") else default_detector())


    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):  # "/intent" payloads from buttons are exact already
                self._mark(message, text)
        return messages

    def _mark(self, message: Message, text: str) -> None:
        assessment = self.detector.assess(text)
        signs = assessment.reported or assessment.asked_about
        learned = message.get(LEARNED_EMERGENCY) is not None
        if not signs and not learned:
            return
        if signs:
            entity = self.config["entity"]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + [
                    {"entity": entity, "value": sign.id, "start": 0, "end": len(text), "confidence_entity": 1.0,
                     "extractor": self.__class__.__name__}
                    for sign in signs
                ],
                add_to_output=True,
            )
        if assessment.emergency or learned:
            intent = self.config["emergency_intent"]
        elif assessment.see_doctor:
            intent = self.config["see_doctor_intent"]
        else:
            intent = self.config["question_intent"]
        set_intent(message, intent, 1.0)
