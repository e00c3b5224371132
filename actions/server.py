"""What the action server says and logs when an action fails: the kind of error, never the conversation.

rasa_sdk's own handler answers HTTP 500 with the whole tracker it was sent (every message, the
checklist answers, the contact details), and Rasa then logs that answer in its traceback; the
handler's own log line carries the exception's text, which can quote what a patient typed.
This one, attached through rasa_sdk's plugin hook, logs the action's name, the exception's type
and the line it came from, and answers with the name and the type only.
"""
from __future__ import annotations

import logging
import os
import re
import traceback

import pluggy
from sanic import Sanic, response
from sanic.request import Request

logger = logging.getLogger(__name__)
hookimpl = pluggy.HookimplMarker("rasa_sdk")
_ACTION_NAME = re.compile(r"[a-z0-9_]{1,80}")  # the request is untrusted: log a name only if it looks like one


def _action_name(request: Request) -> str:
    try:
        name = (request.json or {}).get("next_action")
    except Exception:  # a body that is not JSON, or not an object
        return "unknown"
    return name if isinstance(name, str) and _ACTION_NAME.fullmatch(name) else "unknown"


def _origin(exception: BaseException) -> str:
    frames = traceback.extract_tb(exception.__traceback__)
    if not frames:
        return "unknown place"
    frame = frames[-1]
    return f"{os.path.basename(frame.filename)}:{frame.lineno} in {frame.name}"


def action_error_response(request: Request, exception: Exception):
    """Sanic exception handler: a log line and a JSON answer without any of the request's content."""
    status = getattr(exception, "status_code", 500)
    status = status if isinstance(status, int) and 400 <= status < 600 else 500
    action = _action_name(request)
    if status >= 500:
        logger.error("action %s failed: %s at %s", action, type(exception).__name__, _origin(exception))
    else:  # a bad request (unknown route, body that is not JSON): the caller's fault, not ours
        logger.warning("action server refused a request for %s: %s", action, type(exception).__name__)
    return response.json({"error": type(exception).__name__, "action_name": action}, status=status)


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    # Registered after rasa_sdk's handler for Exception, so it replaces it.
    app.error_handler.add(Exception, action_error_response)
