"""The patients' REST channel: Rasa's RestInput, refusing malformed requests with a clear 400.

Rasa's own channel answered HTTP 500 to a JSON array, a string or null as the body, put every
message without a `sender` into one shared conversation called "default", silently dropped a
number as the message, and stored whatever `metadata` and `input_channel` a caller sent. This
one wants a JSON object with a non-empty string `sender` (at most 128 characters) and a string
`message`; it hands Rasa the message cut to clinic.limits.MAX_MESSAGE_CHARS with control
characters removed (so the stored conversation holds what the assistant read), and it stores
no caller metadata. Same URL: POST /webhooks/rest/webhook.

credentials.yml:
    server.rest_channel.PatientRestInput:
"""
from __future__ import annotations

from typing import Any, Dict

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from clinic.limits import patient_text

MAX_SENDER_CHARS = 128


def request_problem(body: Any) -> str | None:
    """Why a webhook request body cannot be a patient's message, or None when it can."""
    if not isinstance(body, dict):
        return "the body must be a JSON object: {\"sender\": \"...\", \"message\": \"...\"}"
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip():
        return "'sender' must be a non-empty string that names the conversation"
    if len(sender) > MAX_SENDER_CHARS or not sender.isprintable():
        return f"'sender' must be at most {MAX_SENDER_CHARS} printable characters"
    if not isinstance(message, str):
        return "'message' must be a string"
    if not patient_text(message).strip():  # also when only control or invisible characters
        return "'message' is empty"
    return None


class PatientRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # the same URL and the same name in the stored conversations as Rasa's channel

    def blueprint(self, on_new_message) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.on_request
        async def refuse_malformed(request: Request) -> response.HTTPResponse | None:
            if request.method != "POST":
                return None
            if "json" not in (request.content_type or ""):
                return response.json({"error": "send the message as JSON (Content-Type: application/json)"},
                                     status=415)
            try:
                body = request.json
            except Exception:  # noqa: BLE001 (Sanic raises its own 400 type for undecodable bodies)
                return response.json({"error": "the body is not valid JSON in UTF-8"}, status=400)
            problem = request_problem(body)
            return response.json({"error": problem}, status=400) if problem else None

        return blueprint

    async def _extract_sender(self, req: Request) -> str | None:
        return req.json["sender"]

    def _extract_message(self, req: Request) -> str | None:
        return patient_text(req.json["message"])

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> Dict[str, Any] | None:
        return None
