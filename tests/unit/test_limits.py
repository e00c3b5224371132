"""The message as the assistant reads it: cut to the documented limit, control characters out."""
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.limits import MAX_MESSAGE_CHARS, clean, cut, patient_text
from components.patient_text_limit import PatientTextLimit


def test_a_message_within_the_limit_is_kept_whole():
    text = "word " * (MAX_MESSAGE_CHARS // 5)
    assert len(text) == MAX_MESSAGE_CHARS
    assert cut(text) == text


def test_a_longer_message_is_cut_at_a_word_boundary():
    text = "abcdefghi " * 1_000  # 10,000 characters
    kept = cut(text)
    assert kept == ("abcdefghi " * 200).rstrip()
    assert len(kept) == 1_999


def test_one_endless_word_is_cut_at_the_limit():
    assert cut("x" * 100_000) == "x" * MAX_MESSAGE_CHARS


@pytest.mark.parametrize("text, expected", [
    ("hi\x00there", "hi there"),
    ("\x1b[31mred\x1b[0m", " [31mred [0m"),
    ("pay \u202eoof", "pay  oof"),  # right-to-left override
    ("\ufeffhello\u200b", " hello "),  # byte-order mark, zero-width space
    ("bell\x07 del\x7f c1\x85", "bell  del  c1 "),
])
def test_control_and_invisible_formatting_characters_become_spaces(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize("text", [
    "line one\nline two\tand a tab",
    "שלום, יש לי כאב גב",  # right-to-left script itself is kept
    "مرحبا",
    "😀👍🏽 👨\u200d👩\u200d👧 🇨🇦",  # emoji, skin tone, a family (zero-width joiners), a flag
    "naïve café 痛い",
])
def test_ordinary_text_in_any_script_is_kept(text):
    assert clean(text) == text


def test_the_component_hands_the_next_ones_the_cut_clean_text():
    long_story = "my back hurts\x00 when I sit " * 400
    messages = [Message(data={TEXT: long_story}), Message(data={TEXT: "/affirm"}), Message(data={TEXT: ""})]
    PatientTextLimit(PatientTextLimit.get_default_config()).process(messages)
    assert messages[0].get(TEXT) == patient_text(long_story)
    assert len(messages[0].get(TEXT)) <= MAX_MESSAGE_CHARS and "\x00" not in messages[0].get(TEXT)
    assert [message.get(TEXT) for message in messages[1:]] == ["/affirm", ""]


def test_loading_the_component_moves_understanding_off_the_event_loop():
    from rasa.core.processor import MessageProcessor

    from components import parse_in_thread

    PatientTextLimit.create({}, None, None, None)
    assert MessageProcessor.parse_message is parse_in_thread._parse_in_thread
