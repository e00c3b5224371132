"""Keeps the Rasa server answering when the action server is down, slow or wrong, and cheap when it is up.

Listed in config.yml's pipeline so that loading the model installs it in the Rasa process (the
component itself leaves every message as it is). It changes two things in Rasa 3.6:

1. Custom actions and forms, as the dialogue runs them, get a time limit (ACTION_SERVER_TIMEOUT
   seconds, default 10; Rasa's own is 5 minutes). When one fails (server down, time limit, error
   status, malformed result) the patient gets plain responses instead of silence: the answers
   to the questions asked, when that was the action, or else `utter_unavailable_right_now`
   (booking and the checklist are unavailable right now, with the clinic's phone). A form that
   was running is stopped, and the assistant listens again. Emergencies never reach this: their
   advice is a plain response sent by rules.
2. The check of every custom action's result against Rasa's response schema uses a validator
   built once. Rasa calls `jsonschema.validate`, which re-checks the schema itself on every
   call: about half the Rasa server's CPU under load (issue 11).
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, Iterable, List, Sequence

from rasa.core.actions.action import Action, ActionBotResponse, ActionExecutionRejection, RemoteAction
from rasa.core.actions.loops import LoopAction
from rasa.core.processor import MessageProcessor
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import ActiveLoop, Event, FollowupAction, SlotSet
from rasa.shared.nlu.training_data.message import Message

from clinic.answer_plan import is_question, offered_step

logger = logging.getLogger(__name__)

TIMEOUT_VARIABLE = "ACTION_SERVER_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS = 10.0
ANSWER_ACTION = "action_answer_question"
FOLLOW_OFFER_ACTION = "action_follow_offer"
QUESTION_ENTITY = "question_intent"
UNAVAILABLE_RESPONSE = "utter_unavailable_right_now"
# answers composed from clinic.yml by the action server, and their plain stand-ins
PLAIN_STAND_INS = {"ask_cost_insurance": "utter_cost_unknown"}


def action_timeout_seconds(environment: Dict[str, str] | None = None) -> float:
    """ACTION_SERVER_TIMEOUT (seconds, > 0) or the default; a bad value is a start-up error."""
    raw = (os.environ if environment is None else environment).get(TIMEOUT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    seconds = float(raw)
    if seconds <= 0:
        raise ValueError(f"{TIMEOUT_VARIABLE} must be a number of seconds above 0, not {raw!r}")
    return seconds


def fallback_responses(action_name: str, questions: Sequence[str], responses: Iterable[str],
                       offered: str | None = None) -> List[str]:
    """The plain responses that stand in for a custom action that failed.

    `questions` are the question intents of the latest message, in order; `responses` the
    domain's response names; `offered` the step the last answer offered. A failed answer gives
    each question's plain answer, a "yes" to an offered question that question's; anything
    else (the checklist, booking, a callback) says it is unavailable right now.
    """
    known = set(responses)
    if action_name == FOLLOW_OFFER_ACTION and is_question(offered):
        action_name, questions = ANSWER_ACTION, [str(offered)]
    if action_name == ANSWER_ACTION:
        answers = [PLAIN_STAND_INS.get(question, f"utter_{question}") for question in questions]
        answers = [response for response in dict.fromkeys(answers) if response in known]
        if answers:
            return answers
    return [UNAVAILABLE_RESPONSE]


def _asked_questions(tracker: Any) -> List[str]:
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") or ""
    entities = [entity.get("value") for entity in message.entities or [] if entity.get("entity") == QUESTION_ENTITY]
    return [value for value in entities if value] or [intent]


class GuardedAction(Action):
    """A custom action or form run with a time limit, and plain responses if it fails."""

    def __init__(self, action: Action, timeout_seconds: float) -> None:
        self.action = action
        self.timeout_seconds = timeout_seconds

    def name(self) -> str:
        return self.action.name()

    def event_for_successful_execution(self, prediction: Any) -> Event:
        return self.action.event_for_successful_execution(prediction)

    async def run(self, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
        try:
            return await asyncio.wait_for(self.action.run(output_channel, nlg, tracker, domain), self.timeout_seconds)
        except ActionExecutionRejection:
            raise  # a form declining a message: Rasa's own unhappy path
        except Exception as error:  # noqa: BLE001 (whatever went wrong, the patient gets an answer)
            # the action and the kind of failure only: never the message or slot values
            logger.error("Custom action '%s' failed (%s); answering with plain responses instead.",
                         self.name(), "time limit" if isinstance(error, asyncio.TimeoutError) else type(error).__name__)
            return await self.fallback(output_channel, nlg, tracker, domain)

    async def fallback(self, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
        events: List[Event] = []
        offered = offered_step([event.as_dict() for event in tracker.events]) \
            if self.name() == FOLLOW_OFFER_ACTION else None
        for response in fallback_responses(self.name(), _asked_questions(tracker), domain.responses, offered):
            events += await ActionBotResponse(response).run(output_channel, nlg, tracker, domain)
        if tracker.active_loop_name:
            events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        # listen: no rule may chain another custom action onto the failed one
        return events + [FollowupAction(ACTION_LISTEN_NAME)]


def _compiled_result_check() -> Any:
    """RemoteAction._validate_action_result with its schema checked and compiled once."""
    from jsonschema import ValidationError, validators
    from jsonschema.exceptions import best_match

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        # Rasa's own wording (rasa/core/actions/action.py)
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
        raise error if isinstance(error, ValidationError) else ValidationError(str(error))

    return validate_action_result


_original_run_action = MessageProcessor._run_action


def install(timeout_seconds: float) -> None:
    """Installs both changes in this process (again: only updates the time limit)."""

    async def run_action(self: MessageProcessor, action: Action, *args: Any, **kwargs: Any) -> bool:
        if isinstance(action, (RemoteAction, LoopAction)):
            action = GuardedAction(action, timeout_seconds)
        return await _original_run_action(self, action, *args, **kwargs)

    MessageProcessor._run_action = run_action
    RemoteAction._validate_action_result = _compiled_result_check()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CustomActionGuard(GraphComponent):
    """Installs the guard when the model is loaded; messages pass through unchanged."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CustomActionGuard:
        install(action_timeout_seconds())
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        return messages
