"""Sends a message made mostly of words never seen in training to the fallback.

DIET can be very confident about text it has never seen anything like ("blorp fnarg qqq"
came out as a blood-thinner question at 0.97). A message in which fewer than
`min_known_ratio` of the words occur in the training data gets the `nlu_fallback` intent,
so the patient is asked to rephrase instead of getting a wrong answer. The classifier's
ranking is kept underneath, as the FallbackClassifier does.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Set

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.rule_based import set_intent

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
VOCABULARY_FILE = "vocabulary.json"


def words_of(text: str) -> List[str]:
    return WORD.findall(text.lower())


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # below this share of known words, the message goes to the fallback
            "min_known_ratio": 0.5,
            # the confidence given to the fallback intent (as FallbackClassifier's threshold)
            "fallback_confidence": 0.55,
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        for key in ("min_known_ratio", "fallback_confidence"):
            if not 0.0 <= float(config[key]) <= 1.0:
                raise ValueError(f"UnknownWordsGuard: '{key}' must be between 0 and 1")

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Set[str] | None = None) -> None:
        self.validate_config(config)
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: Set[str] = vocabulary or set()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UnknownWordsGuard:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = {word for example in training_data.intent_examples
                           for word in words_of(example.get(TEXT) or "")}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary)))
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> UnknownWordsGuard:
        with model_storage.read_from(resource) as directory:
            vocabulary = set(json.loads((directory / VOCABULARY_FILE).read_text()))
        return cls({**cls.get_default_config(), **config}, model_storage, resource, vocabulary)

    def known_ratio(self, text: str) -> float:
        words = words_of(text)
        return sum(word in self.vocabulary for word in words) / len(words) if words else 1.0

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or self.known_ratio(text) >= self.config["min_known_ratio"]:
                continue
            set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, self.config["fallback_confidence"])
        return messages
