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
        ("not sure", "unsure"),
        ("maybe?", "unsure"),
        ("idk honestly", "unsure"),
        ("i don't know", "unsure"),
        ("no idea", "unsure"),
        ("needles are no big deal for me", None),
        ("nobody told me", None),
        ("yesterday it got worse", None),
        ("notebook", None),
        ("", None),
    ],
)
def test_leading_answer(text, answer):
    assert leading_answer(text) == answer
