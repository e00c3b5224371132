import pytest

from clinic.callback_request import asks_for_callback


@pytest.mark.parametrize("text", [
    "please call me back",
    "can someone ring me this afternoon",
    "I'd like a callback please",
    "a call-back would be great",
    "could you phone me tomorrow",
    "just give me a call",
    "can the front desk get back to me",
    "could you call my husband, he is the patient",
])
def test_asking_to_be_called(text):
    assert asks_for_callback(text)


@pytest.mark.parametrize("text", [
    "can I talk to a real person",
    "I'll call back later",  # the patient will call
    "please don't call me, email is better",
    "no need to ring me",
    "how can I reach you",
    "can I call you",
    "",
    None,
])
def test_not_asking_to_be_called(text):
    assert not asks_for_callback(text)
