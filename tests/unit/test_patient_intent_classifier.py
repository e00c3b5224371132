"""components/patient_intent_classifier.py through Rasa's own storage, and its hand-off to
components/emergency_sign_detector.py."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.emergency_sign_detector import EmergencySignDetector
from components.patient_intent_classifier import LEARNED_EMERGENCY, MODEL_FILE, PatientIntentClassifier
from tests.unit.small_training_set import TRAINING


def training_data():
    examples = [Message(data={TEXT: text, INTENT: intent}) for intent, texts in TRAINING.items() for text in texts]
    # a message without an intent (a response example, say) is not trained on
    examples.append(Message(data={TEXT: "an example without an intent"}))
    return TrainingData(training_examples=examples)


def config(**changes):
    return {**PatientIntentClassifier.get_default_config(), **changes}


# ---- configuration --------------------------------------------------------------------------------

def test_the_default_config_is_valid():
    PatientIntentClassifier.validate_config(config())


@pytest.mark.parametrize("changes, message", [
    ({"emergency_threshold": 0.0}, "emergency_threshold"),
    ({"emergency_threshold": 1.0}, "emergency_threshold"),
    ({"emergency_threshold": 1.5}, "emergency_threshold"),
    ({"question_threshold": -0.1}, "question_threshold"),
    ({"question_threshold": 1}, "question_threshold"),
    ({"c": 0}, "'c' must be > 0"),
    ({"c": -1.0}, "'c' must be > 0"),
    ({"embedding_weight": -0.5}, "embedding_weight"),
    ({"max_questions": 0}, "max_questions"),
])
def test_bad_settings_are_rejected(changes, message):
    with pytest.raises(ValueError, match=message):
        PatientIntentClassifier.validate_config(config(**changes))


def test_n_grams_only_is_a_valid_setting():
    PatientIntentClassifier.validate_config(config(embedding_weight=0))


def test_the_constructor_validates_too(tmp_path):
    with pytest.raises(ValueError, match="max_questions"):
        PatientIntentClassifier(config(max_questions=0), LocalModelStorage(tmp_path), Resource("x"))


# ---- train, persist, load, process ----------------------------------------------------------------

@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("model_storage"))


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test-model")


@pytest.fixture(scope="module")
def trained(storage, context):
    component = PatientIntentClassifier.create(config(), storage, Resource("x"), context)
    resource = component.train(training_data())
    return component, resource


@pytest.fixture(scope="module")
def loaded(trained, storage, context):
    _, resource = trained
    return PatientIntentClassifier.load(config(), storage, resource, context)


def test_training_writes_the_model_without_the_encoder(trained, storage):
    component, resource = trained
    assert resource == Resource("x")
    with storage.read_from(resource) as directory:
        assert (directory / MODEL_FILE).is_file()
    assert callable(component.model.encode)  # given back after pickling


def test_the_loaded_model_has_its_encoder_and_its_intents(loaded):
    assert callable(loaded.model.encode)
    assert sorted(loaded.model.intents.classes_) == ["ask_how_it_feels", "ask_session_length",
                                                     "ask_what_is_dry_needling", "greet"]


def process(component, text):
    message = Message(data={TEXT: text})
    component.process([message])
    return message


def questions(message):
    return [(e["value"], e["start"], e["end"]) for e in message.get(ENTITIES, []) if e["entity"] == "question_intent"]


@pytest.mark.parametrize("text, intent", [
    ("hello there", "greet"),
    ("what is dry needling?", "ask_what_is_dry_needling"),
    ("is the procedure painful", "ask_how_it_feels"),
    ("how long do the appointments go for", "ask_session_length"),
])
def test_the_loaded_component_sets_the_intent(loaded, text, intent):
    message = process(loaded, text)
    assert message.get(INTENT)["name"] == intent
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == message.get(INTENT)
    assert sorted(entry["name"] for entry in ranking) == sorted(loaded.model.intents.classes_)
    assert questions(message) == []
    assert message.get(LEARNED_EMERGENCY) is None


def test_loaded_and_trained_components_agree(trained, loaded):
    component, _ = trained
    for text in ("does it hurt?", "i wet myself last night", "does it hurt and how long does a session take?"):
        first, second = process(component, text), process(loaded, text)
        assert first.get(INTENT)["name"] == second.get(INTENT)["name"]
        assert first.get(INTENT)["confidence"] == pytest.approx(second.get(INTENT)["confidence"], rel=1e-6)
        assert questions(first) == questions(second)
        assert first.get(LEARNED_EMERGENCY) == second.get(LEARNED_EMERGENCY)


def test_two_questions_become_entities_in_order_with_their_spans(loaded):
    text = "does it hurt and how long does a session take?"
    message = process(loaded, text)
    assert questions(message) == [("ask_how_it_feels", 0, 12), ("ask_session_length", 17, 46)]
    assert [text[s:e] for _, s, e in questions(message)] == ["does it hurt", "how long does a session take?"]
    # the first question asked is the message's intent, and heads the ranking
    assert message.get(INTENT)["name"] == "ask_how_it_feels"
    assert message.get(INTENT_RANKING_KEY)[0] is message.get(INTENT)
    entity = message.get(ENTITIES)[0]
    assert entity["extractor"] == "PatientIntentClassifier"
    assert "question_intent" in [e["entity"] for e in message.as_dict(only_output_properties=True)[ENTITIES]]


def test_question_entities_keep_earlier_entities(loaded):
    message = Message(data={TEXT: "does it hurt and how long does a session take?"})
    earlier = {"entity": "warning_sign", "value": "x", "start": 0, "end": 1}
    message.set(ENTITIES, [earlier])
    loaded.process([message])
    assert message.get(ENTITIES)[0] == earlier
    assert [e["value"] for e in message.get(ENTITIES)[1:]] == ["ask_how_it_feels", "ask_session_length"]


def test_the_question_entity_name_is_configurable(trained, storage, context):
    _, resource = trained
    component = PatientIntentClassifier.load(config(question_entity="asked"), storage, resource, context)
    message = process(component, "does it hurt and how long does a session take?")
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "asked"] == [
        "ask_how_it_feels", "ask_session_length"]


def test_an_emergency_report_is_marked_learned_emergency(loaded):
    text = "I can't pee since this morning"
    message = process(loaded, text)
    mark = message.get(LEARNED_EMERGENCY)
    assert (mark["start"], mark["end"]) == (0, len(text))
    assert mark["probability"] >= 0.5
    # the mark is for EmergencySignDetector, not for the parse result
    assert LEARNED_EMERGENCY not in message.as_dict(only_output_properties=True)


def test_a_denied_sign_is_not_marked(loaded):
    assert process(loaded, "no accidents, bladder is fine").get(LEARNED_EMERGENCY) is None


@pytest.mark.parametrize("payload, intent", [
    ("/greet", "greet"), ("/ask_how_it_feels", "ask_how_it_feels"), ('/book_appointment{"x": 1}', "book_appointment"),
])
def test_button_payloads_name_their_intent_and_are_not_classified(loaded, payload, intent):
    # Nothing before this component sets it, and the FallbackClassifier after it needs an intent
    # (a KeyError, and a 500 for the patient, without one); RegexMessageHandler reads the entities.
    message = Message(data={TEXT: payload})
    loaded.process([message])
    assert message.get(INTENT) == {"name": intent, "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) is None
    assert message.get(ENTITIES) is None
    assert message.get(LEARNED_EMERGENCY) is None


@pytest.mark.parametrize("payload", ["/greet", '/correct_booking_detail{"booking_field": "name"}'])
def test_a_button_payload_passes_the_fallback_classifier_and_gets_its_intent(loaded, payload, tmp_path):
    # As Rasa runs it: nothing has set an intent before this component.
    message = Message(data={TEXT: payload})
    loaded.process([message])
    fallback = FallbackClassifier.create(FallbackClassifier.get_default_config(), LocalModelStorage(tmp_path),
                                         Resource("fallback"), ExecutionContext(GraphSchema({}), "1"))
    fallback.process([message])  # raised KeyError: 'intent' before
    domain = Domain.from_dict({"intents": ["greet", "correct_booking_detail"], "entities": ["booking_field"]})
    [message] = RegexMessageHandler().process([message], domain)
    assert message.get(INTENT) == {"name": payload[1:].split("{")[0], "confidence": 1.0}


def test_empty_text_and_an_untrained_component_are_left_untouched(storage, loaded):
    empty = Message(data={TEXT: ""})
    loaded.process([empty])
    assert empty.get(INTENT) is None
    untrained = PatientIntentClassifier(config(), storage, Resource("untrained"))
    message = Message(data={TEXT: "does it hurt?"})
    untrained.process([message])
    assert message.get(INTENT) is None


def test_process_training_data_returns_it_unchanged(loaded):
    data = training_data()
    assert loaded.process_training_data(data) is data


# ---- the learned mark in EmergencySignDetector ----------------------------------------------------

@pytest.fixture(scope="module")
def detector():
    return EmergencySignDetector(EmergencySignDetector.get_default_config())


# no word of the rule lexicon in it: only the learned net can tell
UNRECOGNISED_BY_THE_LEXICON = "my underwear was damp and i did not notice"


def fallback_message(text, learned):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "nlu_fallback", "confidence": 0.3})
    message.set(INTENT_RANKING_KEY, [{"name": "nlu_fallback", "confidence": 0.3},
                                     {"name": "ask_sciatica_symptoms", "confidence": 0.2}])
    if learned:
        message.set(LEARNED_EMERGENCY, {"probability": 0.8, "start": 0, "end": len(text)})
    return message


def test_the_lexicon_alone_finds_nothing_in_the_text(detector):
    assessment = detector.detector.assess(UNRECOGNISED_BY_THE_LEXICON)
    assert assessment.reported == () and assessment.asked_about == ()


def test_a_learned_emergency_turns_a_fallback_into_the_emergency_intent(detector):
    message = fallback_message(UNRECOGNISED_BY_THE_LEXICON, learned=True)
    detector.process([message])
    assert message.get(INTENT) == {"name": "report_emergency", "confidence": 1.0}
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == [
        "report_emergency", "nlu_fallback", "ask_sciatica_symptoms"]
    assert message.get(ENTITIES, []) == []  # no sign named: the lexicon found none


def test_without_the_learned_mark_the_fallback_stays(detector):
    message = fallback_message(UNRECOGNISED_BY_THE_LEXICON, learned=False)
    detector.process([message])
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 0.3}
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "ask_sciatica_symptoms"]


def test_classifier_then_detector_on_an_emergency_report(loaded, detector):
    message = process(loaded, "I can't pee since this morning")
    message.set(INTENT, {"name": "nlu_fallback", "confidence": 0.3})  # as if FallbackClassifier had stepped in
    detector.process([message])
    assert message.get(INTENT)["name"] == "report_emergency"
