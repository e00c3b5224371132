"""Custom actions, run on built trackers with the real domain: events and responses."""
from pathlib import Path

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerQuestion, ActionFollowOffer, render_text
from actions.screening import (
    ActionExplainQuestion,
    ActionRestartScreening,
    ActionScreeningOutcome,
    ActionStopScreening,
    ValidateScreeningForm,
)
from actions.session import ActionEndConversation
from actions.slots import HEALTH_SLOTS
from clinic.checklist import ITEM_IDS
from tests.conftest import make_tracker


async def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return dispatcher.messages, events


def responses(messages):
    return [message["response"] for message in messages]


def all_no():
    return {item_id: "no" for item_id in ITEM_IDS}


async def test_goodbye_clears_every_health_answer(domain):
    messages, events = await run(ActionEndConversation(), make_tracker(slots=all_no()), domain)
    assert responses(messages) == ["utter_goodbye"]
    assert {event["name"] for event in events if event["value"] is None} >= set(HEALTH_SLOTS)


async def test_goodbye_in_a_begun_request_says_it_was_not_sent(domain):
    tracker = make_tracker(slots={"booking_name": "Jane Smith", "booking_contact": "403-555-0123",
                                  "requested_slot": "booking_confirmed"}, intent="goodbye", active_loop="booking_form")
    messages, events = await run(ActionEndConversation(), tracker, domain)
    assert responses(messages) == ["utter_request_not_sent", "utter_goodbye"]
    assert {"event": "slot", "name": "booking_name", "value": None, "timestamp": None} in events


async def test_goodbye_before_any_detail_of_a_request_is_only_goodbye(domain):
    tracker = make_tracker(slots={"requested_slot": "booking_name"}, intent="goodbye", active_loop="callback_form")
    messages, _ = await run(ActionEndConversation(), tracker, domain)
    assert responses(messages) == ["utter_goodbye"]


def answered(intent, response, then="affirm"):
    """Events of a conversation: the patient asked `intent`, got `response` (with its buttons), then said `then`."""
    return [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "...", "parse_data": {"intent": {"name": intent, "confidence": 1.0}}},
        {"event": "action", "name": response},
        {"event": "bot", "text": "...", "metadata": {"utter_action": response},
         "data": {"buttons": [{"title": "t", "payload": f"/{step}"} for step in BUTTONS[response]]}},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes", "parse_data": {"intent": {"name": then, "confidence": 1.0}}},
    ]


BUTTONS = {"utter_ask_what_is_sciatica": ["ask_sciatica_symptoms", "ask_how_it_helps_sciatica"],
           "utter_ask_safety_evidence": ["check_eligibility", "ask_side_effects"],
           "utter_ask_who_performs": ["book_appointment"],
           "utter_ask_help": ["ask_what_is_dry_needling"]}


async def test_faq_question_gets_its_own_response(domain):
    messages, events = await run(ActionAnswerQuestion(), make_tracker(intent="ask_session_length"), domain)
    assert responses(messages) == ["utter_ask_session_length"]
    assert events == []


async def test_yes_after_an_answer_gives_the_offered_answer(domain):
    tracker = make_tracker(intent="affirm", events=answered("ask_what_is_sciatica", "utter_ask_what_is_sciatica"))
    messages, _ = await run(ActionFollowOffer(), tracker, domain)
    assert responses(messages) == ["utter_ask_sciatica_symptoms"]


async def test_yes_to_the_checklist_offer_starts_the_checklist(domain):
    tracker = make_tracker(intent="affirm", events=answered("ask_safety_evidence", "utter_ask_safety_evidence"))
    _, events = await run(ActionFollowOffer(), tracker, domain)
    assert events[-1] == FollowupAction("screening_form")


async def test_yes_to_booking_after_a_warning_sign_is_refused(domain):
    tracker = make_tracker(intent="affirm", slots={"warning_sign_reported": True},
                           events=answered("ask_who_performs", "utter_ask_who_performs"))
    messages, events = await run(ActionFollowOffer(), tracker, domain)
    assert responses(messages) == ["utter_booking_after_warning_sign"]
    assert not any(event.get("event") == "followup" for event in events)


async def test_yes_after_something_that_is_no_answer_asks_what_else(domain):
    # "what can you do?" lists topics with buttons, but offers no one next step
    tracker = make_tracker(intent="affirm", events=answered("ask_help", "utter_ask_help"))
    messages, events = await run(ActionFollowOffer(), tracker, domain)
    assert responses(messages) == ["utter_anything_else"] and events == []
    messages, _ = await run(ActionFollowOffer(), make_tracker(intent="affirm"), domain)
    assert responses(messages) == ["utter_anything_else"]


async def test_every_question_intent_in_the_rules_has_an_answer(domain):
    import yaml

    from actions.answers import COMPOSED_ANSWERS

    rules = yaml.safe_load(Path("data/rules/questions.yml").read_text())["rules"]
    intents = {step["intent"] for rule in rules for choice in rule["steps"] if "or" in choice for step in choice["or"]}
    assert len(intents) >= 25
    for intent in intents:
        assert intent in COMPOSED_ANSWERS or f"utter_{intent}" in domain["responses"], intent


async def test_unknown_fees_send_the_patient_to_the_front_desk(domain, clinic_file):
    clinic_file("clinic_closed_no_fees.yml")
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="ask_cost_insurance"), domain)
    assert responses(messages) == ["utter_cost_unknown"]


async def test_known_fees_are_listed(domain, clinic_file):
    clinic_file("clinic_with_fees.yml")
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="ask_cost_insurance"), domain)
    assert responses(messages) == ["utter_cost_known"]
    assert messages[0]["fee_lines"] == "Initial assessment: $95\nDry needling session: $70"


async def test_location_gives_hours_and_open_now(domain, clinic_file):
    clinic_file("clinic_with_fees.yml")  # open around the clock
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="ask_location_hours"), domain)
    assert responses(messages) == ["utter_ask_location_hours", "utter_open_now"]
    assert messages[0]["hours_lines"].startswith("Mon")


async def test_location_says_closed_when_closed(domain, clinic_file):
    clinic_file("clinic_closed_no_fees.yml")  # closed every day
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="ask_location_hours"), domain)
    assert responses(messages) == ["utter_ask_location_hours", "utter_closed_now"]


async def test_question_about_one_warning_sign_explains_that_sign(domain):
    tracker = make_tracker(intent="ask_emergency_signs",
                           entities=[{"entity": "warning_sign", "value": "bladder_problem"}])
    messages, _ = await run(ActionAnswerQuestion(), tracker, domain)
    assert responses(messages) == ["utter_warning_sign_explained"]
    assert messages[0]["warning_signs"].startswith("new trouble passing")


async def test_general_warning_sign_question_lists_them_all(domain):
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="ask_emergency_signs"), domain)
    assert responses(messages) == ["utter_ask_emergency_signs"]


async def test_unknown_intent_falls_back(domain):
    messages, _ = await run(ActionAnswerQuestion(), make_tracker(intent="no_such_intent"), domain)
    assert responses(messages) == ["utter_default"]


async def test_form_asks_every_item_after_consent(domain):
    slots = await ValidateScreeningForm().required_slots([], CollectingDispatcher(), make_tracker(), domain)
    assert slots == ["screening_consent", *ITEM_IDS]


async def test_form_ends_when_consent_is_refused(domain):
    tracker = make_tracker(slots={"screening_consent": False})
    assert await ValidateScreeningForm().required_slots([], CollectingDispatcher(), tracker, domain) == []


async def test_form_skips_volunteered_answers_and_stops_after_a_stop_answer(domain):
    form = ValidateScreeningForm()
    volunteered = make_tracker(slots={"screening_consent": True, "blood_thinners": "yes"})
    assert "blood_thinners" not in await form.required_slots([], CollectingDispatcher(), volunteered, domain)
    stopped = make_tracker(slots={"screening_consent": True, "needle_fear": "yes"})
    assert await form.required_slots([], CollectingDispatcher(), stopped, domain) == ["screening_consent"]


async def test_outcome_clear_offers_booking(domain):
    tracker = make_tracker(slots={"screening_consent": True, **all_no()})
    messages, events = await run(ActionScreeningOutcome(), tracker, domain)
    assert responses(messages) == ["utter_screening_clear"]
    assert SlotSet("screening_outcome", "clear") in events and SlotSet("screening_done", True) in events


async def test_outcome_names_the_items_behind_it(domain):
    tracker = make_tracker(slots={"screening_consent": True, **all_no(), "pregnancy": "unsure",
                                  "blood_thinners": "yes"})
    messages, events = await run(ActionScreeningOutcome(), tracker, domain)
    assert responses(messages) == ["utter_screening_ask_physio"]
    assert messages[0]["reasons"] == "pregnancy or a possible pregnancy and blood-thinning medication"
    assert SlotSet("screening_outcome", "ask_physio") in events


async def test_outcome_stop_offers_alternatives(domain):
    tracker = make_tracker(slots={"screening_consent": True, "needle_fear": "yes"})
    messages, events = await run(ActionScreeningOutcome(), tracker, domain)
    assert responses(messages) == ["utter_screening_stop"]
    assert messages[0]["reasons"] == "a strong fear of needles"


async def test_tell_physio_outcome_names_what_to_mention(domain):
    tracker = make_tracker(slots={"screening_consent": True, **all_no(), "metal_allergy": "yes"})
    messages, _ = await run(ActionScreeningOutcome(), tracker, domain)
    assert responses(messages) == ["utter_screening_tell_physio"]
    assert messages[0]["reasons"] == "a metal allergy"


async def test_declined_consent_gives_the_front_desk_and_keeps_nothing(domain):
    tracker = make_tracker(slots={"screening_consent": False})
    messages, events = await run(ActionScreeningOutcome(), tracker, domain)
    assert responses(messages) == ["utter_screening_declined"]
    assert SlotSet("screening_consent", None) in events
    assert not any(event.get("name") == "screening_done" for event in events)


async def test_why_do_you_ask_explains_the_current_question(domain):
    tracker = make_tracker(slots={"requested_slot": "blood_thinners"}, intent="ask_why")
    messages, _ = await run(ActionExplainQuestion(), tracker, domain)
    assert responses(messages) == ["utter_why_blood_thinners"]


async def test_every_question_has_a_why_answer(domain):
    for item_id in ("screening_consent", *ITEM_IDS):
        assert f"utter_ask_screening_form_{item_id}" in domain["responses"]
        assert f"utter_why_{item_id}" in domain["responses"]


async def test_stop_leaves_the_form_and_forgets_the_answers(domain):
    messages, events = await run(ActionStopScreening(), make_tracker(slots=all_no()), domain)
    assert responses(messages) == ["utter_screening_stopped"]
    assert ActiveLoop(None) in events
    assert SlotSet("pregnancy", None) in events


async def test_a_reply_opening_with_no_answers_the_question_whatever_the_intent(domain):
    tracker = make_tracker(slots={"requested_slot": "skin_problem", "screening_consent": True},
                           intent="ask_skin_infection", text="no my skin is fine", active_loop="screening_form")
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("skin_problem", "no") in events


async def test_consent_from_a_leading_yes(domain):
    tracker = make_tracker(slots={"requested_slot": "screening_consent"}, intent="not_sure",
                           text="sure why not", active_loop="screening_form")
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("screening_consent", True) in events


async def test_an_emergency_opening_with_no_is_not_an_answer(domain):
    tracker = make_tracker(slots={"requested_slot": "pregnancy", "screening_consent": True},
                           intent="report_emergency", text="no but I cant feel my groin", active_loop="screening_form")
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert not any(event.get("name") == "pregnancy" for event in events)


def finished(**answers):
    """Slots after a finished checklist (every answer no unless given) and its outcome."""
    return {"screening_consent": True, **all_no(), **answers, "screening_outcome": "clear", "screening_done": True}


def applied(slots, events):
    """The slots after the events."""
    return {**slots, **{event["name"]: event["value"] for event in events if event.get("event") == "slot"}}


async def test_asking_again_after_an_outcome_forgets_consent_answers_and_outcome(domain):
    slots = finished(blood_thinners="yes")
    tracker = make_tracker(slots=slots, intent="check_eligibility", text="can you check again if it suits me")
    messages, events = await run(ActionRestartScreening(), tracker, domain)
    assert messages == []
    assert events == [*(SlotSet(slot, None) for slot in HEALTH_SLOTS), SlotSet("screening_outcome", None),
                      SlotSet("screening_done", False)]


async def test_the_fresh_checklist_asks_consent_and_every_question_again(domain):
    tracker = make_tracker(slots=finished(), intent="check_eligibility")
    _, events = await run(ActionRestartScreening(), tracker, domain)
    restarted = make_tracker(slots=applied(finished(), events), active_loop="screening_form")
    assert await ValidateScreeningForm().required_slots([], CollectingDispatcher(), restarted, domain) == [
        "screening_consent", *ITEM_IDS]


async def test_an_answer_in_the_message_that_asks_again_is_kept_and_not_asked(domain):
    # "I just found out I'm pregnant, can I still have it?": action_extract_slots set pregnancy first
    slots = finished(pregnancy="yes")
    tracker = make_tracker(slots=slots, intent="check_eligibility",
                           text="I just found out I'm pregnant, can I still have dry needling?",
                           entities=[{"entity": "pregnancy", "value": "yes", "start": 20, "end": 28}])
    _, events = await run(ActionRestartScreening(), tracker, domain)
    assert not any(event["name"] == "pregnancy" for event in events)
    assert SlotSet("blood_thinners", None) in events and SlotSet("screening_consent", None) in events
    restarted = make_tracker(slots=applied(slots, events), active_loop="screening_form")
    assert await ValidateScreeningForm().required_slots([], CollectingDispatcher(), restarted, domain) == [
        "screening_consent", *(item for item in ITEM_IDS if item != "pregnancy")]


async def test_the_fresh_checklist_gives_a_new_outcome(domain):
    _, events = await run(ActionRestartScreening(), make_tracker(slots=finished(), intent="check_eligibility"), domain)
    answered_again = {**applied(finished(), events), "screening_consent": True, **all_no(), "needle_fear": "yes"}
    messages, outcome_events = await run(ActionScreeningOutcome(), make_tracker(slots=answered_again), domain)
    assert responses(messages) == ["utter_screening_stop"]
    assert SlotSet("screening_outcome", "stop") in outcome_events


async def test_a_first_checklist_keeps_answers_given_before_it(domain):
    # "im on eliquis" before any checklist: nothing to forget, and blood thinners are not asked
    tracker = make_tracker(slots={"blood_thinners": "yes", "screening_done": False}, intent="check_eligibility")
    _, events = await run(ActionRestartScreening(), tracker, domain)
    assert events == []


def user_turn_setting(slot, value, text):
    """The events Rasa sends for a user message whose intent mapping set `slot`."""
    return [{"event": "user", "text": text}, SlotSet(slot, value)]


async def test_an_age_given_to_another_question_keeps_the_age_and_takes_back_the_no(domain):
    # "I'm 45" classified as deny: Rasa's from_intent mapping set bleeding_disorder to "no"
    tracker = make_tracker(
        slots={"requested_slot": "bleeding_disorder", "screening_consent": True, "pregnancy": "no",
               "bleeding_disorder": "no", "under_18": "no"},
        intent="deny", text="I'm 45", entities=[{"entity": "under_18", "value": "no"}],
        active_loop="screening_form",
        events=user_turn_setting("bleeding_disorder", "no", "I'm 45") + [SlotSet("under_18", "no")])
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("bleeding_disorder", None) in events
    assert SlotSet("under_18", None) not in events


async def test_a_no_with_an_age_in_it_still_answers_the_question(domain):
    text = "no, and I'm 45"
    tracker = make_tracker(
        slots={"requested_slot": "bleeding_disorder", "screening_consent": True, "bleeding_disorder": "no"},
        intent="deny", text=text, entities=[{"entity": "under_18", "value": "no"}],
        active_loop="screening_form", events=user_turn_setting("bleeding_disorder", "no", text))
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("bleeding_disorder", None) not in events


def user_turn_then(*slot_values):
    """The events of a turn whose message filled these slots (as action_extract_slots does)."""
    return [{"event": "user", "text": "..."}] + [
        {"event": "slot", "name": name, "value": value} for name, value in slot_values]


async def test_a_question_told_with_a_checklist_answer_is_answered_and_the_form_goes_on(domain):
    # at the consent prompt: "she takes warfarin every day, can she still have it" fills blood_thinners, so
    # the form is not rejected and no rule answers the question: the validation action does, without buttons
    tracker = make_tracker(
        slots={"requested_slot": "screening_consent", "blood_thinners": "yes", "emergency_number": "911"},
        intent="ask_blood_thinners", text="she takes warfarin every day, can she still have it",
        active_loop="screening_form", entities=[{"entity": "blood_thinners", "value": "yes"}],
        events=user_turn_then(("blood_thinners", "yes")))
    messages, events = await run(ValidateScreeningForm(), tracker, domain)
    assert not any(event.get("name") == "blood_thinners" for event in events)  # kept as extracted
    offer = " Want to check if it suits you? I can run a quick health checklist."
    full = render_text(domain, "utter_ask_blood_thinners", tracker.slots)
    assert full.endswith(offer)
    assert [m["text"] for m in messages] == [full[:-len(offer)]]
    assert not messages[0]["buttons"]


async def test_a_question_that_fills_no_checklist_slot_is_left_to_its_rule(domain):
    # the form is rejected and the question's rule answers it: answering here too would say it twice
    tracker = make_tracker(slots={"requested_slot": "pregnancy", "screening_consent": True},
                           intent="ask_cost_insurance", text="how much is it?", active_loop="screening_form",
                           events=user_turn_then())
    messages, events = await run(ValidateScreeningForm(), tracker, domain)
    assert messages == [] and events == []


async def test_a_plain_answer_gets_no_extra_message(domain):
    tracker = make_tracker(slots={"requested_slot": "pregnancy", "screening_consent": True, "pregnancy": "no"},
                           intent="deny", text="no", active_loop="screening_form",
                           events=user_turn_then(("pregnancy", "no")))
    messages, _ = await run(ValidateScreeningForm(), tracker, domain)
    assert messages == []


async def test_saying_mid_checklist_that_it_is_for_someone_else_asks_the_question_again(domain):
    # "no, it's for my husband": the "no" is about who, not a "no" to the question asked
    text = "no, it's for my husband actually"
    tracker = make_tracker(
        slots={"requested_slot": "pregnancy", "screening_consent": True, "pregnancy": "no",
               "treated_person": "someone_else"},
        intent="deny", text=text, entities=[{"entity": "treated_person", "value": "someone_else"}],
        active_loop="screening_form",
        events=user_turn_setting("pregnancy", "no", text) + [SlotSet("treated_person", "someone_else")])
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("pregnancy", None) in events


async def test_naming_the_same_relative_again_still_answers_the_question(domain):
    # the checklist already asks about mum: "no, my mum has never bled easily" is a plain no
    text = "no, my mum has never bled easily"
    tracker = make_tracker(
        slots={"requested_slot": "bleeding_disorder", "screening_consent": True, "bleeding_disorder": "no",
               "treated_person": "someone_else"},
        intent="deny", text=text, entities=[{"entity": "treated_person", "value": "someone_else"}],
        active_loop="screening_form",
        events=[SlotSet("treated_person", "someone_else")] + user_turn_setting("bleeding_disorder", "no", text)
        + [SlotSet("treated_person", "someone_else")])
    events = await ValidateScreeningForm().get_extraction_events(CollectingDispatcher(), tracker, domain)
    assert SlotSet("bleeding_disorder", None) not in events
