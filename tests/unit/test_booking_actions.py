"""Booking and callback actions: validators, the summary, sending to the outbox, handoff."""
import pytest
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import (
    ActionAskBookingConfirmed,
    ActionCorrectBookingDetail,
    ActionStopRequest,
    ActionSubmitBooking,
    ActionSubmitCallback,
    ValidateBookingForm,
)
from actions.handoff import ActionHumanHandoff
from clinic.checklist import ITEM_IDS
from clinic.outbox import Outbox
from tests.conftest import make_tracker
from tests.unit.test_actions import responses, run


@pytest.fixture(autouse=True)
def offline_outbox(tmp_path, monkeypatch):
    """Each test writes to its own outbox file, with no webhook configured."""
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    return Outbox(tmp_path / "outbox.db")


def screened(**slots):
    return {"screening_consent": True, **{item_id: "no" for item_id in ITEM_IDS}, **slots}


REQUEST = {"booking_name": "Jo Smith", "booking_contact": "+14035550123", "booking_preferred_time": "mornings"}


@pytest.mark.parametrize(
    "slot, value, expected, response",
    [
        ("booking_name", "my name is jo smith", "Jo Smith", None),
        ("booking_name", "how much does it cost?", None, "utter_invalid_name"),
        ("booking_contact", "you can call me at (403) 555-0123", "+14035550123", None),
        ("booking_contact", "403 555 01", None, "utter_invalid_phone"),
        ("booking_contact", "jo@gmial.com", None, "utter_email_typo"),
        ("booking_contact", "jo at home", None, "utter_invalid_contact"),
        ("booking_preferred_time", "  tuesday   after 4 ", "tuesday after 4", None),
        ("booking_preferred_time", "???", None, "utter_invalid_time"),
        # an escape sequence and a right-to-left override never reach the clinic or the inbox
        ("booking_preferred_time", "mornings\x1b]0;x\x07 \u202eevif retfa\u202c", "mornings]0;x evif retfa", None),
        ("booking_preferred_time", "\x1b\u202e\x00", None, "utter_invalid_time"),
        ("booking_contact", "911-555-0123", None, "utter_invalid_phone"),  # no area code 911
    ],
)
async def test_validators_accept_or_reask_kindly(domain, slot, value, expected, response):
    dispatcher = CollectingDispatcher()
    validator = getattr(ValidateBookingForm(), f"validate_{slot}")
    assert validator(value, dispatcher, make_tracker(), domain) == {slot: expected}
    assert responses(dispatcher.messages) == ([response] if response else [])


async def test_share_question_only_after_a_checklist(domain):
    form = ValidateBookingForm()
    slots = ["booking_name", "booking_contact", "booking_preferred_time", "booking_share_answers",
             "booking_confirmed"]
    unscreened = await form.required_slots(slots, CollectingDispatcher(), make_tracker(), domain)
    assert "booking_share_answers" not in unscreened
    screened_slots = await form.required_slots(slots, CollectingDispatcher(), make_tracker(slots=screened()), domain)
    assert "booking_share_answers" in screened_slots


@pytest.mark.parametrize("share, result_line", [
    (True, "• Checklist result: ask physio, because of blood-thinning medication"),
    (False, "• Checklist result: ask physio"),  # "If not, I'll only send the result"
])
async def test_confirmation_shows_what_will_be_sent(domain, share, result_line):
    tracker = make_tracker(slots={**screened(blood_thinners="yes"), **REQUEST, "booking_share_answers": share},
                           active_loop="booking_form")
    messages, _ = await run(ActionAskBookingConfirmed(), tracker, domain)
    assert responses(messages) == ["utter_ask_booking_confirmed"]
    assert "403-555-0123" in messages[0]["request_summary"]
    assert result_line in messages[0]["request_summary"].splitlines()


@pytest.mark.parametrize(
    "text, entities, cleared",
    [
        ("my number is wrong", [], "booking_contact"),
        ("/correct_booking_detail", [{"entity": "booking_field", "value": "name"}], "booking_name"),
        ("change the time please", [], "booking_preferred_time"),
    ],
)
async def test_correction_forgets_one_detail(domain, text, entities, cleared):
    tracker = make_tracker(slots=REQUEST, intent="correct_booking_detail", text=text, entities=entities)
    _, events = await run(ActionCorrectBookingDetail(), tracker, domain)
    assert events == [SlotSet(cleared, None), SlotSet("booking_confirmed", None)]


async def test_correction_without_a_field_asks_which(domain):
    tracker = make_tracker(slots=REQUEST, intent="correct_booking_detail", text="something is off")
    messages, _ = await run(ActionCorrectBookingDetail(), tracker, domain)
    assert responses(messages) == ["utter_ask_which_field"]


async def test_confirmed_booking_is_kept_in_the_outbox_with_a_reference(domain, offline_outbox):
    tracker = make_tracker(slots={**screened(), **REQUEST, "booking_share_answers": False,
                                  "booking_confirmed": True})
    messages, events = await run(ActionSubmitBooking(), tracker, domain)
    [entry] = offline_outbox.list()
    assert messages[0]["response"] == "utter_request_sent" and messages[0]["reference"] == entry.reference
    assert entry.status == "pending"  # no webhook configured: it waits for the front desk
    assert entry.payload["screening_outcome"] == "clear" and "health_answers" not in entry.payload
    assert "screening_items" not in entry.payload
    assert SlotSet("booking_reference", entry.reference) in events
    assert SlotSet("booking_contact", None) in events


async def test_shared_answers_go_with_the_request_only_when_agreed(domain, offline_outbox):
    tracker = make_tracker(slots={**screened(pregnancy="yes"), **REQUEST, "booking_share_answers": True,
                                  "booking_confirmed": True})
    await run(ActionSubmitBooking(), tracker, domain)
    assert offline_outbox.list()[0].payload["health_answers"]["pregnancy or a possible pregnancy"] == "yes"


async def test_a_request_that_cannot_be_stored_sends_the_patient_to_the_phone(domain, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("OUTBOX_DB", str(blocker / "outbox.db"))  # its folder cannot be created
    tracker = make_tracker(slots={**screened(pregnancy="yes"), **REQUEST, "booking_share_answers": True,
                                  "booking_confirmed": True})
    messages, events = await run(ActionSubmitBooking(), tracker, domain)
    assert responses(messages) == ["utter_request_not_saved"]
    assert SlotSet("booking_contact", None) in events and not any(e.get("name") == "booking_reference" for e in events)
    [record] = [record for record in caplog.records if record.levelname == "ERROR"]
    assert "could not be stored" in record.getMessage()
    assert "Jo Smith" not in caplog.text and "4035550123" not in caplog.text and "pregnan" not in caplog.text


async def test_callback_request_has_its_own_kind(domain, offline_outbox):
    tracker = make_tracker(slots={**REQUEST, "booking_confirmed": True})
    messages, _ = await run(ActionSubmitCallback(), tracker, domain)
    assert responses(messages) == ["utter_callback_sent"]
    assert offline_outbox.list()[0].kind == "callback"


async def test_declined_confirmation_sends_nothing(domain, offline_outbox):
    tracker = make_tracker(slots={**REQUEST, "booking_confirmed": False})
    messages, _ = await run(ActionSubmitBooking(), tracker, domain)
    assert responses(messages) == ["utter_request_cancelled"]
    assert offline_outbox.list() == []


async def test_stop_cancels_the_form(domain, offline_outbox):
    messages, events = await run(ActionStopRequest(), make_tracker(slots=REQUEST), domain)
    assert responses(messages) == ["utter_request_cancelled"]
    assert ActiveLoop(None) in events and offline_outbox.list() == []


async def test_handoff_gives_phone_hours_open_now_and_a_callback_offer(domain, clinic_file):
    clinic_file("clinic_with_fees.yml")  # open around the clock
    messages, events = await run(ActionHumanHandoff(), make_tracker(active_loop="screening_form"), domain)
    assert responses(messages) == ["utter_human_handoff", "utter_open_now", "utter_offer_callback"]
    assert ActiveLoop(None) in events and not any(event["event"] == "followup" for event in events)


async def test_handoff_when_closed_says_so(domain, clinic_file):
    clinic_file("clinic_closed_no_fees.yml")  # closed every day
    messages, _ = await run(ActionHumanHandoff(), make_tracker(), domain)
    assert responses(messages) == ["utter_human_handoff", "utter_closed_now", "utter_offer_callback"]


async def test_asking_to_be_called_back_starts_the_callback_form_without_asking_again(domain, clinic_file):
    clinic_file("clinic_closed_no_fees.yml")
    tracker = make_tracker(intent="human_handoff", text="can someone call me back please", active_loop="booking_form")
    messages, events = await run(ActionHumanHandoff(), tracker, domain)
    assert responses(messages) == ["utter_human_handoff", "utter_closed_now", "utter_callback_start"]
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert events[-1] == FollowupAction("callback_form")


def test_the_action_server_registers_every_domain_action(domain):
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")  # fails on an action class without a name
    custom = {name for name in domain["actions"] if name.startswith(("action_", "validate_"))}
    assert custom <= set(executor.actions)


async def test_a_question_instead_of_an_answer_is_answered_and_asked_again(domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="ask_session_length", text="how long does the appointment take?")
    result = ValidateBookingForm().validate_booking_preferred_time(tracker.latest_message["text"], dispatcher,
                                                                   tracker, domain)
    assert result == {"booking_preferred_time": None}
    assert responses(dispatcher.messages) == ["utter_ask_session_length"]


async def test_a_misread_answer_is_still_taken(domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="ask_aftercare", text="weekdays after 3")
    result = ValidateBookingForm().validate_booking_preferred_time("weekdays after 3", dispatcher, tracker, domain)
    assert result == {"booking_preferred_time": "weekdays after 3"}
    assert dispatcher.messages == []


@pytest.mark.parametrize("text, intent", [("bye", "goodbye"), ("ok thanks bye", "goodbye"),
                                          ("I'm pregnant btw", "ask_pregnancy"), ("my back hurts", "nlu_fallback")])
async def test_a_reply_that_is_not_a_name_asks_the_name_again(domain, text, intent):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent=intent, text=text, active_loop="booking_form",
                           slots={"requested_slot": "booking_name"})
    result = ValidateBookingForm().validate_booking_name(text, dispatcher, tracker, domain)
    assert result == {"booking_name": None}
    assert responses(dispatcher.messages) == ["utter_invalid_name"]


async def _extracted_slots(text, intent, requested_slot, form="booking_form"):
    """Slots Rasa's own action_extract_slots fills from a message, with the project's domain."""
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.core.channels import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.events import ActiveLoop as RasaActiveLoop
    from rasa.shared.core.events import SlotSet as RasaSlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    from tests.conftest import PROJECT_ROOT

    rasa_domain = Domain.load(str(PROJECT_ROOT / "domain"))
    tracker = DialogueStateTracker.from_events("unit-test", [
        ActionExecuted("action_listen"), RasaActiveLoop(form), RasaSlotSet("requested_slot", requested_slot),
        ActionExecuted(form), ActionExecuted("action_listen"),
        UserUttered(text, intent={"name": intent, "confidence": 1.0}),
    ], slots=rasa_domain.slots)
    events = await ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(rasa_domain.responses), tracker, rasa_domain)
    return {event.key: event.value for event in events if isinstance(event, RasaSlotSet)}


@pytest.mark.parametrize("form", ["booking_form", "callback_form"])
@pytest.mark.parametrize("text, intent", [("bye", "goodbye"), ("stop", "stop")])
async def test_goodbye_or_stop_is_never_taken_as_the_name(text, intent, form):
    assert "booking_name" not in await _extracted_slots(text, intent, "booking_name", form)


async def test_goodbye_is_never_taken_as_the_contact():
    assert "booking_contact" not in await _extracted_slots("bye", "goodbye", "booking_contact")


async def test_a_name_is_still_taken_whatever_the_classifier_made_of_it():
    assert (await _extracted_slots("Jo Smith", "nlu_fallback", "booking_name"))["booking_name"] == "Jo Smith"


async def test_goodbye_in_the_middle_of_the_form_drops_the_request(domain, offline_outbox):
    # the rule runs action_deactivate_loop after it (tests/unit/test_dialogue_rules.py)
    from actions.session import ActionEndConversation

    tracker = make_tracker(slots={**screened(), "booking_name": "Jo Smith", "requested_slot": "booking_contact"},
                           intent="goodbye", text="bye", active_loop="booking_form")
    messages, events = await run(ActionEndConversation(), tracker, domain)
    assert responses(messages) == ["utter_request_not_sent", "utter_goodbye"]  # the patient is told
    assert {"booking_name", "booking_contact", "booking_preferred_time", "screening_consent"} <= {
        event["name"] for event in events if event["value"] is None}
    assert offline_outbox.list() == []
