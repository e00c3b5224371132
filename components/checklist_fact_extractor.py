"""Fills screening answers the patient volunteers in free text, as entities.

"I'm on Eliquis" becomes the entity blood_thinners="yes", which the slot of the same name
picks up, so the screening form does not ask that question again. "Can my mum try it?" becomes
treated_person="someone_else", so the questions ask about her ("Are they pregnant?"); for a dad
or a son, pregnancy="no" as well, so that question is not asked.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.extraction import ChecklistExtractor, default_extractor
from clinic.patient import who_is_treated
from components.rule_based import RuleBasedComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ChecklistFactExtractor(RuleBasedComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # path of another lexicon file; None uses clinic/lexicons/checklist_terms.yml
            "lexicon": None,
        }

    def __init__(self, config: Dict[str, Any], extractor: ChecklistExtractor | None = None) -> None:
        super().__init__(config)
        self.extractor = extractor or (
            ChecklistExtractor(config["lexicon"]) if config.get("lexicon") else default_extractor()
        )

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            found = [(answer.item, answer.answer, answer.start_char, answer.end_char)
                     for answer in self.extractor.find(text)]
            person, a_man = who_is_treated(text)
            if person:
                found.append(("treated_person", person, 0, len(text)))
            if a_man and not any(item == "pregnancy" for item, *_ in found):
                found.append(("pregnancy", "no", 0, len(text)))
            if found:
                message.set(
                    ENTITIES,
                    message.get(ENTITIES, []) + [
                        {"entity": item, "value": value, "start": start, "end": end,
                         "confidence_entity": 1.0, "extractor": self.__class__.__name__}
                        for item, value, start, end in found
                    ],
                    add_to_output=True,
                )
        return messages
