"""The training data and the held-out set: enough examples, and no test example trained on."""
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_BY_COMPONENTS = {"report_emergency", "report_red_flag", "nlu_fallback", "give_contact_detail"}


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


# ---- real patients' messages (tests/nlu_real, read through scripts/real_patients.py) ---------------
# Failures name the training file and line only, never a real patient's text.

COPY_RUN = 8  # words in a row that no training example may share with a real patient's message


def real_messages():
    import sys

    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    from real_patients import load_messages

    return [message.text for message in load_messages()]


def words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def training_lines():
    """(file:line, example text) of every example in data/nlu/*.yml."""
    found = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("- ") and not stripped.startswith("- intent:"):
                found.append((f"{path.relative_to(ROOT)}:{number}", stripped[2:].strip()))
    return found


def runs(text: str, length: int = COPY_RUN) -> set:
    tokens = words(text)
    return {tuple(tokens[i:i + length]) for i in range(len(tokens) - length + 1)}


def copied_from(messages, lines, length: int = COPY_RUN) -> list:
    real_runs = set().union(*(runs(text, length) for text in messages)) if messages else set()
    return [where for where, text in lines if runs(text, length) & real_runs]


def test_training_lines_are_the_training_examples():
    # the line-by-line reading finds exactly the examples the YAML holds
    assert sorted(text for _, text in training_lines()) == sorted(
        text.strip() for texts in TRAINING.values() for text in texts)


def test_the_copy_check_finds_a_copy():
    real = ["since the flare up i keep getting caught short on the way to the shops every day"]
    lines = [("a.yml:1", "i keep getting caught short on the way to the shops, help"),
             ("a.yml:2", "i keep getting caught short on the way"),
             ("a.yml:3", "totally different words here about dry needling and sessions today")]
    assert copied_from(real, lines) == ["a.yml:1", "a.yml:2"]
    assert copied_from(real, [("a.yml:4", "I Keep getting caught-short on the way!")]) == ["a.yml:4"]


def test_no_real_patient_message_is_a_training_example():
    real = {normalised(text) for text in real_messages()}
    assert [where for where, text in training_lines() if normalised(text) in real] == []


def test_no_training_example_copies_a_long_run_of_a_real_patient_message():
    assert copied_from(real_messages(), training_lines()) == []
