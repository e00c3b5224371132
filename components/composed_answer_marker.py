"""Marks a question whose answer needs code, so a rule sends it to the answer action.

Most questions get their plain response from a rule (data/rules/questions.yml), with no action
server involved. A message asking several questions ("does it hurt, and how many will I need?",
the `question_intent` entities of PatientIntentClassifier) or saying "acupuncture" in a question
about needling gets the `composed_answer` entity instead, and the rules send it to
action_answer_question (clinic/answer_plan.py decides). Placed after EmergencySignDetector,
which may still change the intent.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import needs_composed_answer
from components.rule_based import RuleBasedComponent, add_marker


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ComposedAnswerMarker(RuleBasedComponent):
    NAMED_KEYS = ("question_entity", "entity")

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the entities naming each question of a message that asks several
            "question_entity": "question_intent",
            # the entity set on messages whose answer needs the answer action
            "entity": "composed_answer",
        }

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name") or ""
            entities = message.get(ENTITIES) or []
            questions = [e.get("value") for e in entities if e.get("entity") == self.config["question_entity"]]
            if needs_composed_answer(intent, questions, message.get(TEXT)):
                add_marker(message, self.config["entity"], type(self).__name__)
        return messages
