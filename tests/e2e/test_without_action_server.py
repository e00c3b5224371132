"""With the action server down or slow: the emergency advice, every question answered, booking and the
checklist say they are unavailable now with the phone, and no reply says "None"."""
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


# Questions are plain responses sent by rules; booking and the checklist need the action server.
WHAT_IS_IT = "Dry needling is a treatment where a physiotherapist places very thin, solid needles"
DOES_IT_HURT = "Most people feel a slight prick"
UNAVAILABLE = "unavailable for the moment"


def test_a_question_is_answered_with_the_action_server_down(rasa_without_actions):
    assert WHAT_IS_IT in Patient(rasa_without_actions).reply_text("what is dry needling?")


def test_several_questions_get_each_plain_answer_in_order_with_the_action_server_down(rasa_without_actions):
    text = Patient(rasa_without_actions).reply_text("what is dry needling, and does it hurt?")
    assert WHAT_IS_IT in text and DOES_IT_HURT in text
    assert text.index(WHAT_IS_IT) < text.index(DOES_IT_HURT)


def test_opening_hours_are_given_with_the_action_server_down(rasa_without_actions):
    text = Patient(rasa_without_actions).reply_text("what are your opening hours?")
    assert load_settings().hours_lines() in text and "{" not in text


@pytest.mark.parametrize("message", ["I'd like to book an appointment", "is dry needling right for me?"])
def test_booking_and_checklist_say_unavailable_with_the_phone_then_questions_still_work(rasa_without_actions, message):
    patient = Patient(rasa_without_actions)
    text = patient.reply_text(message)
    assert UNAVAILABLE in text and load_settings().phone in text
    assert "None" not in text
    # the form was stopped, not left waiting for an answer: the next question is answered
    assert DOES_IT_HURT in patient.reply_text("does it hurt?")
    # and an emergency still gets the advice
    assert f"call {load_settings().emergency_number}" in patient.reply_text(EMERGENCIES[0])


def test_a_slow_action_server_is_given_up_on_and_questions_do_not_wait(rasa_with_slow_actions):
    patient = Patient(rasa_with_slow_actions)
    # the slow action server takes 30 s; the Rasa server gives up after ACTION_SERVER_TIMEOUT=2 s
    text = patient.reply_text("I'd like to book an appointment", timeout=15)
    assert UNAVAILABLE in text and load_settings().phone in text
    assert WHAT_IS_IT in patient.reply_text("what is dry needling?", timeout=15)
    assert f"call {load_settings().emergency_number}" in patient.reply_text(EMERGENCIES[0], timeout=15)


def test_yes_after_an_answer_still_takes_the_offered_question_with_the_action_server_down(rasa_without_actions):
    patient = Patient(rasa_without_actions)
    assert WHAT_IS_IT in patient.reply_text("what is dry needling?")
    # its first button: "How does it help sciatica?"
    assert "Tight muscles near the sciatic nerve" in patient.reply_text("yes")
