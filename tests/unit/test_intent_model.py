"""clinic/intent_model.py: the negation/hypothesis filter, training-data helpers, and IntentModel
trained on a small fixed set (a deterministic hashing encoder, and once the real MiniLM encoder)."""
import hashlib
import pickle
import re

import numpy as np
import pytest

from clinic.intent_model import (
    WORD_SENSITIVE_INTENTS,
    IntentModel,
    Prediction,
    Settings,
    acupuncture_variants,
    negated_or_hypothetical,
    one_sided_feeling_only,
    training_pairs,
)
from tests.unit.small_training_set import EMERGENCY, TRAINING

# ---- negated_or_hypothetical ----------------------------------------------------------------------

@pytest.mark.parametrize("clause", [
    # denied
    "no numbness down there",
    "No numbness down there",
    "bladder is fine",
    "bowels are normal",
    "bladder feels okay",
    "peeing is fine",
    "never had an accident",
    "nothing like that",
    "without any numbness",
    "but no numbness",
    "and no problems with my bladder",
    "no issues with peeing",
    "zero bladder problems",
    "Not numb at all",
    "None of those",
    "neither bladder nor bowel issues",
    "  no numbness down there  ",
    # hypothetical, or a question about the signs
    "what if I can't pee",
    "What if I can't pee?",
    "if my leg gives way",
    "in case my leg goes numb",
    "suppose I lose control of my bladder",
    "signs of cauda equina",
    "what are the signs of nerve damage",
    "which symptoms should I watch for",
    "how would I know if it's cauda equina",
    "is it an emergency if my foot drops",
    "should I worry if my foot is numb",
    "when should I go to the ER",
    "red flags to watch",
    "warning signs to look for",
    "would that be an emergency",
])
def test_denials_and_hypotheticals_are_recognised(clause):
    assert negated_or_hypothetical(clause) is True


@pytest.mark.parametrize("clause", [
    "I can't pee since this morning",
    "I wet myself last night",
    "my foot keeps slapping the floor",
    "couldn't feel the toilet paper",
    "numb between my legs",
    "lost control of my bowels",
    "my leg gave way on the stairs",
    "I have no feeling in my groin",
    "I noticed I can't feel when I need to pee",
    "my bladder is not fine",
    "notice numbness down there",  # "no" only as a whole word
    "knots in my back",
    "nobody listens and I can't pee",
    "ifs and buts",
])
def test_reports_are_not_taken_for_denials(clause):
    assert negated_or_hypothetical(clause) is False


@pytest.mark.parametrize("clause", [
    # "no feeling" / "no control" / "no sensation" report a sign; the rule lexicon
    # (clinic/lexicons/emergency_signs.yml) counts these very phrases as reported signs
    "no feeling in my groin since this morning",
    "no control over my bladder since yesterday",
    "no sensation when I wipe",
])
def test_a_sign_said_with_no_is_a_report_not_a_denial(clause):
    assert negated_or_hypothetical(clause) is False


@pytest.mark.parametrize("clause", [
    # patients' shorthand for "my bladder is fine"
    "bladder fine",
    "bladder's fine",
    "bladder ok",
])
def test_shorthand_reassurance_is_a_denial(clause):
    assert negated_or_hypothetical(clause) is True


# ---- one_sided_feeling_only ----------------------------------------------------------------------

@pytest.mark.parametrize("clause", [
    "my right leg was pretty numb",
    "the pins and needles in my left foot come and go",
    "a burning ache down the back of my right thigh",
    "I have lost feeling in my left leg in some areas",
    "since the injection I have been numb in my right foot",
    # one limb told as "my" (his, her) foot or leg, and feelings told in everyday words
    "my foot feels numb today",
    "I had dry needling yesterday and my leg feels weird today",
    "today my leg feels worse",
    "pins and needles in my foot today",
    "my dad's leg is numb on the side",
    "her knee feels odd",
])
def test_feeling_on_one_named_side_is_sciatica_itself(clause):
    assert one_sided_feeling_only(clause) is True


@pytest.mark.parametrize("clause", [
    "no feeling at all in my left leg",  # a total loss
    "I lost all feeling in my right leg while driving",
    "my left leg is completely numb",
    "my left leg keeps giving way",  # weakness
    "my right foot drags when I walk",
    "my left leg is numb and I can't lift my foot",
    "numb groin and a numb left leg",  # the saddle
    "my left leg is numb and I wet myself",  # the bladder
    "both legs are numb",  # both sides
    "the numbness in my left leg is spreading",
    "now the pain is going down my right leg too",  # the other side as well
    "lost feeling on the inside of my left thigh",  # the saddle
    "my legs are numb",  # no side named
    "my back hurts",
    "my bum feels numb today",  # the saddle, not one limb
    "my foot feels weird and I keep tripping",  # walking
    "my leg feels like it belongs to someone else and it won't hold me",
    "my left foot, I feel nothing there at all",  # a total loss
    "my toes feel odd and my foot drops",
])
def test_anything_beyond_feeling_on_one_side_is_not_excused(clause):
    assert one_sided_feeling_only(clause) is False


# ---- acupuncture_variants -------------------------------------------------------------------------

def test_acupuncture_variants_replace_every_way_of_saying_dry_needling():
    texts = ["what is dry needling", "is dry-needling safe", "do dry needles hurt?", "how long is the needling",
             "Dry Needling for sciatica?", "hello"]
    labels = ["ask_what_is_dry_needling", "ask_safety_evidence", "ask_how_it_feels", "ask_session_length",
              "ask_how_it_helps_sciatica", "greet"]
    assert acupuncture_variants(texts, labels) == (
        ["what is acupuncture", "is acupuncture safe", "do acupuncture hurt?", "how long is the acupuncture",
         "acupuncture for sciatica?"],
        ["ask_what_is_dry_needling", "ask_safety_evidence", "ask_how_it_feels", "ask_session_length",
         "ask_how_it_helps_sciatica"],
    )


def test_acupuncture_variants_skip_the_intents_where_the_word_matters():
    assert WORD_SENSITIVE_INTENTS == {"ask_dry_needling_vs_acupuncture", "out_of_scope"}
    texts = ["is dry needling the same as acupuncture", "can dry needling fix my car"]
    assert acupuncture_variants(texts, ["ask_dry_needling_vs_acupuncture", "out_of_scope"]) == ([], [])


def test_acupuncture_variants_ignore_needle_words_that_are_not_dry_needling():
    # "needle" alone, "needles" (a fear of them) and "pins and needles" are not the treatment
    texts = ["im scared of needles", "pins and needles in my foot", "needle phobia"]
    assert acupuncture_variants(texts, ["ask_needle_fear", "ask_sciatica_symptoms", "ask_needle_fear"]) == ([], [])


def test_acupuncture_variants_need_one_label_per_text():
    with pytest.raises(ValueError):
        acupuncture_variants(["what is dry needling"], [])


# ---- training_pairs -------------------------------------------------------------------------------

def test_training_pairs_read_rasa_nlu_blocks_in_order():
    blocks = [
        {"intent": "greet", "examples": "- hello\n- hi there \n  - good morning\n"},
        {"synonym": "dry needling", "examples": "- IMS\n- trigger point needling"},
        {"intent": "ask_how_it_feels", "examples": "- does it hurt?\n\n# a comment\n- is it painful"},
        {"intent": "", "examples": "- ignored"},
        {"intent": "thank"},
    ]
    assert training_pairs(blocks) == (
        ["hello", "hi there", "good morning", "does it hurt?", "is it painful"],
        ["greet", "greet", "greet", "ask_how_it_feels", "ask_how_it_feels"],
    )


def test_training_pairs_of_nothing():
    assert training_pairs([]) == ([], [])


# ---- IntentModel on a small fixed set -------------------------------------------------------------

DIMENSIONS = 384


def hashing_encoder(texts):
    """Bag of words hashed (md5, so the same in every process) into 384 dims, L2-normalised."""
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z']+", text.lower()):
            vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


TEXTS = [text for texts in TRAINING.values() for text in texts]
LABELS = [label for label, texts in TRAINING.items() for _ in texts]


def test_the_hashing_encoder_is_deterministic_and_unit_length():
    vectors = hashing_encoder(["does it hurt", "does it hurt", "hello"])
    assert vectors.shape == (3, DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(vectors[0], vectors[1])


@pytest.fixture(scope="module")
def model():
    return IntentModel(hashing_encoder).fit(TEXTS, LABELS, EMERGENCY)


def test_predict_before_fit_raises():
    with pytest.raises(RuntimeError, match="before fit"):
        IntentModel(hashing_encoder).predict("does it hurt?")


def test_the_emergency_label_is_not_an_intent_the_classifier_answers(model):
    assert sorted(model.intents.classes_) == ["ask_how_it_feels", "ask_session_length", "ask_what_is_dry_needling",
                                              "greet"]
    assert list(model.emergency.classes_) == [False, True]


@pytest.mark.parametrize("text, intent", [
    ("hello there", "greet"),
    ("good morning", "greet"),
    ("what is dry needling?", "ask_what_is_dry_needling"),
    ("does it hurt?", "ask_how_it_feels"),
    ("how long is a session?", "ask_session_length"),
])
def test_clear_inputs_rank_their_intent_first(model, text, intent):
    prediction = model.predict(text)
    assert prediction.ranking[0][0] == intent
    assert prediction.ranking[0][1] > 0.5
    assert len(prediction.ranking) == 4
    assert [p for _, p in prediction.ranking] == sorted((p for _, p in prediction.ranking), reverse=True)
    assert sum(p for _, p in prediction.ranking) == pytest.approx(1.0)


@pytest.mark.parametrize("text", ["hello there", "what is dry needling?", "does it hurt?", "how long is a session?"])
def test_ordinary_messages_are_no_emergency(model, text):
    prediction = model.predict(text)
    assert prediction.emergency_span is None
    assert prediction.emergency_probability < 0.5
    assert prediction.questions == []  # one question is the intent, not a list


def test_a_clear_emergency_report_is_marked_on_the_whole_message(model):
    text = "i wet myself last night"
    prediction = model.predict(text)
    assert prediction.emergency_span == (0, len(text))
    assert prediction.emergency_probability >= 0.5


def test_an_emergency_report_after_a_story_is_found(model):
    text = "I've had sciatica for years. Yesterday I wet myself and my groin is numb."
    prediction = model.predict(text)
    assert prediction.emergency_span == (0, len(text))  # no clause is negated, so the whole message counts
    assert prediction.emergency_probability >= 0.5


def test_a_report_beside_a_denial_is_marked_on_its_own_clause(model):
    text = "no numbness down there, but i wet myself last night"
    prediction = model.predict(text)
    assert prediction.emergency_span == (text.index("i wet"), len(text))
    assert prediction.emergency_probability >= 0.5


def test_one_sided_numbness_is_not_the_emergency_clause(model):
    # the only clause names one side and tells only of feeling: nothing is left to score
    prediction = model.predict("my right leg was pretty numb")
    assert prediction.emergency_span is None
    assert prediction.emergency_probability == 0.0


def test_a_report_beside_one_sided_numbness_is_still_found(model):
    text = "my right leg is numb, and i wet myself last night"
    prediction = model.predict(text)
    # the whole message tells of the bladder too, so it is not excused and counts as a whole
    assert prediction.emergency_span == (0, len(text))
    assert prediction.emergency_probability >= 0.5


def test_a_negated_report_is_no_emergency(model):
    prediction = model.predict("no accidents, bladder fine")
    assert prediction.emergency_span is None
    assert prediction.emergency_probability < 0.5


def test_a_message_of_only_denials_scores_zero(model):
    # every clause is negated: nothing is left to score, and the whole message does not count
    prediction = model.predict("no accidents, bladder is fine")
    assert prediction.emergency_span is None
    assert prediction.emergency_probability == 0.0


def test_a_hypothetical_question_is_no_emergency(model):
    prediction = model.predict("what if I can't pee?")
    assert prediction.emergency_span is None
    assert prediction.emergency_probability == 0.0


@pytest.mark.parametrize("text, expected", [
    ("what is dry needling, and how long is a session?",
     [("ask_what_is_dry_needling", (0, 20)), ("ask_session_length", (26, 48))]),
    ("does it hurt and how long does a session take?",
     [("ask_how_it_feels", (0, 12)), ("ask_session_length", (17, 46))]),
    ("how long is a session? what is dry needling?",
     [("ask_session_length", (0, 22)), ("ask_what_is_dry_needling", (23, 44))]),
])
def test_two_questions_are_listed_in_the_order_asked(model, text, expected):
    assert model.predict(text).questions == expected


def test_the_first_question_also_leads_when_the_message_intent_differs(model):
    # the whole-message ranking may put the second question first; the question list keeps the order asked
    prediction = model.predict("what is dry needling, and how long is a session?")
    assert [intent for intent, _ in prediction.questions] == ["ask_what_is_dry_needling", "ask_session_length"]


def test_the_same_question_twice_is_one_question(model):
    assert model.predict("does it hurt? does it hurt?").questions == []


def test_max_questions_caps_the_list():
    capped = IntentModel(hashing_encoder, Settings(max_questions=1)).fit(TEXTS, LABELS, EMERGENCY)
    assert capped.predict("does it hurt and how long does a session take?").questions == []


def test_without_emergency_examples_there_is_no_emergency_head():
    plain = [(t, label) for t, label in zip(TEXTS, LABELS, strict=True) if label != EMERGENCY]
    model = IntentModel(hashing_encoder).fit([t for t, _ in plain], [label for _, label in plain], EMERGENCY)
    assert model.emergency is None
    prediction = model.predict("i wet myself last night")
    assert isinstance(prediction, Prediction)
    assert prediction.emergency_span is None and prediction.emergency_probability == 0.0


def test_precomputed_embeddings_give_the_same_model(model):
    again = IntentModel(hashing_encoder).fit(TEXTS, LABELS, EMERGENCY, embeddings=hashing_encoder(TEXTS))
    for text in ("does it hurt?", "i wet myself last night", "what is dry needling, and how long is a session?"):
        first, second = model.predict(text), again.predict(text)
        assert [name for name, _ in first.ranking] == [name for name, _ in second.ranking]
        np.testing.assert_allclose([p for _, p in first.ranking], [p for _, p in second.ranking], rtol=1e-6)
        assert first.emergency_span == second.emergency_span
        assert first.questions == second.questions


ELIGIBILITY = [
    "could dry needling help me", "would needling help my sciatica", "is dry needling right for me",
    "am i a good candidate for needling", "could it help my mum", "should i try dry needling",
    "would it work for my husband", "is needling suitable for me",
]


@pytest.fixture(scope="module")
def model_with_checklist():
    return IntentModel(hashing_encoder).fit(TEXTS + ELIGIBILITY, LABELS + ["check_eligibility"] * len(ELIGIBILITY),
                                            EMERGENCY)


def test_a_question_asked_beside_a_checklist_request_is_listed_after_it(model_with_checklist):
    # whichever the whole message ranks first, the checklist request leads and the question follows
    text = "could dry needling help me, and how long is a session?"
    prediction = model_with_checklist.predict(text)
    assert prediction.questions == [("check_eligibility", (0, 26)), ("ask_session_length", (32, 54))]
    assert prediction.questions_confidence >= 0.45
    text = "how long is a session? could dry needling help me?"
    assert model_with_checklist.predict(text).questions == [
        ("check_eligibility", (23, 50)), ("ask_session_length", (0, 22))]


def test_a_question_after_a_request_that_is_no_question_is_listed_after_it(model_with_checklist):
    # the request is a clause of its own, found whichever intent the whole message ranks first
    text = "I am a good candidate for needling. Does it hurt?"
    prediction = model_with_checklist.predict(text)
    assert prediction.questions == [("check_eligibility", (0, 35)), ("ask_how_it_feels", (36, 49))]


def test_a_checklist_request_alone_lists_no_questions(model_with_checklist):
    prediction = model_with_checklist.predict("could dry needling help me?")
    assert prediction.ranking[0][0] == "check_eligibility"
    assert prediction.questions == []


def test_a_request_said_as_a_statement_counts_only_in_a_short_message(model_with_checklist):
    text = "hello there. I am a good candidate for needling. how long is a session?"
    assert model_with_checklist.predict(text).questions == [
        ("check_eligibility", (13, 48)), ("ask_session_length", (49, 71))]
    # the same words counted as a story (over the word limit): the statement is no request
    strict = IntentModel(hashing_encoder, Settings(stated_request_max_words=len(text.split()) - 1)).fit(
        TEXTS + ELIGIBILITY, LABELS + ["check_eligibility"] * len(ELIGIBILITY), EMERGENCY)
    assert strict.predict(text).questions == []


def test_acupuncture_is_understood_as_dry_needling(model):
    # learned from the "acupuncture" variants of the dry needling examples
    assert model.predict("what is acupuncture").ranking[0][0] == "ask_what_is_dry_needling"


# ---- the real encoder -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_model():
    from clinic.encoder import shared_encoder

    return IntentModel(shared_encoder().encode).fit(TEXTS, LABELS, EMERGENCY)


def test_the_real_encoder_path_trains_and_predicts(real_model):
    assert real_model.predict("is the procedure painful").ranking[0][0] == "ask_how_it_feels"
    assert real_model.predict("how long do the appointments go for").ranking[0][0] == "ask_session_length"
    assert real_model.predict("hiya").ranking[0][0] == "greet"
    report = "I can't pee since this morning"
    assert real_model.predict(report).emergency_span == (0, len(report))
    assert real_model.predict("no accidents, bladder is fine").emergency_span is None
    assert real_model.predict("does it hurt and how long does a session take?").questions == [
        ("ask_how_it_feels", (0, 12)), ("ask_session_length", (17, 46))]


def test_the_real_encoder_does_not_flag_a_shorthand_denial(real_model):
    assert real_model.predict("no accidents, bladder fine").emergency_span is None


def test_intent_probabilities_are_scikit_learns(model):
    texts = ["hello there", "does it hurt and how long is a session?", "what is dry needling"]
    features = model._features(texts, hashing_encoder(texts))
    np.testing.assert_allclose(model.intent_probabilities(features), model.intents.predict_proba(features),
                               rtol=1e-9, atol=1e-12)


def test_the_transposed_weights_are_not_stored_with_the_model(model):
    model.predict("hello")  # builds them
    assert model._intent_weights is not None
    restored = pickle.loads(pickle.dumps(model))
    assert restored._intent_weights is None
    assert restored.predict("does it hurt?").ranking[0][0] == "ask_how_it_feels"


def test_a_model_stored_before_the_transposed_weights_existed_still_predicts(model):
    state = pickle.loads(pickle.dumps(model)).__dict__
    del state["_intent_weights"]  # as in model files trained before it was added
    old = IntentModel.__new__(IntentModel)
    old.__dict__.update(state)
    assert old.predict("does it hurt?").ranking[0][0] == "ask_how_it_feels"
