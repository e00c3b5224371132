"""First in the pipeline: the message as the assistant reads it (clinic/limits.py).

Cuts a message longer than clinic.limits.MAX_MESSAGE_CHARS at a word boundary and replaces
control and invisible formatting characters by spaces, for every channel, before any other
component reads it. Loading it also moves understanding off the server's event loop
(components/parse_in_thread.py), so a slow message does not hold up other conversations.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.limits import patient_text
from components import parse_in_thread
from components.rule_based import RuleBasedComponent


# Registered as an entity extractor (one that finds none) because Rasa's recipe has no type for a
# text preprocessor, and a second tokenizer is refused; ChecklistFactExtractor is registered the same way.
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PatientTextLimit(RuleBasedComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PatientTextLimit:
        parse_in_thread.install()
        return super().create(config, model_storage, resource, execution_context)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text:
                message.set(TEXT, patient_text(text))
        return messages
