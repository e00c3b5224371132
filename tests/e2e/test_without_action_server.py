"""With the action server down, the emergency advice still reaches the patient, and no reply says "None"."""
import pytest

from clinic.settings import load_settings
from tests.e2e.conftest import Patient

pytestmark = pytest.mark.e2e

EMERGENCIES = [
    "since this morning I can't feel my groin and I wet myself",  # textbook words: the lexicon
    # told as a story, no textbook words: the learned net
    "last night i stood at the loo for ages and nothing came, and today my foot keeps slapping the floor",
]


@pytest.mark.parametrize("message", EMERGENCIES)
def test_emergency_advice_holds_with_the_action_server_down(rasa_without_actions, message):
    text = Patient(rasa_without_actions).reply_text(message)
    assert f"call {load_settings().emergency_number}" in text
    assert "emergency department" in text
    assert "None" not in text


def test_first_greeting_names_the_clinic_and_the_number_not_none(rasa_without_actions):
    settings = load_settings()
    text = Patient(rasa_without_actions).reply_text("hello")
    assert settings.name in text and f"call {settings.emergency_number}" in text
    assert "None" not in text
