"""Marks a long story that nothing understood, so a rule thanks the patient instead of asking
them to rephrase (clinic/answer_plan.untold_story decides). Placed after the classifiers and the
emergency detector: a story with a warning sign in it is never a fallback.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import untold_story
from components.rule_based import RuleBasedComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StoryFallbackMarker(RuleBasedComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"entity": "untold_story"}

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        if not isinstance(config.get("entity"), str) or not config["entity"]:
            raise ValueError("StoryFallbackMarker: 'entity' must be a non-empty string")

    def __init__(self, config: Dict[str, Any]) -> None:
        self.validate_config(config)
        super().__init__(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if untold_story((message.get(INTENT) or {}).get("name"), message.get(TEXT)):
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), {
                    "entity": self.config["entity"], "value": "yes", "extractor": type(self).__name__}],
                    add_to_output=True)
        return messages
