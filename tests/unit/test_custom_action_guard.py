"""The guard the Rasa server loads with the model: plain answers when the action server fails, a cheap result check."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, BotUttered, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from clinic.settings import load_settings
from components.custom_action_guard import (
    UNAVAILABLE_RESPONSE,
    GuardedAction,
    action_timeout_seconds,
    fallback_responses,
    install,
)
from tests.conftest import PROJECT_ROOT
from tests.e2e.conftest import free_port

RESPONSES = ["utter_ask_pregnancy", "utter_ask_how_it_feels", "utter_cost_unknown", UNAVAILABLE_RESPONSE]


def test_a_failed_answer_gives_the_plain_answer_of_each_question_in_order():
    assert fallback_responses("action_answer_question", ["ask_how_it_feels", "ask_pregnancy"], RESPONSES) == [
        "utter_ask_how_it_feels", "utter_ask_pregnancy"]


def test_the_composed_cost_answer_has_a_plain_stand_in():
    assert fallback_responses("action_answer_question", ["ask_cost_insurance"], RESPONSES) == ["utter_cost_unknown"]


def test_an_answer_without_a_plain_response_says_unavailable():
    assert fallback_responses("action_answer_question", ["ask_unheard_of"], RESPONSES) == [UNAVAILABLE_RESPONSE]


@pytest.mark.parametrize("action", ["screening_form", "booking_form", "action_submit_booking", "action_follow_offer"])
def test_booking_the_checklist_and_anything_else_say_unavailable(action):
    assert fallback_responses(action, ["ask_pregnancy"], RESPONSES) == [UNAVAILABLE_RESPONSE]


def test_yes_to_an_offered_question_gets_its_plain_answer_yes_to_booking_says_unavailable():
    assert fallback_responses("action_follow_offer", ["affirm"], RESPONSES, "ask_how_it_feels") == [
        "utter_ask_how_it_feels"]
    assert fallback_responses("action_follow_offer", ["affirm"], RESPONSES, "book_appointment") == [
        UNAVAILABLE_RESPONSE]


def test_time_limit_comes_from_the_environment():
    assert action_timeout_seconds({}) == 10.0
    assert action_timeout_seconds({"ACTION_SERVER_TIMEOUT": "2.5"}) == 2.5
    for bad in ("0", "-1", "soon"):
        with pytest.raises(ValueError):
            action_timeout_seconds({"ACTION_SERVER_TIMEOUT": bad})


def test_action_results_are_checked_without_checking_the_schema_again(monkeypatch):
    install(10.0)
    # a second schema check would now fail: the installed check must not make one
    validator_class = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: 1 / 0))
    monkeypatch.setattr(jsonschema, "validate", lambda *args, **kwargs: 1 / 0)
    action = RemoteAction("action_answer_question", None)
    good = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"responses": "not a list"})


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(PROJECT_ROOT / "domain"))


def tracker_for(domain, intent, entities=(), active_loop=None):
    tracker = DialogueStateTracker.from_events("guard-test", [], slots=domain.slots)
    tracker.update(UserUttered("...", intent={"name": intent, "confidence": 1.0}, entities=list(entities)))
    if active_loop:
        tracker.update(ActiveLoop(active_loop))
    return tracker


async def run_guarded(action_name, tracker, domain, url, timeout_seconds=5.0):
    remote = RemoteAction(action_name, EndpointConfig(url))
    started = time.monotonic()
    events = await GuardedAction(remote, timeout_seconds).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    return events, time.monotonic() - started


def texts(events):
    return [event.text for event in events if isinstance(event, BotUttered)]


def closed_port_url():
    return f"http://127.0.0.1:{free_port()}/webhook"


async def test_booking_with_the_action_server_down_says_unavailable_with_the_phone_and_stops_the_form(domain):
    phone = domain.slots[[slot.name for slot in domain.slots].index("clinic_phone")].initial_value
    tracker = tracker_for(domain, "affirm", active_loop="booking_form")
    events, _ = await run_guarded("booking_form", tracker, domain, closed_port_url())
    assert len(texts(events)) == 1 and phone in texts(events)[0] and "unavailable" in texts(events)[0]
    assert events[-3:] == [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction(ACTION_LISTEN_NAME)]


async def test_several_questions_with_the_action_server_down_get_their_plain_answers(domain):
    asked = [{"entity": "question_intent", "value": intent} for intent in ("ask_how_it_feels", "ask_pregnancy")]
    tracker = tracker_for(domain, "ask_how_it_feels", entities=asked)
    events, _ = await run_guarded("action_answer_question", tracker, domain, closed_port_url())
    expected = [domain.responses[name][0]["text"] for name in ("utter_ask_how_it_feels", "utter_ask_pregnancy")]
    assert texts(events) == expected
    assert events[-1] == FollowupAction(ACTION_LISTEN_NAME)


async def test_hours_with_the_action_server_down_are_still_given(domain):
    events, _ = await run_guarded("action_answer_question", tracker_for(domain, "ask_location_hours"), domain,
                                  closed_port_url())
    # the hours are a slot default rendered from clinic.yml (domain/clinic_details.yml)
    assert len(texts(events)) == 1 and load_settings().hours_lines() in texts(events)[0]
    assert "{" not in texts(events)[0]


@pytest.fixture
def slow_action_server():
    """An action server that takes 30 seconds over every action."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            time.sleep(30)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/webhook"
    server.shutdown()
    server.server_close()


async def test_a_slow_action_server_is_given_up_on_after_the_time_limit(domain, slow_action_server):
    tracker = tracker_for(domain, "book_appointment", active_loop="screening_form")
    events, seconds = await run_guarded("screening_form", tracker, domain, slow_action_server, timeout_seconds=1.0)
    assert seconds < 5
    assert len(texts(events)) == 1 and "unavailable" in texts(events)[0]


async def test_a_form_declining_a_message_is_left_to_rasa(domain):
    from rasa.core.actions.action import ActionExecutionRejection

    class Declining(RemoteAction):
        async def run(self, *args, **kwargs):
            raise ActionExecutionRejection("booking_form")

    with pytest.raises(ActionExecutionRejection):
        await GuardedAction(Declining("booking_form", None), 1.0).run(
            CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
            tracker_for(domain, "ask_pregnancy"), domain)
