"""The training data and the held-out set: enough examples, and no test example trained on."""
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_BY_COMPONENTS = {"report_emergency", "report_red_flag", "nlu_fallback"}


def examples(folder: str) -> dict:
    found = defaultdict(list)
    for path in sorted((ROOT / folder).glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            found[block["intent"]] += [line.strip()[2:] for line in block["examples"].splitlines()
                                       if line.strip().startswith("- ")]
    return found


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


TRAINING, HELD_OUT = examples("data/nlu"), examples("tests/nlu")


def domain_intents() -> set:
    intents = set()
    for path in (ROOT / "domain").glob("*.yml"):
        intents |= set(yaml.safe_load(path.read_text()).get("intents") or [])
    return intents - SET_BY_COMPONENTS


@pytest.mark.parametrize("intent", sorted(domain_intents()))
def test_every_intent_has_enough_training_and_held_out_examples(intent):
    assert len(TRAINING[intent]) >= 15
    assert len(HELD_OUT[intent]) >= 8


def test_no_held_out_example_is_in_the_training_data():
    trained = {normalised(text) for texts in TRAINING.values() for text in texts}
    leaked = [text for texts in HELD_OUT.values() for text in texts if normalised(text) in trained]
    assert leaked == []


def test_no_training_example_is_labelled_with_two_intents():
    owners = defaultdict(set)
    for intent, texts in TRAINING.items():
        for text in texts:
            owners[normalised(text)].add(intent)
    assert {text: intents for text, intents in owners.items() if len(intents) > 1} == {}
