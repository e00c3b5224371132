"""The request payload and the summary shown before sending (clinic/booking_request.py)."""
import pytest

from clinic.booking_request import BOOKING, CALLBACK, build_payload, field_in_text, summary
from clinic.checklist import ITEM_IDS


def answers(**overrides):
    return {**{item_id: "no" for item_id in ITEM_IDS}, **overrides}


def test_payload_carries_the_outcome_and_item_names_but_not_the_answers():
    payload = build_payload(BOOKING, "Jo Smith", "+14035550123", "weekday mornings",
                            answers(blood_thinners="yes", metal_allergy="yes"))
    assert payload["screening_outcome"] == "ask_physio"
    assert payload["screening_items"] == ["blood-thinning medication", "a metal allergy"]
    assert payload["visit_type"].startswith("assessment")
    assert payload["share_health_answers"] is False
    assert "health_answers" not in payload


def test_answers_are_included_only_when_the_patient_agreed():
    payload = build_payload(BOOKING, "Jo", "jo@example.com", "any", answers(pregnancy="unsure"),
                            share_health_answers=True)
    assert payload["health_answers"]["pregnancy or a possible pregnancy"] == "unsure"
    assert len(payload["health_answers"]) == len(ITEM_IDS)


@pytest.mark.parametrize(
    "slots, visit",
    [
        (answers(), "dry needling"),
        (answers(implanted_device="yes"), "dry needling"),
        (answers(needle_fear="yes"), "physiotherapy without needling"),
        (answers(under_18="yes"), "assessment (the physiotherapist decides about dry needling)"),
    ],
)
def test_visit_type_follows_the_outcome(slots, visit):
    assert build_payload(BOOKING, "Jo", "jo@example.com", "any", slots)["visit_type"] == visit


def test_callback_without_a_checklist_has_no_screening_fields():
    payload = build_payload(CALLBACK, "Jo", "+14035550123", "after 5pm", None)
    assert payload == {"kind": "callback", "name": "Jo", "contact": "+14035550123", "preferred_time": "after 5pm"}


def test_summary_shows_exactly_what_is_sent():
    payload = build_payload(BOOKING, "Jo Smith", "+14035550123 ext. 12", "Tue after 4", answers(metal_allergy="yes"))
    assert summary(payload).splitlines() == [
        "• Name: Jo Smith",
        "• Contact: 403-555-0123 ext. 12",
        "• Preferred times: Tue after 4",
        "• Visit: dry needling",
        "• Checklist result: tell physio, because of a metal allergy",
        "• Checklist answers: not included",
    ]


@pytest.mark.parametrize(
    "text, field",
    [
        ("wait the phone number is wrong", "contact"),
        ("i made a typo in my email", "contact"),
        ("my name is spelled wrong", "name"),
        ("can i change the time", "time"),
        ("actually mornings dont work", "time"),
        ("hmm something is off", None),
    ],
)
def test_which_detail_a_correction_is_about(text, field):
    assert field_in_text(text) == field
