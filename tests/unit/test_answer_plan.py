"""Which questions need the answer action (several at once, the acupuncture note), and the marker that says so."""
import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import (
    STORY_MIN_WORDS,
    asked_questions,
    is_question,
    needs_acupuncture_note,
    needs_composed_answer,
    questions_beside_form,
    torn_between,
    untold_story,
    without_closing_offer,
)
from components.composed_answer_marker import ComposedAnswerMarker
from components.story_fallback_marker import StoryFallbackMarker
from components.torn_between_questions import TornBetweenQuestions


def test_several_questions_need_the_answer_action_one_does_not():
    assert needs_composed_answer("ask_how_it_feels", ["ask_how_it_feels", "ask_number_of_sessions"], "...")
    assert not needs_composed_answer("ask_how_it_feels", ["ask_how_it_feels"], "does it hurt?")
    assert not needs_composed_answer("ask_how_it_feels", [], "does it hurt?")


def test_question_entities_that_leave_out_the_intent_are_one_question():
    # the intent was overridden (e.g. by the emergency detector): answer that one alone
    assert asked_questions("ask_session_length", ["ask_aftercare", "ask_pregnancy"]) == ["ask_session_length"]
    assert asked_questions("ask_aftercare", ["ask_aftercare", "ask_pregnancy", "ask_aftercare"]) == [
        "ask_aftercare", "ask_pregnancy"]


@pytest.mark.parametrize("intent, text, expected", [
    ("ask_number_of_sessions", "how many Acupuncture sessions will I need?", True),
    ("ask_dry_needling_vs_acupuncture", "is it the same as acupuncture?", False),
    ("ask_location_hours", "where do you do acupuncture?", False),
    ("ask_number_of_sessions", "how many sessions will I need?", False),
    ("greet", "hi, I had acupuncture once", False),
])
def test_the_acupuncture_note_is_due_for_needling_questions_only(intent, text, expected):
    assert needs_acupuncture_note(text, [intent]) is expected
    assert needs_composed_answer(intent, [], text) is expected


def test_questions_beside_a_checklist_or_booking_request_are_answered_first():
    entities = ["check_eligibility", "ask_number_of_sessions", "ask_help", "ask_how_it_feels"]
    assert questions_beside_form("check_eligibility", entities) == ["ask_number_of_sessions", "ask_how_it_feels"]
    assert questions_beside_form("book_appointment", ["book_appointment", "ask_session_length"]) == [
        "ask_session_length"]
    assert needs_composed_answer("book_appointment", ["book_appointment", "ask_session_length"], "...")


def test_a_checklist_or_booking_request_alone_needs_no_answer_action():
    assert questions_beside_form("check_eligibility", []) == []
    assert questions_beside_form("check_eligibility", ["check_eligibility", "ask_help"]) == []
    assert not needs_composed_answer("check_eligibility", [], "could dry needling help me?")
    assert not needs_composed_answer("book_appointment", ["book_appointment", "ask_why"], "book me in, why not")
    # only the two intents that start a form: a greeting with a question entity is not one
    assert questions_beside_form("greet", ["greet", "ask_how_it_feels"]) == []


@pytest.mark.parametrize("text, expected", [
    ("A session takes 20 to 30 minutes. Would you like to know what it feels like?",
     "A session takes 20 to 30 minutes."),
    ("It doesn't rule it out. Want to check if it suits you? I can run a quick health checklist.",
     "It doesn't rule it out."),
    ("Most people feel a prick. Curious how you might feel afterwards?", "Most people feel a prick."),
    # no offer, or nothing before it: the text stays as it is
    ("Call 911 or go to emergency now.", "Call 911 or go to emergency now."),
    ("Would you like to know more?", "Would you like to know more?"),
    ("Fees vary.\nWant to see them?", "Fees vary."),
])
def test_an_answer_without_buttons_drops_its_closing_offer(text, expected):
    assert without_closing_offer(text) == expected


def test_ask_help_and_ask_why_are_no_questions_about_the_treatment():
    assert is_question("ask_pregnancy") and not is_question("ask_help") and not is_question("ask_why")
    assert not is_question(None)


def classified(text, intent, questions=()):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(ENTITIES, [{"entity": "question_intent", "value": q} for q in questions])
    return message


def marks(message):
    return [entity["value"] for entity in message.get(ENTITIES) if entity["entity"] == "composed_answer"]


def test_marker_marks_several_questions_and_keeps_their_entities():
    marker = ComposedAnswerMarker(ComposedAnswerMarker.get_default_config())
    message = classified("does it hurt, and how many will I need?", "ask_how_it_feels",
                         ["ask_how_it_feels", "ask_number_of_sessions"])
    marker.process([message])
    assert marks(message) == ["yes"]
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "question_intent"] == [
        "ask_how_it_feels", "ask_number_of_sessions"]


def test_marker_leaves_a_plain_question_alone():
    marker = ComposedAnswerMarker(ComposedAnswerMarker.get_default_config())
    message = classified("does it hurt?", "ask_how_it_feels")
    marker.process([message])
    assert marks(message) == []


def test_marker_rejects_an_empty_entity_name():
    with pytest.raises(ValueError):
        ComposedAnswerMarker({"question_entity": "question_intent", "entity": ""})


STORY = ("My husband is 61 and has had this pain in his backside and down his left leg since the summer. "
         "He has tried the stretches from the leaflet, hot baths and two lots of tablets, and he is fed up.")


def test_an_untold_story_is_a_long_message_nothing_understood():
    assert len(STORY.split()) >= STORY_MIN_WORDS
    assert untold_story("nlu_fallback", STORY)
    assert not untold_story("check_eligibility", STORY)
    assert not untold_story("nlu_fallback", "asdf qwerty zzz")
    assert not untold_story("nlu_fallback", " ".join(["word"] * (STORY_MIN_WORDS - 1)))
    assert not untold_story("nlu_fallback", None)


@pytest.mark.parametrize(("intent", "text", "marked"), [
    ("nlu_fallback", STORY, True),
    ("nlu_fallback", "blorp fnarg", False),
    ("ask_sciatica_symptoms", STORY, False),
])
def test_the_story_marker_marks_only_untold_stories(intent, text, marked):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.2})
    message.set(ENTITIES, [{"entity": "question_intent", "value": "ask_how_it_feels"}])
    StoryFallbackMarker(StoryFallbackMarker.get_default_config()).process([message])
    values = [entity["value"] for entity in message.get(ENTITIES) if entity["entity"] == "untold_story"]
    assert values == (["yes"] if marked else [])
    assert message.get(ENTITIES)[0] == {"entity": "question_intent", "value": "ask_how_it_feels"}


@pytest.mark.parametrize(("ranking", "expected"), [
    # two questions close together, holding most of the probability: both, in the order given
    ([("ask_sciatica_symptoms", 0.40), ("ask_long_term_care", 0.37), ("ask_aftercare", 0.1)],
     ["ask_sciatica_symptoms", "ask_long_term_care"]),
    # the checklist request goes first, so the question beside it is answered before it starts
    ([("ask_pregnancy", 0.47), ("check_eligibility", 0.43)], ["check_eligibility", "ask_pregnancy"]),
    # spread out: no choice of two
    ([("ask_skin_infection", 0.31), ("ask_after_session_concern", 0.28), ("ask_aftercare", 0.2)], []),
    # not both questions: a greeting, a booking, "what can you do?"
    ([("greet", 0.37), ("out_of_scope", 0.32)], []),
    ([("book_appointment", 0.48), ("ask_session_steps", 0.45)], []),
    ([("ask_help", 0.45), ("ask_how_it_feels", 0.44)], []),
    ([("ask_how_it_feels", 0.9)], []),
    ([], []),
])
def test_torn_between_two_questions(ranking, expected):
    assert torn_between(ranking) == expected


def fallback_message(text, ranking):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "nlu_fallback", "confidence": 0.3})
    message.set(INTENT_RANKING_KEY, [{"name": "nlu_fallback", "confidence": 0.3}]
                + [{"name": name, "confidence": confidence} for name, confidence in ranking])
    return message


def test_torn_questions_become_two_questions_that_the_marker_sends_to_the_answer_action():
    text = "my sister is breastfeeding, could she try the needles?"
    message = fallback_message(text, [("ask_pregnancy", 0.47), ("check_eligibility", 0.43), ("greet", 0.02)])
    TornBetweenQuestions(TornBetweenQuestions.get_default_config()).process([message])
    assert message.get(INTENT) == {"name": "check_eligibility", "confidence": 0.43}
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "question_intent"] == [
        "check_eligibility", "ask_pregnancy"]
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == [
        "check_eligibility", "ask_pregnancy", "greet"]
    ComposedAnswerMarker(ComposedAnswerMarker.get_default_config()).process([message])
    assert marks(message) == ["yes"]


@pytest.mark.parametrize(("intent", "ranking"), [
    # a clear question is left alone, even with a close second
    ("ask_how_it_feels", [("ask_how_it_feels", 0.47), ("ask_needle_fear", 0.43)]),
    # the fallback for a spread-out ranking stays the fallback
    ("nlu_fallback", [("ask_skin_infection", 0.31), ("ask_after_session_concern", 0.28)]),
])
def test_torn_questions_leave_other_messages_alone(intent, ranking):
    message = fallback_message("some message", ranking)
    message.set(INTENT, {"name": intent, "confidence": ranking[0][1]})
    TornBetweenQuestions(TornBetweenQuestions.get_default_config()).process([message])
    assert message.get(INTENT)["name"] == intent
    assert message.get(ENTITIES, []) == []


def test_torn_questions_reject_a_share_outside_zero_to_one():
    with pytest.raises(ValueError):
        TornBetweenQuestions({"question_entity": "question_intent", "min_share": 1.5})
