"""clinic/messaging.py: options and long answers shaped for apps that limit them."""
import pytest

from clinic.messaging import (
    MESSENGER,
    SMS,
    TELEGRAM,
    buttons_fit,
    callback_data,
    latest_options,
    numbered_list,
    option_for_reply,
    reply_number,
    split_text,
)

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"},
          {"title": "Not sure", "payload": "/not_sure"}]


def test_numbered_list_follows_the_text():
    assert numbered_list("Are you pregnant?", YES_NO) == (
        "Are you pregnant?\n\nReply with a number:\n1. Yes\n2. No\n3. Not sure"
    )


@pytest.mark.parametrize("reply, payload", [
    ("1", "/affirm"), ("2", "/deny"), (" 3 ", "/not_sure"), ("2.", "/deny"), ("#2", "/deny"), ("(3)", "/not_sure"),
    ("option 1", "/affirm"), ("Number 2", "/deny"),
])
def test_a_number_picks_that_option(reply, payload):
    assert option_for_reply(reply, YES_NO) == payload


@pytest.mark.parametrize("reply", ["0", "4", "12", "1 or 2", "2 weeks", "yes", "", "403 555 0123", "1.5"])
def test_anything_else_is_not_an_option(reply):
    assert option_for_reply(reply, YES_NO) is None


def test_reply_number_reads_only_a_bare_number():
    assert reply_number("7") == 7 and reply_number("I'm 7 weeks along") is None


def user(text):
    return {"event": "user", "text": text}


def bot(text, buttons=None):
    return {"event": "bot", "text": text, "data": {"buttons": buttons} if buttons else {}}


def test_options_are_those_of_the_last_bot_message_that_offered_some():
    events = [user("hi"), bot("Hello", YES_NO[:1]), {"event": "action", "name": "action_listen"},
              user("can I?"), bot("Sure."), bot("Are you pregnant?", YES_NO), {"event": "action", "name": "x"}]
    assert latest_options(events) == YES_NO


def test_options_the_patient_has_answered_are_stale():
    assert latest_options([bot("Are you pregnant?", YES_NO), user("no"), bot("Thanks.")]) == []
    assert latest_options([]) == []


def test_split_keeps_a_short_text_whole():
    assert split_text("  Short answer.  ", 1600) == ["Short answer."]


def test_split_prefers_paragraphs_then_sentences_then_words():
    paragraph = "First paragraph is here."
    assert split_text(f"{paragraph}\n\nSecond one follows.", 30) == [paragraph, "Second one follows."]
    assert split_text("One sentence here. Another sentence there.", 25) == [
        "One sentence here.", "Another sentence there."]
    assert split_text("words without any sentence end at all", 15) == ["words without", "any sentence", "end at all"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_respects_the_sms_limit_and_loses_no_word():
    text = " ".join(f"Sentence number {n} says something useful." for n in range(120))  # about 5000 characters
    parts = split_text(text, SMS.max_text)
    assert len(parts) == 4 and all(len(part) <= 1600 for part in parts)
    assert " ".join(parts).split() == text.split()
    assert all(part.endswith(".") for part in parts)


def test_split_rejects_a_zero_limit():
    with pytest.raises(ValueError):
        split_text("text", 0)


def test_messenger_limits_twenty_characters_and_thirteen_replies():
    assert buttons_fit(YES_NO, MESSENGER)
    assert not buttons_fit([{"title": "How does it help sciatica?", "payload": "/x"}], MESSENGER)
    assert not buttons_fit([{"title": str(n), "payload": "/x"} for n in range(14)], MESSENGER)
    assert not buttons_fit(YES_NO, SMS)  # no buttons at all


def test_telegram_callback_data_falls_back_to_the_position_past_64_bytes():
    long_payload = '/correct_booking_detail{"booking_field": "preferred_time_and_day_of_the_week"}'
    assert len(long_payload.encode()) > 64
    buttons = YES_NO[:1] + [{"title": "Change", "payload": long_payload}]
    assert callback_data(buttons, TELEGRAM.max_payload_bytes) == ["/affirm", "2"]
    assert option_for_reply("2", buttons) == long_payload
