"""The matchers read a message in time proportional to its length (issue 9).

A 10,000-character message of repeated warning-sign words took about 20 seconds when each
mention re-read its sentence; these bounds are ten times what the linear code needs here.
"""
import random
import string
import time

import pytest

from clinic.age import age_mentions
from clinic.emergency import default_detector
from clinic.extraction import default_extractor

LENGTH = 10_000


def _repeated(unit: str) -> str:
    return (unit * (LENGTH // len(unit) + 1))[:LENGTH]


def _unknown_words() -> str:
    rng = random.Random(7)
    words = []
    while sum(len(word) + 1 for word in words) < LENGTH:
        words.append("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12))))
    return " ".join(words)[:LENGTH]


MESSAGES = {
    "warning signs, no punctuation": _repeated("numb groin can't pee wet myself saddle numbness "),
    "warning signs in sentences": _repeated("My groin is numb. I can't pee. "),
    "ages and teens": _repeated("I was a teen when I was 16 years old and I'm 45 "),
    "a long story": _repeated("I have had sciatica for ten years, I'm 45 and on warfarin, not pregnant "),
    "unknown words": _unknown_words(),
    "one endless word": "a" * LENGTH,
}


@pytest.fixture(scope="module")
def matchers():
    detector, extractor = default_detector(), default_extractor()
    detector.assess("warm up")
    return detector.assess, extractor.find, age_mentions


@pytest.mark.parametrize("name", MESSAGES)
def test_a_long_message_is_read_in_linear_time(matchers, name):
    text = MESSAGES[name]
    assert len(text) == LENGTH
    for match in matchers:
        started = time.perf_counter()
        match(text)
        assert time.perf_counter() - started < 4.0, f"{match.__name__} on {name}"


def test_every_sign_of_a_long_message_is_still_found(matchers):
    assess, find, _ = matchers
    text = "I'm on Eliquis. " + _repeated("my back hurts when I sit. ")[:LENGTH - 60] + " I wet myself last night."
    assert [sign.id for sign in assess(text).emergency] == ["bladder_problem"]
    assert {answer.item: answer.answer for answer in find(text)}["blood_thinners"] == "yes"
