"""Patients' text made safe to keep and to print (clinic/safe_text.py)."""
import pytest

from clinic.safe_text import clean_input, printable


@pytest.mark.parametrize(
    "text, expected",
    [
        ("weekday mornings", "weekday mornings"),
        ("after\x1b[2J 5pm", "after[2J 5pm"),  # ESC dropped: what is left is harmless text
        ("\u202eevif retfa\u202c", "evif retfa"),  # right-to-left override and pop removed
        ("Tue\tor\nWed\r\n mornings", "Tue or Wed mornings"),
        ("noon\x00\x07\u200b", "noon"),
        ("بعد الظهر", "بعد الظهر"),  # right-to-left script itself is kept
        ("👨\u200d👩\u200d👧 any time", "👨\u200d👩\u200d👧 any time"),  # joiners kept
        ("", ""),
        (None, ""),
    ],
)
def test_clean_input(text, expected):
    assert clean_input(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("mornings", "mornings"),
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("\u202eabc", "\\u202eabc"),
        ("x\u2028y\u2029z", "x\\u2028y\\u2029z"),
        ("tab\there\n", "tab\\x09here\\x0a"),
        ("\x7f\x9b", "\\x7f\\x9b"),  # DEL and the 8-bit CSI
        ("\U000e0041", "\\U000e0041"),  # a tag character
        ("Zoë, 午後", "Zoë, 午後"),
        (None, ""),
        (12, "12"),
    ],
)
def test_printable(value, expected):
    assert printable(value) == expected
