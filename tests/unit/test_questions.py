"""clinic/questions.py: which clauses of a message ask something, and where a message's clauses are."""
import pytest

from clinic.questions import clauses, question_clauses, with_topic


def asked(text):
    return [text[start:end] for start, end in question_clauses(text)]


def parts(text):
    return [text[start:end] for start, end in clauses(text)]


# ---- one question ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Does it hurt?", ["Does it hurt?"]),
    ("What is dry needling?", ["What is dry needling?"]),
    ("Hello! What is dry needling? Thanks.", ["What is dry needling?"]),
    ("I was wondering, does insurance cover it?", ["does insurance cover it?"]),
    ("what's the difference between dry needling and acupuncture?",
     ["what's the difference between dry needling and acupuncture?"]),
    ("  Does it hurt?  ", ["Does it hurt?"]),
])
def test_one_question(text, expected):
    assert asked(text) == expected


@pytest.mark.parametrize("text", [
    "how long does a session take",
    "Do you take insurance",
    "tell me about side effects",
    "I'd like to know the price",
])
def test_a_question_without_a_question_mark_is_still_a_question(text):
    assert question_clauses(text) == [(0, len(text))]


@pytest.mark.parametrize("text", [
    "does it help back and leg pain?",
    "can I have it for back and hip pain?",
    "is it safe for young and old people?",
])
def test_and_inside_one_question_does_not_split_it(text):
    assert question_clauses(text) == [(0, len(text))]


# ---- several questions ----------------------------------------------------------------------------

def test_three_questions_in_one_sentence_with_their_exact_spans():
    text = "what is a session like, does it hurt, and how many will I need?"
    assert question_clauses(text) == [(0, 22), (24, 36), (42, 63)]
    assert asked(text) == ["what is a session like", "does it hurt", "how many will I need?"]


@pytest.mark.parametrize("text, expected", [
    ("where are you, when are you open, who will treat me, and what should I wear?",
     ["where are you", "when are you open", "who will treat me", "what should I wear?"]),
    ("does it work and is it safe and will it hurt", ["does it work", "is it safe", "will it hurt"]),
    ("do I need a referral or can I just book?", ["do I need a referral", "can I just book?"]),
    ("what is it and how does it work?", ["what is it", "how does it work?"]),
    ("is it safe - does it hurt?", ["is it safe", "does it hurt?"]),
    ("whats the cost, hows the pain after", ["whats the cost", "hows the pain after"]),
    ("Does it hurt??? How long does it last!!", ["Does it hurt???", "How long does it last!!"]),
    ("Is it safe? And how much does it cost?", ["Is it safe?", "And how much does it cost?"]),
    ("I have pain. How long is a session? Also, can I drive after?",
     ["How long is a session?", "can I drive after?"]),
])
def test_several_questions_in_order(text, expected):
    assert asked(text) == expected


def test_the_same_question_twice_is_two_clauses():
    assert question_clauses("Does it hurt? Does it hurt?") == [(0, 13), (14, 27)]


# ---- a story, then a question ---------------------------------------------------------------------

def test_a_question_after_a_long_story_is_the_only_one():
    text = ("I've had sciatica for 10 years. It started after I lifted a box at work. My GP sent me to "
            "physio and it helped for a while. Now the pain is back down my left leg. Does dry needling help?")
    assert question_clauses(text) == [(text.index("Does"), len(text))]
    assert asked(text) == ["Does dry needling help?"]


def test_a_story_without_a_question_has_no_question_clauses():
    text = "My leg hurts. I cannot walk far. I'm tired of it. My physio said to rest."
    assert question_clauses(text) == []


@pytest.mark.parametrize("story_sentence", [
    "Can't sit for more than ten minutes.",
    "When I sit, the pain shoots down my leg.",
    "Should have gone to physio sooner.",
    "Any movement hurts.",
])
def test_a_story_sentence_opening_like_a_question_is_not_one(story_sentence):
    # statements that end with a full stop; only the real question after them is asked
    text = f"I've had sciatica since March. {story_sentence} Would dry needling help?"
    assert asked(text) == ["Would dry needling help?"]


# ---- line breaks, empty text, fragments -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("What is dry needling?\nDoes it hurt?\nHow much is it?",
     ["What is dry needling?", "Does it hurt?", "How much is it?"]),
    ("does it hurt\nhow long is it", ["does it hurt", "how long is it"]),
    ("hi\n\nhow much is it\n\nand do you do evenings", ["how much is it", "and do you do evenings"]),
])
def test_line_breaks_end_questions(text, expected):
    assert asked(text) == expected


def test_line_break_spans_are_exact():
    assert question_clauses("What is dry needling?\nDoes it hurt?") == [(0, 21), (22, 35)]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \n\t "])
def test_empty_text_has_no_questions_and_no_clauses(text):
    assert question_clauses(text) == []
    assert clauses(text) == []


@pytest.mark.parametrize("text, expected", [
    ("ok?", []),  # one word is too short to answer apart
    ("how much? when?", ["how much?"]),
    ("Hi. Thanks for the help!", []),
])
def test_one_word_clauses_and_pleasantries_are_not_questions(text, expected):
    assert asked(text) == expected


# ---- clauses() ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("No fever, but I wet myself", ["No fever", "I wet myself"]),
    ("no fever, but I wet myself last night and my leg is numb",
     ["no fever", "I wet myself last night", "my leg is numb"]),
    ("I can't sleep because the pain is bad", ["I can't sleep", "the pain is bad"]),
    ("It hurts although I rest", ["It hurts", "I rest"]),
    ("the pain is bad though I rest", ["the pain is bad", "I rest"]),
    ("my leg is weak however I can walk", ["my leg is weak", "I can walk"]),
    ("my back hurts; my leg is numb: it's bad", ["my back hurts", "my leg is numb", "it's bad"]),
    ("pain in back, leg and foot", ["pain in back", "leg", "foot"]),
    ("Hi. Thanks for the help!", ["Hi.", "Thanks for the help!"]),
    ("my leg is numb so I rested", ["my leg is numb", "I rested"]),
])
def test_clauses_split_at_commas_and_contrast_words(text, expected):
    assert parts(text) == expected


def test_clauses_split_and_inside_a_question_that_question_clauses_keeps_whole():
    text = "does it help back and leg pain?"
    assert parts(text) == ["does it help back", "leg pain?"]
    assert asked(text) == [text]


def test_clause_words_inside_longer_words_do_not_split():
    # "and" in "hand", "so" in "also", "but" in "button": only whole words are joints
    assert parts("my hand is also sore near the button") == ["my hand is also sore near the button"]


def test_clause_spans_are_exact_offsets():
    text = "No fever, but I wet myself"
    assert clauses(text) == [(0, 8), (14, 26)]


@pytest.mark.parametrize("text", [
    "what is a session like, does it hurt, and how many will I need?",
    "I've had sciatica for years. It's bad, but I cope. Does it hurt? And how long is a session?",
    "no fever, but I wet myself last night and my leg is numb",
])
def test_spans_are_in_order_and_do_not_overlap(text):
    for spans in (question_clauses(text), clauses(text)):
        assert spans == sorted(spans)
        assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False))
        assert all(0 <= start < end <= len(text) for start, end in spans)


@pytest.mark.parametrize("text, expected", [
    ("What is sciatica and what are signs you might be suffering from it?",
     ["What is sciatica", "what are signs you might be suffering from sciatica?"]),
    ("Is acupuncture safe for pain and is it covered by my insurance?",
     ["Is acupuncture safe for pain", "is acupuncture covered by my insurance?"]),
    ("What is dry needling? How safe is it?", ["What is dry needling?", "How safe is dry needling?"]),
    # a clause naming its own topic is kept, and then becomes the topic for what follows
    ("What is sciatica, does needling help it, and does it hurt?",
     ["What is sciatica", "does needling help it", "does needling hurt?"]),
])
def test_a_later_question_s_it_is_the_topic_an_earlier_question_named(text, expected):
    assert with_topic(text, question_clauses(text)) == expected


@pytest.mark.parametrize("text", [
    "I've had sciatica for ten years. Does it hurt and how long does it take?",  # "it": the treatment
    "Does it hurt? How much is it?",  # no topic named
    "How long is a session and is it painful?",  # "session" is not a topic it may stand for
])
def test_it_is_left_alone_without_an_earlier_question_naming_a_topic(text):
    spans = question_clauses(text)
    assert with_topic(text, spans) == [text[start:end] for start, end in spans]
