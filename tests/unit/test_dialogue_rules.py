"""The dialogue rules (data/rules/) as Rasa's RulePolicy learns them, on built conversations.

RulePolicy alone decides what the assistant does next (config.yml), so training it on the
project's domain and rules in memory (a few seconds, no model file) and asking it for the next
action checks the rules' wiring without `rasa train`. Training also fails on contradicting or
incomplete rules.
"""
import tempfile
from pathlib import Path

import numpy as np
import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from clinic.checklist import ITEM_IDS
from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def rules():
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(PROJECT_ROOT / "domain"), training_data_paths=[str(PROJECT_ROOT / "data" / "rules")])
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(importer.get_stories(), domain, remove_duplicates=True,
                                     augmentation_factor=0).generate()
    policy = RulePolicy(RulePolicy.get_default_config(), LocalModelStorage(Path(tempfile.mkdtemp())),
                        Resource("rule_policy"), ExecutionContext(GraphSchema({}), "unit-test"))
    policy.train(trackers, domain)
    return policy, domain


def next_action(rules, events):
    policy, domain = rules
    tracker = DialogueStateTracker.from_events("unit-test", events, slots=domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    return domain.action_names_or_texts[int(np.argmax(prediction.probabilities))]


def user(intent, text="..."):
    return [ActionExecuted("action_listen"), UserUttered(text, intent={"name": intent, "confidence": 1.0})]


def finished_checklist():
    """A checklist run to its outcome: consent, every answer no, "clear"."""
    return [
        *user("check_eligibility"), ActionExecuted("screening_form"), ActiveLoop("screening_form"),
        SlotSet("requested_slot", "screening_consent"), *user("affirm"), SlotSet("screening_consent", True),
        *(SlotSet(item_id, "no") for item_id in ITEM_IDS), ActionExecuted("screening_form"), ActiveLoop(None),
        SlotSet("requested_slot", None), ActionExecuted("action_screening_outcome"),
        SlotSet("screening_outcome", "clear"), SlotSet("screening_done", True),
    ]


def test_a_first_check_runs_the_checklist(rules):
    assert next_action(rules, user("check_eligibility")) == "screening_form"


def test_asking_again_after_an_outcome_restarts_the_checklist(rules):
    asked_again = finished_checklist() + user("check_eligibility", "actually I might be pregnant, can I still do it?")
    assert next_action(rules, asked_again) == "action_restart_screening"
    restarted = asked_again + [ActionExecuted("action_restart_screening"), SlotSet("screening_consent", None),
                               SlotSet("screening_outcome", None), SlotSet("screening_done", False)]
    assert next_action(rules, restarted) == "screening_form"


def test_booking_after_an_outcome_still_goes_straight_to_the_booking_form(rules):
    assert next_action(rules, finished_checklist() + user("book_appointment")) == "utter_booking_start"


def test_a_booking_request_before_any_checklist_runs_it_first(rules):
    assert next_action(rules, user("book_appointment")) == "utter_screening_intro"


@pytest.mark.parametrize("form", ["booking_form", "callback_form", "screening_form"])
def test_goodbye_in_the_middle_of_a_form_ends_the_form(rules, form):
    in_form = [*user("book_appointment"), ActionExecuted(form), ActiveLoop(form),
               SlotSet("requested_slot", "booking_name" if form != "screening_form" else "pregnancy")]
    said_bye = in_form + user("goodbye", "bye") + [ActionExecutionRejected(form)]
    assert next_action(rules, said_bye) == "action_end_conversation"
    assert next_action(rules, said_bye + [ActionExecuted("action_end_conversation")]) == "action_deactivate_loop"


def test_goodbye_outside_a_form_just_says_goodbye(rules):
    said_bye = user("goodbye", "bye")
    assert next_action(rules, said_bye) == "action_end_conversation"
    assert next_action(rules, said_bye + [ActionExecuted("action_end_conversation")]) == "action_listen"


def asked(intent, *entities):
    return [ActionExecuted("action_listen"),
            UserUttered("...", intent={"name": intent, "confidence": 1.0},
                        entities=[{"entity": entity, "value": "x", "start": 0, "end": 1} for entity in entities])]


def question_rules():
    """question intent -> the action its rule sends it to, from data/rules/questions.yml."""
    import yaml
    rules_file = yaml.safe_load((PROJECT_ROOT / "data" / "rules" / "questions.yml").read_text())
    plain = {}
    for rule in rules_file["rules"]:
        steps = rule["steps"]
        if len(steps) == 2 and "intent" in steps[0] and "entities" not in steps[0]:
            plain[steps[0]["intent"]] = steps[1]["action"]
    marked = [step["intent"] for rule in rules_file["rules"] for choice in rule["steps"] if "or" in choice
              for step in choice["or"] if "composed_answer" in step.get("entities", [])]
    return plain, marked


def test_plain_rules_answer_with_the_response_named_after_the_intent_and_every_question_can_be_marked(rules):
    plain, marked = question_rules()
    plain_answers = {intent: action for intent, action in plain.items() if action.startswith("utter_ask_")}
    assert len(plain_answers) >= 20
    assert all(action == f"utter_{intent}" for intent, action in plain_answers.items())
    # every question, plain or composed, goes to the answer action when the marker says so
    assert set(marked) == set(plain_answers) | {"ask_cost_insurance", "ask_location_hours"}


@pytest.mark.parametrize("intent", ["ask_what_is_dry_needling", "ask_pregnancy", "ask_emergency_signs"])
def test_a_question_gets_its_plain_response(rules, intent):
    assert next_action(rules, asked(intent)) == f"utter_{intent}"
    assert next_action(rules, asked(intent) + [ActionExecuted(f"utter_{intent}")]) == "action_listen"


@pytest.mark.parametrize("intent", ["ask_what_is_dry_needling", "ask_location_hours"])
def test_a_marked_question_goes_to_the_answer_action(rules, intent):
    assert next_action(rules, asked(intent, "composed_answer", "question_intent")) == "action_answer_question"


def test_fees_hours_and_one_warning_sign_need_the_answer_action(rules):
    assert next_action(rules, asked("ask_cost_insurance")) == "action_answer_question"
    assert next_action(rules, asked("ask_location_hours")) == "action_answer_question"
    assert next_action(rules, asked("ask_emergency_signs", "warning_sign")) == "action_answer_question"


@pytest.mark.parametrize("form", ["booking_form", "callback_form", "screening_form"])
def test_a_question_in_the_middle_of_a_form_gets_its_answer_then_the_form_goes_on(rules, form):
    in_form = [*user("book_appointment"), ActionExecuted(form), ActiveLoop(form),
               SlotSet("requested_slot", "booking_name" if form != "screening_form" else "pregnancy")]
    question = in_form + asked("ask_how_it_feels") + [ActionExecutionRejected(form)]
    assert next_action(rules, question) == "utter_ask_how_it_feels"
    assert next_action(rules, question + [ActionExecuted("utter_ask_how_it_feels")]) == form


def test_yes_after_anything_goes_to_the_offered_step_action(rules):
    assert next_action(rules, asked("ask_session_length") + [ActionExecuted("utter_ask_session_length")]
                       + user("affirm")) == "action_follow_offer"
    assert next_action(rules, user("affirm")) == "action_follow_offer"
    assert next_action(rules, user("deny")) == "utter_anything_else"


@pytest.mark.parametrize("form", ["booking_form", "callback_form"])
def test_a_contact_detail_in_a_form_is_the_forms_answer(rules, form):
    asked_contact = [*user("book_appointment"), ActionExecuted(form), ActiveLoop(form),
                     SlotSet("requested_slot", "booking_contact")]
    assert next_action(rules, asked_contact + user("give_contact_detail", "555-0199")) == form


def test_a_contact_detail_out_of_the_blue_gets_the_front_desk_and_a_callback_offer(rules):
    assert next_action(rules, user("give_contact_detail", "403 555 0199")) == "action_human_handoff"
