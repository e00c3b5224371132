"""How much of a patient's message the assistant reads, and in what shape.

The longest real patient message we have collected is about 520 characters; MAX_MESSAGE_CHARS
is four times that. Longer text is cut (at a word boundary) before understanding: reading is
linear in the length, but the sentence encoder takes about a second per 1,000 characters.
Control characters (NUL, ESC, right-to-left overrides...) are replaced by spaces: they carry no
meaning for a patient and can reach a terminal, a log or a database that mishandles them.
"""
from __future__ import annotations

import regex  # (installed with Rasa) knows Unicode categories

MAX_MESSAGE_CHARS = 2_000
# how far back from the limit a cut looks for a space, so it does not split a word
_WORD_BOUNDARY_REACH = 40
# Cc: control characters (NUL, ESC, DEL...); Cf: invisible formatting such as the right-to-left
# override U+202E, which can disguise text. Kept: line breaks, tabs, and the zero-width joiner
# that emoji such as a family or a flag are made of.
_UNSAFE = regex.compile(r"(?![\n\t\u200d])[\p{Cc}\p{Cf}]")


def clean(text: str) -> str:
    """`text` with control and invisible formatting characters replaced by spaces."""
    return _UNSAFE.sub(" ", text)


def cut(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` itself when it fits in `limit` characters, else its first part, ended at a space."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit - _WORD_BOUNDARY_REACH)
    return head[:space] if space > 0 else head


def patient_text(text: str) -> str:
    """The message as the assistant reads it: cleaned and cut to MAX_MESSAGE_CHARS."""
    return clean(cut(text))
