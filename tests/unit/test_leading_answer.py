"""A reply that opens with yes / no / not sure answers the checklist question just asked."""
import pytest

from clinic.extraction import leading_answer


@pytest.mark.parametrize(
    "text, answer",
    [
        ("no not pregnant", "no"),
        ("nope, skin's fine", "no"),
        ("Nah never fainted", "no"),
        ("i dont think so", "no"),
        ("I'm not", "no"),
        ("nothing like that", "no"),
        ("Yes I am", "yes"),
        ("yeah a little", "yes"),
        ("sure lets do it", "yes"),
        ("y", "yes"),
        # stretched or clipped on a phone
        ("noo", "no"),
        ("nooope not me", "no"),
        ("naw", "no"),
        ("yess please", "yes"),
        ("yh", "yes"),
        ("definitely not", "no"),
        ("absolutely", "yes"),
        ("not sure", "unsure"),
        ("maybe?", "unsure"),
        ("idk honestly", "unsure"),
        ("i don't know", "unsure"),
        ("no idea", "unsure"),
        ("needles are no big deal for me", None),
        ("nobody told me", None),
        ("yesterday it got worse", None),
        ("notebook", None),
        ("nausea since the session", None),
        ("now and then", None),
        ("", None),
    ],
)
def test_leading_answer(text, answer):
    assert leading_answer(text) == answer


@pytest.mark.parametrize("text, answer", [
    ("noo", "no"), ("yes!!", "yes"), ("nope, sorry", "no"), ("dunno", "unsure"), ("Y", "yes"),
    ("no, not pregnant", None), ("yes I take warfarin", None), ("", None), ("okay", None),
])
def test_bare_answer_is_only_a_reply_that_is_nothing_more(text, answer):
    from clinic.extraction import bare_answer

    assert bare_answer(text) == answer
