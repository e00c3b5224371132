"""Gives a message that is only a phone number or an e-mail address its own intent.

The booking and callback forms ask "What's the best phone number or email to reach you?". The
classifier, trained on sentences, reads a bare "555-0199" as a request for a person and
"07700 900123" as a correction, and the rules for those intents then left the form. A message
that is only a contact detail (clinic.contact.is_bare_contact) gets `give_contact_detail`
instead: in a form, no rule interrupts it, so the form's validator reads the number or address
(and re-asks clearly when it is incomplete); outside a form the rules offer a callback.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.contact import is_bare_contact
from components.rule_based import RuleBasedComponent, set_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ContactDetailIntent(RuleBasedComponent):
    NAMED_KEYS = ("intent",)

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"intent": "give_contact_detail"}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or not is_bare_contact(text):
                continue
            set_intent(message, self.config["intent"], 1.0)
        return messages
