"""Text typed by patients, made safe to keep and to show on the front desk's terminal.

A patient's text can carry characters that are not text: an ESC sequence (which a terminal
runs: it can recolour, clear or retitle the screen), a right-to-left override (which shows
"1202-555-304" for what is stored as "403-555-2021"), NUL, bells, zero-width characters.
`clean_input` drops them from what the booking form keeps; `printable` shows any that are
still there (older requests, other fields) as visible escapes such as "\\x1b" and "\\u202e".
"""
from __future__ import annotations

import unicodedata

# Joiners are part of how some scripts and emoji are written: kept in what patients type.
_JOINERS = frozenset("\u200c\u200d")
# Control, format (bidi overrides, zero-width), surrogate, private-use, unassigned, line/paragraph separators
_NOT_TEXT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _is_not_text(character: str) -> bool:
    return unicodedata.category(character) in _NOT_TEXT


def clean_input(text: str) -> str:
    """The text with control and format characters removed (joiners kept) and whitespace runs made one space."""
    kept = "".join(
        " " if character.isspace() else character
        for character in (text or "")
        if character.isspace() or character in _JOINERS or not _is_not_text(character)
    )
    return " ".join(kept.split())


def printable(value: object) -> str:
    """str(value) with every control or format character shown as an escape; nothing reaches the terminal raw."""
    text = "" if value is None else str(value)
    return "".join(_escape(character) if _is_not_text(character) else character for character in text)


def _escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
