"""The emergency rule and the contraindication checklist, end to end."""
import pytest

from clinic.checklist import ITEM_IDS

pytestmark = pytest.mark.e2e

BOOKING_OFFER = "request an appointment"
EMERGENCY_ADVICE = "emergency department"


def start_checklist(patient, opening="can I have dry needling for my sciatica?"):
    reply = patient.reply_text(opening)
    assert "OK to start?" in reply
    return patient.reply_text("yes")


def answer_all(patient, answers):
    """Answers each question as it comes; returns every reply text seen."""
    seen = []
    for _ in range(len(ITEM_IDS) + 1):
        requested = patient.slots().get("requested_slot")
        if not requested:
            break
        seen.append(patient.reply_text(answers.get(requested, "no")))
    return seen


def test_all_clear_patient_reaches_the_booking_offer(patient):
    first_question = start_checklist(patient)
    assert "pregnant" in first_question
    replies = answer_all(patient, {})
    assert BOOKING_OFFER in replies[-1]
    assert patient.slots()["screening_outcome"] == "clear"
    booking = patient.reply_text("yes please book me")
    assert "let's set up your request" in booking and "What name should the booking be under?" in booking


def test_patient_on_blood_thinners_is_sent_to_the_physio(patient):
    start_checklist(patient)
    replies = answer_all(patient, {"blood_thinners": "yes, warfarin"})
    assert "blood-thinning medication" in replies[-1]
    assert "physiotherapist needs to look" in replies[-1]
    assert BOOKING_OFFER not in replies[-1]
    assert patient.slots()["screening_outcome"] == "ask_physio"


def test_pregnant_patient_is_sent_to_the_physio(patient):
    start_checklist(patient)
    replies = answer_all(patient, {"pregnancy": "yes I'm 12 weeks"})
    assert "pregnancy" in replies[-1]
    assert patient.slots()["screening_outcome"] == "ask_physio"


def test_emergency_sign_in_the_first_message(patient):
    messages = patient.says("I can't feel anything in my groin and I can't pee properly since this morning")
    text = " ".join(message["text"] for message in messages)
    assert EMERGENCY_ADVICE in text and "911" in text
    assert BOOKING_OFFER not in text
    # and no booking afterwards either
    assert "doctor or emergency care first" in patient.reply_text("ok can I book a dry needling session")


def test_emergency_sign_in_the_middle_of_the_checklist_stops_it(patient):
    start_checklist(patient)
    patient.reply_text("no")
    reply = patient.reply_text("actually both my legs have gone weak and numb today")
    assert EMERGENCY_ADVICE in reply
    assert BOOKING_OFFER not in reply
    assert patient.slots()["requested_slot"] is None
    assert patient.slots()["screening_outcome"] is None


def test_volunteered_blood_thinner_is_not_asked_again(patient):
    # a named condition is that condition's question (data/INTENTS.md): its answer offers the checklist
    reply = patient.reply_text("I'm on Eliquis, can I still get dry needling?")
    assert "OK to start?" not in reply
    assert "checklist" in reply
    assert "OK to start?" in patient.reply_text("yes")
    patient.reply_text("sure")
    replies = answer_all(patient, {})
    assert not any("blood thinner" in text for text in replies)
    assert patient.slots()["blood_thinners"] == "yes"
    assert "blood-thinning medication" in replies[-1]


def test_why_do_you_ask_then_the_same_question_again(patient):
    start_checklist(patient)
    reply = patient.reply_text("why do you need to know that?")
    assert "pregnancy" in reply.lower()
    assert "Are you pregnant" in reply
    assert patient.slots()["requested_slot"] == "pregnancy"


def test_stop_leaves_the_checklist_with_nothing_booked(patient):
    start_checklist(patient)
    patient.reply_text("no")
    assert "nothing has been booked" in patient.reply_text("stop")
    slots = patient.slots()
    assert slots["requested_slot"] is None and slots["pregnancy"] is None


def test_a_question_asked_beside_a_checklist_request_is_answered_then_the_checklist_starts(patient):
    messages = patient.says("could acupuncture help my mum, and how many sessions would she need?")
    texts = [message["text"] for message in messages]
    assert texts[0].startswith("Many people say acupuncture for any needling")  # what we offer, first
    assert "several sessions" in texts[1]
    assert not texts[1].endswith("I can run a quick health checklist.")  # its offer goes: the checklist follows
    assert "OK to start?" in texts[-1]
    # one set of buttons, the checklist's, at the end
    assert [bool(message.get("buttons")) for message in messages] == [False] * (len(messages) - 1) + [True]
    assert patient.slots()["requested_slot"] == "screening_consent"


def test_a_question_told_with_a_checklist_answer_is_answered_and_that_item_is_not_asked(patient):
    consent = patient.reply_text("is dry needling right for my mum?")
    assert "OK to start?" in consent
    assert "about the person who'd be treated" in consent
    # the fact fills blood_thinners, so the form goes on: the validation action answers the question
    reply = patient.reply_text("she takes warfarin every day, can she still have it")
    assert "blood thinner" in reply and "never stop a medicine on your own" in reply
    assert "OK to start?" in reply  # the checklist asks for consent again, after the answer
    assert patient.slots()["blood_thinners"] == "yes"
    first_question = patient.reply_text("yes")
    assert "Are they pregnant, or could they be?" in first_question  # asked about mum, not the writer
    asked = answer_all(patient, {})
    assert not any("blood thinner?" in reply for reply in asked)
    assert "Do they have a pacemaker or another implanted electrical device?" in asked
    assert patient.slots()["screening_outcome"] == "ask_physio"


def test_the_checklist_asks_the_writer_about_themselves_until_told_otherwise(patient):
    consent = patient.reply_text("is dry needling right for me?")
    assert "Asking for someone else? Answer for them." in consent
    assert "Are you pregnant, or could you be?" in patient.reply_text("yes")
    # told mid-checklist that it is for a relative: that "no" is about who, and the question is asked about him
    assert patient.reply_text("no, it's for my husband actually") == "Are they pregnant, or could they be?"
    assert patient.slots()["treated_person"] == "someone_else" and patient.slots()["pregnancy"] is None
    assert "Do they have a bleeding disorder" in patient.reply_text("no")


def test_the_checklist_for_a_dad_skips_pregnancy_and_asks_about_him(patient):
    consent = patient.reply_text("can you book my dad in? he's 67 and has sciatica down his left leg")
    assert "about the person who'd be treated" in consent
    first_question = patient.reply_text("yes")
    assert first_question.startswith("Do they have a bleeding disorder")
    assert patient.slots()["pregnancy"] == "no" and patient.slots()["under_18"] == "no"


def test_answers_typed_short_or_stretched_on_a_phone_are_taken_without_an_apology(patient):
    start_checklist(patient)
    for answer, slot, value in [("noo", "pregnancy", "no"), ("y", "bleeding_disorder", "yes"),
                                ("nope.", "blood_thinners", "no"), ("dunno", "skin_problem", "unsure")]:
        reply = patient.reply_text(answer)
        assert "didn't quite get that" not in reply
        assert patient.slots()[slot] == value
