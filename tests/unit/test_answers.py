"""action_answer_question: several questions in one reply, the acupuncture note, the offered next step."""
from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerQuestion, choose_variation, render_text
from clinic.answer_plan import offered_step
from tests.conftest import make_tracker

CLINIC_SLOTS = {"clinic_phone": "403-555-0100", "emergency_number": "911", "clinic_name": "Test Physio"}


def questions(*intents):
    return [{"entity": "question_intent", "value": intent} for intent in intents]


def without_offer(domain, response, offer):
    """The response's text without its closing offer, which the test names (so it knows its answer)."""
    text = render_text(domain, response, CLINIC_SLOTS)
    assert text.endswith(offer)
    return text[:-len(offer)]


async def run(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    return dispatcher.messages, events


async def test_three_questions_get_three_answers_in_order_with_buttons_only_at_the_end(domain):
    tracker = make_tracker(intent="ask_session_steps", slots=CLINIC_SLOTS,
                           text="what is a session like, does it hurt, and how many will I need?",
                           entities=questions("ask_session_steps", "ask_how_it_feels", "ask_number_of_sessions"))
    messages, events = await run(tracker, domain)
    assert len(messages) == 3
    # the answers before the last lose their closing offer: it goes with buttons they do not have
    assert messages[0]["text"] == without_offer(domain, "utter_ask_session_steps",
                                                " Would you like to know what it feels like?")
    assert messages[1]["text"] == without_offer(domain, "utter_ask_how_it_feels",
                                                " Curious how you might feel afterwards?")
    assert [m.get("response") for m in messages] == [None, None, "utter_ask_number_of_sessions"]
    assert not messages[0]["buttons"] and not messages[1]["buttons"]
    assert events == []


async def test_questions_beside_a_checklist_request_are_answered_in_order_without_buttons(domain):
    # the checklist's consent question follows, with its own buttons
    tracker = make_tracker(intent="check_eligibility", slots=CLINIC_SLOTS,
                           text="could dry needling help my mum, how long is a session and does it hurt?",
                           entities=questions("check_eligibility", "ask_session_length", "ask_how_it_feels"))
    messages, events = await run(tracker, domain)
    assert [m["text"] for m in messages] == [
        without_offer(domain, "utter_ask_session_length", " Would you like to know what it feels like?"),
        without_offer(domain, "utter_ask_how_it_feels", " Curious how you might feel afterwards?")]
    assert not any(m.get("buttons") for m in messages)
    assert events == []


async def test_question_entities_of_another_intent_are_ignored(domain):
    # a single question whose intent is not among the entities (e.g. an override): answer it alone
    tracker = make_tracker(intent="ask_session_length", entities=questions("ask_aftercare", "ask_pregnancy"))
    messages, _ = await run(tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_ask_session_length"]


async def test_one_question_entity_is_one_answer(domain):
    tracker = make_tracker(intent="ask_pregnancy", entities=questions("ask_pregnancy"))
    messages, _ = await run(tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_ask_pregnancy"]


async def test_acupuncture_word_gets_the_note_then_the_answer_to_the_question_asked(domain):
    tracker = make_tracker(intent="ask_number_of_sessions", text="how many acupuncture sessions will I need?")
    messages, _ = await run(tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_acupuncture_note", "utter_ask_number_of_sessions"]


async def test_no_acupuncture_note_when_the_question_is_the_difference(domain):
    tracker = make_tracker(intent="ask_dry_needling_vs_acupuncture", text="is it the same as acupuncture?")
    messages, _ = await run(tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_ask_dry_needling_vs_acupuncture"]


async def test_no_acupuncture_note_without_the_word(domain):
    tracker = make_tracker(intent="ask_number_of_sessions", text="how many sessions will I need?")
    messages, _ = await run(tracker, domain)
    assert [m.get("response") for m in messages] == ["utter_ask_number_of_sessions"]


async def test_the_cost_answer_without_fees_sends_to_the_front_desk_with_a_booking_button(domain, monkeypatch):
    # the cost answer is composed (utter_cost_unknown when no fee is set): its first button books
    monkeypatch.setenv("CLINIC_CONFIG", str(Path(__file__).resolve().parent / "fixtures" / "clinic_closed_no_fees.yml"))
    messages, _ = await run(make_tracker(intent="ask_cost_insurance"), domain)
    assert messages[0]["response"] == "utter_cost_unknown"
    assert offered_step(answered_then_yes("ask_cost_insurance", messages, domain)) == "book_appointment"


def answered_then_yes(intent, messages, domain):
    """The events a tracker holds after the patient asked `intent`, got `messages`, and said yes.

    The dispatcher keeps a response's name; the tracker gets the buttons Rasa renders from it.
    """
    def buttons(message):
        return message.get("buttons") or domain["responses"].get(message.get("response") or "", [{}])[0].get("buttons")

    bot = [{"event": "bot", "text": m.get("text"), "data": {"buttons": buttons(m)}} for m in messages]
    return [{"event": "user", "parse_data": {"intent": {"name": intent}}},
            {"event": "action", "name": "action_answer_question"}, *bot, {"event": "action", "name": "action_listen"},
            {"event": "user", "parse_data": {"intent": {"name": "affirm"}}}]


async def test_yes_after_several_answers_takes_the_step_the_last_one_offered(domain):
    tracker = make_tracker(intent="ask_session_steps", slots=CLINIC_SLOTS,
                           entities=questions("ask_session_steps", "ask_number_of_sessions"))
    messages, _ = await run(tracker, domain)
    offered = domain["responses"]["utter_ask_number_of_sessions"][0]["buttons"][0]["payload"].lstrip("/")
    assert offered_step(answered_then_yes("ask_session_steps", messages, domain)) == offered == "check_eligibility"


async def test_after_session_worry_has_its_answer_with_phone_and_911(domain):
    messages, _ = await run(make_tracker(intent="ask_after_session_concern"), domain)
    assert [m.get("response") for m in messages] == ["utter_ask_after_session_concern"]
    text = render_text(domain, "utter_ask_after_session_concern", CLINIC_SLOTS)
    assert "Call us at 403-555-0100" in text and "Call 911 straight away" in text


def test_render_text_fills_slots_and_leaves_unknown_placeholders_empty(domain):
    text = render_text(domain, "utter_default", {"clinic_phone": "403-555-0100"})
    assert text.endswith("403-555-0100.") and "{" not in text
    assert render_text(domain, "utter_default", {}).endswith("front desk at .")
    assert render_text(domain, "no_such_response", {}) == ""


def test_render_text_takes_the_variation_whose_slot_condition_holds(domain):
    after_warning = render_text(domain, "utter_default", {"warning_sign_reported": True, "emergency_number": "911"})
    assert after_warning.startswith("Please put your health first") and "call 911" in after_warning
    ordinary = render_text(domain, "utter_default", {"warning_sign_reported": False, "clinic_phone": "403-555-0100"})
    assert not ordinary.startswith("Please put your health first") and ordinary.endswith("403-555-0100.")


def test_a_long_untold_story_is_thanked_and_still_put_health_first_after_a_warning_sign(domain):
    ordinary = {"warning_sign_reported": False, "emergency_number": "911"}
    warned = {"warning_sign_reported": True, "emergency_number": "911"}
    story = render_text(domain, "utter_untold_story", ordinary)
    assert story.startswith("Thank you for telling me all of that") and "call 911 straight away" in story
    assert "put it another way" not in story
    after_warning = render_text(domain, "utter_untold_story", warned)
    assert after_warning == render_text(domain, "utter_default", warned)
    assert after_warning.startswith("Please put your health first")


def test_thanks_after_a_warning_sign_offer_no_booking(domain):
    warned = {"warning_sign_reported": True, "clinic_phone": "403-555-0100"}
    variation = choose_variation(domain["responses"]["utter_thank"], warned)
    assert variation["text"].startswith("You're welcome. Please do get checked")
    assert [button["payload"] for button in variation["buttons"]] == ["/human_handoff"]
    ordinary = choose_variation(domain["responses"]["utter_thank"], {"warning_sign_reported": False})
    assert "/book_appointment" in [button["payload"] for button in ordinary["buttons"]]
