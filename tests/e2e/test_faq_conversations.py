"""A patient's questions answered through the running servers (REST channel)."""
import pytest

from clinic.settings import load_settings

pytestmark = pytest.mark.e2e


def test_greeting_says_what_it_does_not_medical_advice_and_911(patient):
    messages = patient.says("hi there")
    text = messages[0]["text"]
    assert "dry needling" in text and "not medical advice" in text
    assert load_settings().emergency_number in text
    assert load_settings().name in text  # clinic details come from clinic.yml
    assert messages[0]["buttons"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("how long does a session usually take?", "20 to 30 minutes"),
        ("is it the same thing as acupuncture", "Chinese medicine"),
        ("how long will i be sore after the needling", "24"),
        ("whats sciatica", "sciatic nerve"),
        ("who actually does the needling at your clinic", "College of Physiotherapists of Alberta"),
    ],
)
def test_questions_get_the_matching_answer(patient, question, expected):
    assert expected in patient.reply_text(question)


def test_location_answer_uses_the_clinic_config(patient):
    settings = load_settings()
    text = patient.reply_text("where are you located and when are you open?")
    assert settings.address in text
    assert "Mon" in text


def test_unknown_message_gets_apology_menu_and_front_desk(patient):
    messages = patient.says("blorp fnarg qqq")
    assert "Sorry" in messages[0]["text"]
    assert load_settings().phone in messages[0]["text"]
    assert len(messages[0]["buttons"]) >= 3


def test_several_questions_in_one_conversation(patient):
    patient.says("hello")
    assert "20 to 30 minutes" in patient.reply_text("how long does one treatment last")
    assert "prick" in patient.reply_text("does it hurt")
    assert "bruis" in patient.reply_text("what are the side effects").lower()
    assert "Take care" in patient.reply_text("thats all for now, bye")


def test_several_questions_get_each_answer_in_order_with_one_set_of_buttons(patient):
    messages = patient.says("what is a session like, does it hurt, and how many will I need?")
    texts = [message.get("text", "") for message in messages]
    assert len(texts) == 3
    assert "trigger points" in texts[0]  # what happens in a session
    assert "prick" in texts[1]  # how it feels
    assert "sessions" in texts[2]
    assert [bool(message.get("buttons")) for message in messages] == [False, False, True]


def test_worry_after_a_session_gets_what_is_expected_and_when_to_call(patient):
    text = patient.reply_text("had my 2nd session on monday and now theres a bruise and its itchy, is that normal?")
    assert "small bruise" in text and "Call us at" in text and "Call 911" in text


@pytest.mark.parametrize("worry", [
    # one leg or foot that feels odd, numb or worse: sciatica or the session, not an emergency sign;
    # the learned emergency net once sent both of these to emergency care
    "I had dry needling yesterday and my leg feels weird today, is that normal?",
    "had needling on monday, today my leg feels worse, normal?",
])
def test_an_everyday_worry_after_a_session_is_not_sent_to_emergency_care(patient, worry):
    text = patient.reply_text(worry)
    assert "Thanks for telling me how it went" in text
    assert "Call 911 straight away for" in text  # the answer's own last line, not the emergency advice


@pytest.mark.parametrize("question", [
    "how much notice do I have to give to cancel?",
    "can I change my appointment to a different day",
])
def test_moving_or_cancelling_a_visit_goes_to_the_front_desk(patient, question):
    text = patient.reply_text(question)
    assert text.startswith("To move or cancel a visit") and load_settings().phone in text


def test_a_question_about_a_teenager_gets_who_should_avoid_it(patient):
    text = patient.reply_text("do you do dry needling on teenagers?")
    assert "are under 18" in text


def test_a_parent_asking_for_their_teenager_gets_the_checklist_about_her(patient):
    text = patient.reply_text("is my 14 year old daughter too young for dry needling?")
    assert "about the person who'd be treated" in text
