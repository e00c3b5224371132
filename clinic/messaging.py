"""How an answer with buttons is shaped for a messaging app that limits what it can show.

Plain logic, no Rasa import: channels/ (the Rasa glue) calls these. A button is a dict with a
"title" and a "payload", as in the domain. Where an app cannot show buttons (SMS, WhatsApp
through Twilio) or cannot show ours as they are (Messenger's 20-character quick-reply titles),
the options become a numbered list, and a reply of just "2" means the second option of the
last message that offered options (`option_for_reply`, `latest_options`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List

Button = Dict[str, Any]


@dataclass(frozen=True)
class ChannelLimits:
    """What one app accepts in one message (from each platform's API reference)."""

    max_text: int  # characters of text in one message
    max_buttons: int = 0  # 0: the app shows no buttons at all
    max_title: int = 0  # characters of a button's title (0: no limit of ours)
    max_payload_bytes: int = 0  # bytes of a button's payload (0: no limit of ours)


# Twilio refuses a message body over 1600 characters, for SMS and for WhatsApp alike.
SMS = ChannelLimits(max_text=1600)
WHATSAPP = ChannelLimits(max_text=1600)
# Telegram: 4096 characters of text; inline button callback_data 1-64 bytes.
TELEGRAM = ChannelLimits(max_text=4096, max_buttons=100, max_payload_bytes=64)
# Messenger: text with quick replies up to 2000 characters; at most 13 quick replies, titles
# up to 20 characters, payloads up to 1000 characters.
MESSENGER = ChannelLimits(max_text=2000, max_buttons=13, max_title=20, max_payload_bytes=1000)
# Slack: a section block's text up to 3000 characters; an actions block holds up to 25
# elements; a button's text up to 75 characters and its value up to 2000.
SLACK = ChannelLimits(max_text=3000, max_buttons=25, max_title=75, max_payload_bytes=2000)

NUMBERED_PROMPT = "Reply with a number:"
# "2", " 2. ", "#2", "(2)", "option 2": a number and nothing else that means something
_REPLY_NUMBER = re.compile(r"^\s*(?:option|number|no\.?)?\s*[#(]?\s*(\d{1,2})\s*[.):]?\s*$", re.IGNORECASE)


def buttons_fit(buttons: List[Button], limits: ChannelLimits) -> bool:
    """Whether the app can show these buttons as they are."""
    if not limits.max_buttons or len(buttons) > limits.max_buttons:
        return False
    if limits.max_title and any(len(button["title"]) > limits.max_title for button in buttons):
        return False
    if limits.max_payload_bytes and any(
        len(button["payload"].encode("utf-8")) > limits.max_payload_bytes for button in buttons
    ):
        return False
    return True


def callback_data(buttons: List[Button], max_bytes: int) -> List[str]:
    """What each button sends back: its payload, or its position where the payload is too long.

    A position is understood like a typed "2" (`option_for_reply`).
    """
    return [
        button["payload"] if len(button["payload"].encode("utf-8")) <= max_bytes else str(position)
        for position, button in enumerate(buttons, start=1)
    ]


def numbered_list(text: str, buttons: List[Button]) -> str:
    """The text followed by its options as a numbered list the patient can answer with a number."""
    lines = [f"{position}. {button['title']}" for position, button in enumerate(buttons, start=1)]
    return "\n".join([text.rstrip(), "", NUMBERED_PROMPT, *lines])


def reply_number(reply: str) -> int | None:
    """The number a reply consists of ("2", "2.", "#2", "option 2"), or None for any other reply."""
    match = _REPLY_NUMBER.match(reply or "")
    return int(match.group(1)) if match else None


def option_for_reply(reply: str, buttons: List[Button]) -> str | None:
    """The payload of the option a reply like "2" picks, or None if the reply is not an option number."""
    position = reply_number(reply)
    if position is not None and 1 <= position <= len(buttons):
        return buttons[position - 1]["payload"]
    return None


def latest_options(events: Iterable[Dict[str, Any]]) -> List[Button]:
    """The buttons of the last message the bot sent since the patient last wrote, if it offered any.

    `events` are a conversation's events as Rasa stores them ({"event": "bot", "data": {...}}).
    Options offered before the patient's last message are stale: they were answered already.
    """
    for event in reversed(list(events)):
        if event.get("event") == "user":
            return []
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return list(buttons)
    return []


def split_text(text: str, limit: int) -> List[str]:
    """The text in parts of at most `limit` characters, cut at a paragraph, line, sentence or word end.

    Keeps the text whole when it fits. A cut prefers the latest paragraph break in the part, then
    a line break, then a sentence end, then a space; only a single word longer than the limit is
    cut inside.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    text = text.strip()
    parts: List[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        cut = _best_cut(window)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _best_cut(window: str) -> int:
    """Where to cut a too-long text, looking only at its first limit+1 characters."""
    floor = len(window) // 3  # a cut this early would leave a stub: look for a smaller break
    for separator in ("\n\n", "\n"):
        position = window.rfind(separator)
        if position > floor:
            return position
    sentence_ends = [match.end() for match in re.finditer(r"[.!?](?=\s)", window)]
    if sentence_ends and sentence_ends[-1] > floor:
        return sentence_ends[-1]
    position = window.rfind(" ")
    if position > 0:
        return position
    return len(window) - 1
