"""What the project's rule-based NLU components share: nothing to train, built from config."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def require_names(component: str, config: Dict[str, Any], keys: Iterable[str]) -> None:
    """Each of `keys` must name something (an intent, an entity): a non-empty string."""
    for key in keys:
        if not isinstance(config.get(key), str) or not config[key]:
            raise ValueError(f"{component}: '{key}' must be a non-empty string")


def set_intent(message: Message, name: str, confidence: float) -> None:
    """Puts `name` on top as the message's intent; the rest of the ranking stays underneath."""
    intent = {"name": name, "confidence": confidence}
    ranking = [entry for entry in message.get(INTENT_RANKING_KEY, []) if entry.get("name") != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)


def add_marker(message: Message, entity: str, extractor: str) -> None:
    """Adds the entity `entity` = "yes", which a rule matches to choose the reply."""
    message.set(ENTITIES, [*(message.get(ENTITIES) or []),
                           {"entity": entity, "value": "yes", "extractor": extractor}], add_to_output=True)


class RuleBasedComponent(GraphComponent):
    """Base of a component that only reads lexicons: created from its config, never trained."""

    # config keys that must each name something (an intent, an entity): checked on creation
    NAMED_KEYS: Tuple[str, ...] = ()

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        require_names(cls.__name__, config, cls.NAMED_KEYS)

    def __init__(self, config: Dict[str, Any]) -> None:
        self.validate_config(config)
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleBasedComponent:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
