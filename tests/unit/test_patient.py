"""Who would be treated (clinic.patient): the checklist asks about that person."""
import pytest

from clinic.patient import SELF, SOMEONE_ELSE, who_is_treated


@pytest.mark.parametrize("text", [
    "hi, my mum is 78 and has had sciatica for months. can she try dry needling?",
    "My husband has sciatica, would dry needling help him?",
    "is dry needling right for my mum?",
    "could acupuncture help my elderly dad",
    "I'm asking for my son, he's 16",
    "Enquiring on behalf of my father in law",
    "asking for a friend: does it hurt?",
    "It's for someone else, not me",
    "can my wife book a session?",
    "My daughter's been suffering with sciatica since the baby",
    "My mum has sciatica, can I book her in?",
    "my partner wants to try it but is on warfarin",
    # an age before the relative, or standing for the child
    "is my 14 year old daughter too young for dry needling?",
    "our 16-year-old son has back pain from rugby",
    "can my 15 year old have dry needling?",
])
def test_a_relative_or_friend_to_be_treated_is_someone_else(text):
    assert who_is_treated(text)[0] == SOMEONE_ELSE


@pytest.mark.parametrize("text", [
    "it's for me", "This would be for myself", "no, me", "just me", "ok now for me", "what about me? can I try it",
])
def test_the_writer_saying_it_is_for_them_is_self(text):
    assert who_is_treated(text)[0] == SELF


@pytest.mark.parametrize("text", [
    "my husband says I should try dry needling",
    "My wife has been telling me to try it for my sciatica",
    "My mum had acupuncture and loved it. Can I try dry needling for my sciatica?",
    "my wife drove me to the clinic because my leg hurts",
    "I have sciatica and I want to be well for my kids",
    "my mum has sciatica too, and my back is killing me",
    "I want to book a session",
    "does it hurt?",
    "My son is at school so I can only come in the mornings, can I book?",
    "I am a 45 year old man with sciatica, can I try it?",
    "my 2 year old keeps me up at night and my back hurts, can I try needling?",
])
def test_a_relative_told_of_in_the_writers_own_story_names_no_one_else(text):
    assert who_is_treated(text)[0] is None


@pytest.mark.parametrize("text, expected", [
    ("can you book my dad in? he's 67", True),
    ("My husband has sciatica, would dry needling help him?", True),
    ("I'm asking for my son, he's 16", True),
    ("my fiancé wants to try it", True),
    ("My mum has sciatica, can I book her in?", False),
    ("asking for my fiancée", False),
    ("asking for a friend", False),  # a friend may be anyone
    ("my husband says I should try dry needling", False),  # the writer is the patient
    ("I want to try it, my dad had it and loved it", False),
])
def test_a_man_or_boy_to_be_treated_is_told_apart(text, expected):
    assert who_is_treated(text)[1] is expected
