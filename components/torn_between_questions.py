"""Answers both questions when the classifier cannot choose between two, instead of apologising.

Placed right after the FallbackClassifier. When it gave `nlu_fallback` because the two most likely
intents were too close to call, and both are questions (clinic.answer_plan.torn_between), the
message gets the first as its intent and one `question_intent` entity per question, as a message
asking two questions would: the answer action then answers each in one reply. Components after it
(UnknownWordsGuard, the emergency detector) can still override.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import TORN_MIN_SHARE, torn_between
from components.rule_based import RuleBasedComponent, set_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TornBetweenQuestions(RuleBasedComponent):
    NAMED_KEYS = ("question_entity",)

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the entities naming each question of a message (as PatientIntentClassifier's)
            "question_entity": "question_intent",
            # the two likeliest intents must hold at least this much probability between them
            "min_share": TORN_MIN_SHARE,
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        super().validate_config(config)
        if not 0.0 < float(config["min_share"]) <= 1.0:
            raise ValueError("TornBetweenQuestions: 'min_share' must be above 0 and at most 1")

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME:
                continue
            ranking = [(entry["name"], float(entry["confidence"])) for entry in message.get(INTENT_RANKING_KEY, [])
                       if entry.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME]
            questions = torn_between(ranking, float(self.config["min_share"]))
            if not questions:
                continue
            confidence = dict(ranking)
            # the fallback's own entry goes: it was overruled
            message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": value} for name, value in ranking],
                        add_to_output=True)
            set_intent(message, questions[0], confidence[questions[0]])
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *(
                {"entity": self.config["question_entity"], "value": name, "start": 0,
                 "end": len(message.get(TEXT) or ""), "confidence_entity": confidence[name],
                 "extractor": type(self).__name__}
                for name in questions)], add_to_output=True)
        return messages
