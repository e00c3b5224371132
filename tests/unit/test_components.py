"""The custom NLU components on real text: intent override and checklist entities."""
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.checklist_fact_extractor import ChecklistFactExtractor
from components.emergency_sign_detector import EmergencySignDetector


@pytest.fixture(scope="module")
def detector():
    return EmergencySignDetector(EmergencySignDetector.get_default_config())


@pytest.fixture(scope="module")
def extractor():
    return ChecklistFactExtractor(ChecklistFactExtractor.get_default_config())


def classified(text, intent="ask_sciatica_symptoms", confidence=0.42):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    return message


def entities(message, name):
    return [entity["value"] for entity in message.get(ENTITIES, []) if entity["entity"] == name]


@pytest.mark.parametrize("classifier_intent", ["nlu_fallback", "ask_sciatica_symptoms", "affirm", "book_appointment"])
def test_reported_emergency_overrides_any_intent(detector, classifier_intent):
    message = classified("since yesterday i cant feel my privates and its hard to pee", classifier_intent)
    detector.process([message])
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "report_emergency"
    assert set(entities(message, "warning_sign")) == {"saddle_numbness", "bladder_problem"}


def test_see_doctor_sign_sets_its_own_intent(detector):
    message = classified("ive had a fever and chills with this back pain")
    detector.process([message])
    assert message.get(INTENT)["name"] == "report_red_flag"
    assert entities(message, "warning_sign") == ["fever"]


def test_emergency_outranks_see_doctor_in_one_message(detector):
    message = classified("I fell on the stairs and now my foot is dragging")
    detector.process([message])
    assert message.get(INTENT)["name"] == "report_emergency"


def test_hypothetical_question_becomes_the_warning_signs_question(detector):
    message = classified("what if I can't pee?", "nlu_fallback")
    detector.process([message])
    assert message.get(INTENT)["name"] == "ask_emergency_signs"
    assert entities(message, "warning_sign") == ["bladder_problem"]


@pytest.mark.parametrize("text", ["no numbness in my groin", "how long does a session take", "/affirm"])
def test_nothing_changes_without_a_reported_sign(detector, text):
    message = classified(text)
    detector.process([message])
    assert message.get(INTENT) == {"name": "ask_sciatica_symptoms", "confidence": 0.42}
    assert entities(message, "warning_sign") == []


def test_bad_config_is_rejected():
    with pytest.raises(ValueError, match="emergency_intent"):
        EmergencySignDetector({**EmergencySignDetector.get_default_config(), "emergency_intent": ""})


def test_checklist_answers_become_entities(extractor):
    message = Message(data={TEXT: "I'm not pregnant but I take Xarelto every day"})
    extractor.process([message])
    assert entities(message, "pregnancy") == ["no"]
    assert entities(message, "blood_thinners") == ["yes"]
    span = next(entity for entity in message.get(ENTITIES) if entity["entity"] == "blood_thinners")
    assert message.get(TEXT)[span["start"]:span["end"]] == "Xarelto"


def test_who_would_be_treated_becomes_an_entity(extractor):
    for_mum = Message(data={TEXT: "my mum is 78, can she try dry needling? she takes warfarin"})
    own = Message(data={TEXT: "I take warfarin, can I try dry needling?"})
    extractor.process([for_mum, own])
    assert entities(for_mum, "treated_person") == ["someone_else"]
    assert entities(for_mum, "blood_thinners") == ["yes"]
    assert entities(own, "treated_person") == []
    assert entities(own, "blood_thinners") == ["yes"]
    assert entities(for_mum, "pregnancy") == [] and entities(own, "pregnancy") == []


def test_a_man_to_be_treated_is_not_asked_about_pregnancy(extractor):
    for_dad = Message(data={TEXT: "can you book my dad in? he's 67 with sciatica"})
    extractor.process([for_dad])
    assert entities(for_dad, "treated_person") == ["someone_else"]
    assert entities(for_dad, "pregnancy") == ["no"]


def test_button_payloads_are_left_alone(extractor):
    message = Message(data={TEXT: "/affirm"})
    extractor.process([message])
    assert message.get(ENTITIES, []) == []


def test_unknown_words_go_to_the_fallback_with_the_ranking_kept():
    from components.unknown_words_guard import UnknownWordsGuard

    guard = UnknownWordsGuard(UnknownWordsGuard.get_default_config(), None, None,
                              vocabulary={"how", "long", "does", "a", "session", "take"})
    gibberish = classified("blorp fnarg qqq", "ask_blood_thinners", 0.97)
    typo = classified("how long does a sesion take", "ask_session_length", 0.9)
    guard.process([gibberish, typo])
    assert gibberish.get(INTENT)["name"] == "nlu_fallback"
    assert [entry["name"] for entry in gibberish.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "ask_blood_thinners"]
    assert typo.get(INTENT)["name"] == "ask_session_length"  # 5 of 6 words known


def test_unknown_words_guard_rejects_a_bad_ratio():
    from components.unknown_words_guard import UnknownWordsGuard

    with pytest.raises(ValueError, match="min_known_ratio"):
        UnknownWordsGuard({**UnknownWordsGuard.get_default_config(), "min_known_ratio": 2}, None, None)


def test_a_bare_contact_detail_gets_its_own_intent_with_the_ranking_kept():
    from components.contact_detail_intent import ContactDetailIntent

    marker = ContactDetailIntent(ContactDetailIntent.get_default_config())
    number = classified("555-0199", "human_handoff", 0.6)
    sentence = classified("can I talk to someone, my number is 555-0199", "human_handoff", 0.8)
    payload = classified("/human_handoff", "human_handoff", 1.0)
    marker.process([number, sentence, payload])
    assert number.get(INTENT) == {"name": "give_contact_detail", "confidence": 1.0}
    assert [entry["name"] for entry in number.get(INTENT_RANKING_KEY)] == ["give_contact_detail", "human_handoff"]
    assert sentence.get(INTENT)["name"] == "human_handoff"
    assert payload.get(INTENT)["name"] == "human_handoff"


@pytest.mark.parametrize("text, intent", [
    ("y", "affirm"), ("yess", "affirm"), ("yh", "affirm"), ("noo", "deny"), ("nope.", "deny"),
    ("nah thanks", "deny"), ("n", "deny"), ("dunno", "not_sure"), ("not sure", "not_sure"),
])
def test_a_bare_answer_gets_its_intent_with_the_ranking_kept(text, intent):
    from components.bare_answer_intent import BareAnswerIntent

    marker = BareAnswerIntent(BareAnswerIntent.get_default_config())
    message = classified(text, "nlu_fallback", 0.3)
    marker.process([message])
    assert message.get(INTENT) == {"name": intent, "confidence": 1.0}
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == [intent, "nlu_fallback"]


@pytest.mark.parametrize("text", ["no, not pregnant but I take warfarin", "yesterday", "ya know what I mean",
                                  "/deny", "nobody told me"])
def test_a_reply_that_says_more_keeps_the_classifiers_intent(text):
    from components.bare_answer_intent import BareAnswerIntent

    marker = BareAnswerIntent(BareAnswerIntent.get_default_config())
    message = classified(text, "ask_blood_thinners", 0.8)
    marker.process([message])
    assert message.get(INTENT) == {"name": "ask_blood_thinners", "confidence": 0.8}
