"""Booking and callback requests through the running servers, to a local clinic webhook."""
import sqlite3

import pytest

from tests.e2e.test_screening_conversations import answer_all, start_checklist

pytestmark = pytest.mark.e2e


def screened_patient_reaches_confirmation(patient, answers=None, contact="403 555 0123"):
    start_checklist(patient)
    offer = answer_all(patient, answers or {})[-1]
    assert "request" in offer
    patient.says("yes")  # to the booking offer
    assert "phone number or email" in patient.reply_text("Jo Smith")
    patient.says(contact)
    share_question = patient.reply_text("weekday mornings")
    assert "include your checklist answers" in share_question
    return patient.reply_text("no just the result")


def reference_in(text):
    return next(word.strip(".,") for word in text.split() if word.startswith("DN-"))


def test_all_clear_patient_books_and_the_clinic_gets_exactly_one_request(patient, webhook):
    confirmation = screened_patient_reaches_confirmation(patient)
    assert "403-555-0123" in confirmation and "Shall I send it?" in confirmation
    done = patient.reply_text("yes send it")
    reference = reference_in(done)
    received = webhook.wait_for(reference)
    assert len(received) == 1
    body, headers = received[0]["json"], received[0]["headers"]
    assert body["kind"] == "booking" and body["name"] == "Jo Smith"
    assert body["contact"] == "+14035550123" and body["preferred_time"] == "weekday mornings"
    assert body["screening_outcome"] == "clear" and body["share_health_answers"] is False
    assert "health_answers" not in body
    assert headers["Idempotency-Key"] == body["idempotency_key"]
    assert headers["Authorization"] == "Bearer test-token"


def test_with_the_webhook_down_the_request_waits_and_arrives_once_later(patient, webhook, servers):
    confirmation = screened_patient_reaches_confirmation(patient, {"blood_thinners": "yes, eliquis"})
    assert "ask physio" in confirmation
    webhook.stop()
    try:
        reference = reference_in(patient.reply_text("yes"))
        with sqlite3.connect(servers["outbox"]) as db:
            status = db.execute("SELECT status FROM outbox WHERE reference = ?", (reference,)).fetchone()
        assert status == ("pending",)
    finally:
        webhook.start()
    received = webhook.wait_for(reference, seconds=60)
    assert len(received) == 1
    # "no just the result": the result goes, not the item behind it
    assert received[0]["json"]["screening_outcome"] == "ask_physio"
    assert "screening_items" not in received[0]["json"] and "blood" not in str(received[0]["json"])


def test_correcting_one_detail_without_starting_over(patient, webhook):
    screened_patient_reaches_confirmation(patient, contact="jo@example.com")
    assert "phone number or email" in patient.reply_text("wait, my email is wrong")
    confirmation = patient.reply_text("jo.smith@example.com")
    assert "jo.smith@example.com" in confirmation and "Jo Smith" in confirmation
    reference = reference_in(patient.reply_text("yes"))
    assert webhook.wait_for(reference)[0]["json"]["contact"] == "jo.smith@example.com"


def test_cancelling_at_the_confirmation_sends_nothing(patient, webhook):
    screened_patient_reaches_confirmation(patient)
    before = len(webhook.received)
    assert "haven't sent anything" in patient.reply_text("no, cancel")
    assert len(webhook.received) == before


def test_typo_in_the_phone_number_gets_a_friendly_reask(patient):
    start_checklist(patient)
    answer_all(patient, {})
    patient.says("yes")
    patient.says("Jo Smith")
    assert "area code" in patient.reply_text("403 555 01")


def test_asking_to_be_called_back_goes_straight_to_the_callback_questions(patient, webhook):
    reply = patient.reply_text("can someone from the clinic call me back please")
    assert "front desk" in reply and "ask for when they call" in reply
    assert "Would you like the front desk to call you back?" not in reply
    patient.says("Sam Lee")
    # a bare number, even one the classifier reads as a request for a person, is the answer
    assert "area code" in patient.reply_text("555-0199")
    assert patient.slots()["requested_slot"] == "booking_contact"
    patient.says("780-555-0199")
    assert "780-555-0199" in patient.reply_text("after 5pm")
    reference = reference_in(patient.reply_text("yes"))
    body = webhook.wait_for(reference)[0]["json"]
    assert body["kind"] == "callback" and body["contact"] == "+17805550199"


def test_talk_to_a_person_in_the_middle_of_screening_then_a_callback(patient, webhook):
    start_checklist(patient)
    patient.says("no")
    reply = patient.reply_text("can I just talk to a real person")
    assert "front desk" in reply and "call you back" in reply
    assert patient.slots()["requested_slot"] is None
    patient.says("yes please")
    patient.says("Sam Lee")
    patient.says("780-555-0199 ext 4")
    confirmation = patient.reply_text("after 5pm")
    assert "780-555-0199 ext. 4" in confirmation
    reference = reference_in(patient.reply_text("yes"))
    body = webhook.wait_for(reference)[0]["json"]
    assert body["kind"] == "callback" and body["contact"] == "+17805550199 ext. 4"


def test_goodbye_at_the_summary_says_the_request_was_not_sent(patient):
    patient.says("can someone from the clinic call me back please")
    patient.says("Sam Lee")
    patient.says("780-555-0199")
    assert "Shall I send it?" in patient.reply_text("after 5pm")
    goodbye = patient.reply_text("thanks bye")
    assert "your request has not been sent" in goodbye and "Take care" in goodbye
    slots = patient.slots()
    assert slots["booking_name"] is None and slots["booking_reference"] is None  # nothing queued
