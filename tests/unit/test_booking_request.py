"""The request payload and the summary shown before sending (clinic/booking_request.py)."""
import pytest

from clinic.booking_request import BOOKING, CALLBACK, build_payload, field_in_text, summary
from clinic.checklist import ITEM_IDS


def answers(**overrides):
    return {**{item_id: "no" for item_id in ITEM_IDS}, **overrides}


def test_without_consent_only_the_result_goes():
    # "If not, I'll only send the result": no checklist item names the condition behind it
    payload = build_payload(BOOKING, "Jo Smith", "+14035550123", "weekday mornings",
                            answers(pregnancy="yes", blood_thinners="yes"), share_health_answers=False)
    assert payload == {"kind": "booking", "name": "Jo Smith", "contact": "+14035550123",
                       "preferred_time": "weekday mornings",
                       "visit_type": "assessment (the physiotherapist decides about dry needling)",
                       "screening_outcome": "ask_physio", "share_health_answers": False}
    assert "pregnan" not in str(payload) and "blood" not in str(payload)


def test_with_consent_the_items_and_answers_go_too():
    payload = build_payload(BOOKING, "Jo", "jo@example.com", "any", answers(blood_thinners="yes", metal_allergy="yes"),
                            share_health_answers=True)
    assert payload["screening_outcome"] == "ask_physio"
    assert payload["visit_type"].startswith("assessment")
    assert payload["screening_items"] == ["blood-thinning medication", "a metal allergy"]
    assert payload["health_answers"]["blood-thinning medication"] == "yes"
    assert payload["health_answers"]["pregnancy or a possible pregnancy"] == "no"
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
        "• Checklist result: tell physio",
        "• Checklist answers: not included",
    ]


def test_summary_with_consent_names_the_items_sent():
    payload = build_payload(BOOKING, "Jo Smith", "+14035550123", "Tue after 4", answers(metal_allergy="yes"),
                            share_health_answers=True)
    assert summary(payload).splitlines()[-2:] == [
        "• Checklist result: tell physio, because of a metal allergy",
        "• Checklist answers: included",
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
