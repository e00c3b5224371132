"""Marks a long story that nothing understood, so a rule thanks the patient instead of asking
them to rephrase (clinic/answer_plan.untold_story decides). Placed after the classifiers and the
emergency detector: a story with a warning sign in it is never a fallback.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import untold_story
from components.rule_based import RuleBasedComponent, add_marker


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StoryFallbackMarker(RuleBasedComponent):
    NAMED_KEYS = ("entity",)

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"entity": "untold_story"}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if untold_story((message.get(INTENT) or {}).get("name"), message.get(TEXT)):
                add_marker(message, self.config["entity"], type(self).__name__)
        return messages
