"""The action server's answer to a failing action (actions/server.py), through rasa_sdk's real Sanic app."""
import asyncio
import json
import logging

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic
from sanic.compat import Header
from sanic.exceptions import InvalidUsage
from sanic.request import Request

import actions  # registers the error handler with rasa_sdk's plugin manager, as the action server does
from actions import server

SECRET_TEXT = "I am pregnant, call Jo Smith at 403-555-0123"


class ActionThatFails(Action):
    def name(self):
        return "action_test_that_fails"

    async def run(self, dispatcher, tracker, domain):
        raise ValueError(f"could not read {tracker.latest_message['text']!r}")  # an error that quotes the patient


def tracker_json():
    return {"next_action": "action_test_that_fails", "sender_id": "patient-1",
            "tracker": {"sender_id": "patient-1", "slots": {"booking_contact": "+14035550123", "pregnancy": "yes"},
                        "latest_message": {"text": SECRET_TEXT, "intent": {}, "entities": []},
                        "events": [{"event": "user", "text": SECRET_TEXT}], "paused": False,
                        "followup_action": None, "active_loop": {}, "latest_action_name": None},
            "domain": {"intents": [], "entities": [], "slots": {}, "responses": {}, "actions": [], "forms": {}},
            "version": "3.6.2"}


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)  # lets each test build its own app named "rasa_sdk"
    application = create_app("actions")  # rasa_sdk's app, with its own handler that echoes the request
    plugin_manager().hook.attach_sanic_app_extensions(app=application)  # what `rasa run actions` does next
    return application


def request_to(app, body: bytes) -> Request:
    request = Request(b"/webhook", Header({"content-type": "application/json"}), "1.1", "POST", None, app)
    request.body = body
    return request


def failure_of_the_action() -> ValueError:
    tracker = Tracker.from_dict(tracker_json()["tracker"])
    try:
        asyncio.run(ActionThatFails().run(CollectingDispatcher(), tracker, {}))
    except ValueError as error:
        return error
    raise AssertionError("the action was meant to fail")


def test_the_handler_is_registered_by_importing_actions(app):
    assert actions.server is server and plugin_manager().is_registered(server)
    assert app.error_handler.lookup(ValueError(), None) is server.action_error_response  # rasa_sdk's is replaced


def test_a_failing_action_answers_and_logs_without_patient_data(app, caplog):
    caplog.set_level(logging.DEBUG)
    answer = server.action_error_response(request_to(app, json.dumps(tracker_json()).encode()), failure_of_the_action())
    assert answer.status == 500
    assert json.loads(answer.body) == {"error": "ValueError", "action_name": "action_test_that_fails"}
    [record] = [record for record in caplog.records if record.name == "actions.server"]
    assert record.levelname == "ERROR"
    assert record.getMessage().startswith("action action_test_that_fails failed: ValueError at test_action_server")
    for secret in ("pregnan", "Jo Smith", "403-555-0123", "4035550123"):
        assert secret not in caplog.text and secret.encode() not in answer.body


def test_a_body_that_is_not_json_is_refused_with_its_status(app, caplog):
    request = request_to(app, b"{not json " + SECRET_TEXT.encode())
    try:
        request.json  # noqa: B018 - parsing is what fails
    except InvalidUsage as error:
        answer = server.action_error_response(request, error)
    assert answer.status == 400 and json.loads(answer.body)["action_name"] == "unknown"
    assert "Jo Smith" not in caplog.text and b"Jo Smith" not in answer.body
