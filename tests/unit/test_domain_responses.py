"""The responses plain rules send, filled by Rasa itself from the slots' initial values; the
emergency rules; the warning-sign slot; and the generated domain/clinic_details.yml."""
import asyncio
import re
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.settings import load_settings
from scripts.render_clinic_domain import CLINIC_SLOTS, OUTPUT, render

ROOT = Path(__file__).resolve().parents[2]
ALWAYS_CHECKED = {"utter_greet", "utter_emergency_advice", "utter_see_doctor_advice", "utter_default"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


def rules(name="*"):
    found = []
    for path in sorted((ROOT / "data" / "rules").glob(f"{name}.yml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    return found


def responses_named_in_rules():
    return {step["action"] for rule in rules() for step in rule["steps"]
            if str(step.get("action", "")).startswith("utter_")}


CHECKED = sorted(ALWAYS_CHECKED | responses_named_in_rules())


def rendered(domain, response):
    """Every variation of `response` as Rasa's own NLG fills it on a new conversation."""
    tracker = DialogueStateTracker.from_events("test", [], slots=domain.slots)
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    texts = []
    for variation in domain.responses[response]:
        # one variation at a time: Rasa picks one at random; a conditional one where its condition holds
        single = TemplatedNaturalLanguageGenerator({response: [variation]})
        conditions = [SlotSet(c["name"], c["value"]) for c in variation.get("condition", []) if c["type"] == "slot"]
        where = DialogueStateTracker.from_events("test", conditions, slots=domain.slots) if conditions else tracker
        message = asyncio.run(single.generate(response, where, "rest"))
        texts.append(message["text"])
    assert asyncio.run(generator.generate(response, tracker, "rest"))["text"] in texts
    return texts


def test_the_checked_responses_include_the_rule_responses():
    assert {"utter_thank", "utter_anything_else", "utter_booking_after_warning_sign"} <= set(CHECKED)


@pytest.mark.parametrize("response", CHECKED)
def test_a_rule_response_is_fully_filled_from_the_slots(domain, response):
    assert response in domain.responses
    for text in rendered(domain, response):
        assert text.strip()
        assert "None" not in text
        assert PLACEHOLDER.findall(text) == []


@pytest.mark.parametrize("response", CHECKED)
def test_a_rule_response_uses_only_slots_with_an_initial_value(domain, response):
    initial = {slot.name: slot.initial_value for slot in domain.slots}
    for variation in domain.responses[response]:
        for name in PLACEHOLDER.findall(variation.get("text", "")):
            assert initial.get(name[1:-1]) not in (None, ""), name


def test_the_emergency_advice_names_the_emergency_number(domain):
    number = load_settings().emergency_number
    for response in ("utter_emergency_advice", "utter_see_doctor_advice", "utter_greet"):
        assert all(f"call {number}" in text for text in rendered(domain, response))


def test_the_greeting_names_the_clinic(domain):
    assert all(load_settings().name in text for text in rendered(domain, "utter_greet"))


# ---- the emergency rules --------------------------------------------------------------------------

def test_the_emergency_rules_use_only_responses_and_rasas_loop_deactivation(domain):
    safety = rules("safety")
    assert len(safety) >= 2
    actions = [step["action"] for rule in safety for step in rule["steps"] if "action" in step]
    assert actions
    custom = [a for a in actions if not (a.startswith("utter_") or a == "action_deactivate_loop")]
    assert custom == []
    assert {a for a in actions if a.startswith("utter_")} <= set(domain.responses)


@pytest.mark.parametrize("intent, response", [
    ("report_emergency", "utter_emergency_advice"),
    ("report_red_flag", "utter_see_doctor_advice"),
])
def test_each_reported_sign_is_answered_first_then_any_form_stopped(intent, response):
    for rule in rules("safety"):
        steps = rule["steps"]
        if steps[0].get("intent") == intent:
            assert steps[1:] == [{"action": response}, {"action": "action_deactivate_loop"}, {"active_loop": None}]
    assert any(rule["steps"][0].get("intent") == intent and "condition" not in rule for rule in rules("safety"))


# ---- the warning-sign slot ------------------------------------------------------------------------

def test_warning_sign_reported_is_set_from_the_sign_intents(domain):
    slot = next(slot for slot in domain.slots if slot.name == "warning_sign_reported")
    assert slot.initial_value is False
    assert slot.mappings == [
        {"type": "from_intent", "intent": "report_emergency", "value": True},
        {"type": "from_intent", "intent": "report_red_flag", "value": True},
    ]
    assert {"report_emergency", "report_red_flag"} <= set(domain.intents)


# ---- domain/clinic_details.yml ---------------------------------------------------------------------

def test_render_makes_one_text_slot_per_clinic_detail():
    settings = load_settings()
    values = {**settings.template_values(), "hours_lines": settings.hours_lines(), **settings.note_values()}
    text = render()
    assert text.startswith("# GENERATED from clinic.yml")
    document = yaml.safe_load(text)
    assert document["version"] == "3.1"
    # the hours and the cost notes too: plain stand-ins for the composed answers
    assert list(document["slots"]) == list(CLINIC_SLOTS) + ["hours_lines", "insurance_note", "referral_note"]
    for name, slot in document["slots"].items():
        assert slot == {"type": "text", "initial_value": values[name], "influence_conversation": False,
                        "mappings": [{"type": "custom"}]}


def test_render_reads_the_given_clinic_file(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text(yaml.safe_dump({
        "name": 'St. Mary\'s "Back" Clinic: #1', "phone": "+44 20 7946 0000", "address": "1 High St, London",
        "booking_link": "https://example.org/book?a=1&b=2", "emergency_number": "999",
        "timezone": "Europe/London", "hours": {"monday": "09:00-17:00"}, "referral_note": "No referral needed.",
    }), encoding="utf-8")
    slots = yaml.safe_load(render(str(config)))["slots"]
    assert {name: slot["initial_value"] for name, slot in slots.items()} == {
        "clinic_name": 'St. Mary\'s "Back" Clinic: #1',
        "clinic_phone": "+44 20 7946 0000",
        "clinic_address": "1 High St, London",
        "booking_link": "https://example.org/book?a=1&b=2",
        "emergency_number": "999",
        "hours_lines": "Mon: 09:00-17:00\nTue-Sun: closed",
        "insurance_note": "",
        "referral_note": "No referral needed. ",
    }


def test_render_makes_a_domain_rasa_accepts(tmp_path):
    path = tmp_path / "clinic_details.yml"
    path.write_text(render(), encoding="utf-8")
    details = Domain.load(str(path))
    assert {slot.name: slot.initial_value for slot in details.slots if slot.name in CLINIC_SLOTS} == {
        name: load_settings().template_values()[name] for name in CLINIC_SLOTS}
    assert len(details.responses) == 0


def test_the_generated_file_is_up_to_date_with_clinic_yml():
    # `make install` / `make train` regenerate it; a stale copy would greet with old details
    assert OUTPUT == ROOT / "domain" / "clinic_details.yml"
    assert OUTPUT.read_text(encoding="utf-8") == render()


@pytest.mark.parametrize("response", ["utter_ask_help", "utter_default"])
def test_after_a_warning_sign_help_and_not_understood_put_health_first(domain, response):
    # "what should I do?" right after the emergency advice must not get a menu of needling topics
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    warned = DialogueStateTracker.from_events("test", [SlotSet("warning_sign_reported", True)], slots=domain.slots)
    text = asyncio.run(generator.generate(response, warned, "rest"))["text"]
    assert text.startswith("Please put your health first.")
    assert "call 911" in text  # clinic.yml's emergency number
    fresh = DialogueStateTracker.from_events("test", [], slots=domain.slots)
    assert "health first" not in asyncio.run(generator.generate(response, fresh, "rest"))["text"]


CHECKLIST_QUESTIONS = sorted(name for name in Domain.load(str(ROOT / "domain")).responses
                             if name.startswith("utter_ask_screening_form_"))


def test_the_checklist_has_its_questions():
    assert len(CHECKLIST_QUESTIONS) == 12  # the consent question and eleven health questions


@pytest.mark.parametrize("response", CHECKLIST_QUESTIONS)
def test_each_checklist_question_asks_about_the_person_who_would_be_treated(domain, response):
    # asked of "you" by default and of "they" once the patient says it is for a relative; never of
    # "the person who would be treated", which read oddly to someone asking for themselves
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    for treated, words in [(None, "you|your"), ("someone_else", "they|their|them")]:
        events = [SlotSet("treated_person", treated)] if treated else []
        tracker = DialogueStateTracker.from_events("test", events, slots=domain.slots)
        text = asyncio.run(generator.generate(response, tracker, "rest"))["text"]
        assert re.search(rf"\b(?:{words})\b", text, re.IGNORECASE), text
        assert "person who would be treated" not in text
