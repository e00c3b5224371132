"""Understanding a message off the Rasa server's event loop.

Rasa 3.6 runs the NLU pipeline inside `MessageProcessor.parse_message` on the event loop, so
while one message is being understood no other conversation is served. The sentence encoder
needs about a second per 1,000 characters on a small machine: one long message held up every
patient. `install()` makes that method run the pipeline in worker threads: long messages in one
small pool, the others in another, so a flood of long messages waits for itself, not for
ordinary ones.

Safe because the pipeline's components only read their trained state when they predict (their
caches are plain dicts, atomic under the GIL), and numpy releases the GIL in the encoder's matrix
products, so two messages are understood on two cores. Rasa is pinned (constraints.txt); this
relies on `parse_message` awaiting nothing when no NLU server is configured (Rasa 3.6's code).
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict

import rasa
from rasa.core.processor import MessageProcessor

logger = logging.getLogger(__name__)
# Longer than any real patient message we have (about 520 characters); up to MAX_MESSAGE_CHARS.
LONG_MESSAGE_CHARS = 600
_long_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nlu-long")  # one per core
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="nlu")
_parse_on_loop = MessageProcessor.parse_message


async def _parse_in_thread(self: MessageProcessor, message, tracker=None,
                           only_output_properties: bool = True) -> Dict[str, Any]:
    if self.http_interpreter:  # an NLU server: already awaited over HTTP, nothing to move
        return await _parse_on_loop(self, message, tracker, only_output_properties)
    pool = _long_pool if len(message.text or "") > LONG_MESSAGE_CHARS else _pool
    return await asyncio.get_running_loop().run_in_executor(
        pool, lambda: asyncio.run(_parse_on_loop(self, message, tracker, only_output_properties)))


def install() -> None:
    """Make every MessageProcessor parse in the worker threads (idempotent)."""
    if MessageProcessor.parse_message is _parse_in_thread:
        return
    if not rasa.__version__.startswith("3.6."):
        logger.warning("parse_in_thread is written for Rasa 3.6, not %s: messages are parsed on the event loop",
                       rasa.__version__)
        return
    MessageProcessor.parse_message = _parse_in_thread
