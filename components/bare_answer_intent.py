"""Gives a reply that is only a yes, no or "not sure" the intent affirm, deny or not_sure.

The checklist asks yes / no questions, and on a phone the answers come as "y", "noo", "nope.",
"yess", "nah thanks". The classifier, trained on sentences, gave several of them the fallback,
whose apology then undid the answer the form had just taken ("Sorry, I didn't quite get that",
and the question skipped). A reply that is nothing but an answer (clinic.extraction.bare_answer)
is that answer, whatever the classifier made of it.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.checklist import NO, UNSURE, YES
from clinic.extraction import bare_answer
from components.rule_based import RuleBasedComponent, set_intent

_KEYS = {YES: "yes_intent", NO: "no_intent", UNSURE: "unsure_intent"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class BareAnswerIntent(RuleBasedComponent):
    NAMED_KEYS = tuple(_KEYS.values())

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"yes_intent": "affirm", "no_intent": "deny", "unsure_intent": "not_sure"}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            answer = None if text.startswith("/") else bare_answer(text)
            if answer:
                set_intent(message, self.config[_KEYS[answer]], 1.0)
        return messages
