"""The contraindication checklist: a form, the "why do you ask?" answers and the outcome.

The rules themselves (order, what each answer means, the overall outcome) are in
clinic/checklist.py; this module only moves slot values in and responses out.
"""
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.slots import (
    HEALTH_SLOTS,
    REQUESTED_SLOT,
    SCREENING_CONSENT,
    SCREENING_DONE,
    SCREENING_OUTCOME,
    TREATED_PERSON,
    clear_health_answers,
)
from clinic.answer_plan import is_question
from clinic.checklist import ITEM_IDS, YES, Outcome, join_labels, questions_to_ask, screening_result
from clinic.extraction import leading_answer

# Messages that are not an answer even when they open with "no" ("no, stop", "no, why?").
NOT_AN_ANSWER = {"report_emergency", "report_red_flag", "stop", "ask_why", "human_handoff"}
OUTCOME_RESPONSES = {
    Outcome.CLEAR: "utter_screening_clear",
    Outcome.TELL_PHYSIO: "utter_screening_tell_physio",
    Outcome.ASK_PHYSIO: "utter_screening_ask_physio",
    Outcome.STOP: "utter_screening_stop",
}


def answers_from(tracker: Tracker) -> Dict[str, str | None]:
    return {item_id: tracker.get_slot(item_id) for item_id in ITEM_IDS}


def answers_another_item(tracker: Tracker, question: str) -> bool:
    """Whether this turn's yes/no for `question` came only from the intent of a message that
    states another checklist fact and holds no yes/no word of its own."""
    stated = {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}
    set_this_turn = question in tracker.slots_to_validate()
    return (set_this_turn and bool(stated & (set(ITEM_IDS) - {question}))
            and leading_answer(tracker.latest_message.get("text", "")) is None)


def changes_treated_person(tracker: Tracker) -> bool:
    """Whether this turn's message says the checklist is for someone other than the one it was
    asking about ("no, it's for my husband actually"): its yes or no is then about who, not the question."""
    stated = [entity.get("value") for entity in tracker.latest_message.get("entities", [])
              if entity.get("entity") == TREATED_PERSON]
    if not stated:
        return False
    before = None  # the slot's value before this message
    events = list(tracker.events)
    last_user = max((i for i, event in enumerate(events) if event.get("event") == "user"), default=len(events))
    for event in events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == TREATED_PERSON:
            before = event.get("value")
    return stated[-1] != (before or "self")


CHECKLIST_SLOTS = frozenset({SCREENING_CONSENT, *ITEM_IDS})


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> str:
        return "validate_screening_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        """Also answers a question told with a checklist answer ("I take warfarin, is that a problem?").

        A message that fills a checklist slot keeps the form going, so the rule that answers its
        question never runs; without this the question went unanswered. A message that fills none
        is rejected by the form and answered by that rule instead (so never twice).
        """
        filled = set(tracker.slots_to_validate())  # read first: super().run adds its own events
        events = await super().run(dispatcher, tracker, domain)
        filled |= {event.get("name") for event in events if event.get("event") == "slot"}
        if is_question((tracker.latest_message.get("intent") or {}).get("name")) and filled & CHECKLIST_SLOTS:
            # imported here: actions.answers imports this module (restart_events)
            from actions.answers import answer_latest

            answer_latest(dispatcher, tracker, domain, buttons=False)
        return events

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        # Consent first; a "no" ends the form. Questions already answered (also in free
        # text) are skipped, and none are asked once an answer rules needling out.
        if tracker.get_slot(SCREENING_CONSENT) is False:
            return []
        return [SCREENING_CONSENT, *questions_to_ask(answers_from(tracker))]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """A reply opening with yes / no / not sure answers the question asked, whatever the
        classifier made of the rest ("no, not pregnant" is not a question about pregnancy)."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        question = tracker.get_slot(REQUESTED_SLOT)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if question not in CHECKLIST_SLOTS or intent in NOT_AN_ANSWER:
            return events
        if question != SCREENING_CONSENT and changes_treated_person(tracker):
            # asked again, now about the person named ("Do they ...?")
            return events + [SlotSet(question, None)]
        if answers_another_item(tracker, question):
            # "I'm 45" to the bleeding question reads as "no" to the classifier: keep the age,
            # take back the "no", and the question is asked again
            return events + [SlotSet(question, None)]
        if tracker.get_slot(question) is not None or any(event.get("name") == question for event in events):
            return events
        answer = leading_answer(tracker.latest_message.get("text", ""))
        if answer is None:
            return events
        if question == SCREENING_CONSENT:
            return events + ([SlotSet(question, answer == YES)] if answer != "unsure" else [])
        return events + [SlotSet(question, answer)]


class ActionScreeningOutcome(Action):
    def name(self) -> str:
        return "action_screening_outcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if tracker.get_slot(SCREENING_CONSENT) is False:
            dispatcher.utter_message(response="utter_screening_declined")
            return clear_health_answers()
        result = screening_result(answers_from(tracker))
        labels = result.reason_labels or tuple(item.label for item in result.to_mention)
        dispatcher.utter_message(response=OUTCOME_RESPONSES[result.outcome], reasons=join_labels(labels))
        return [SlotSet(SCREENING_OUTCOME, result.outcome.value), SlotSet(SCREENING_DONE, True)]


def restart_events(tracker: Tracker) -> List[EventType]:
    """Forget a finished checklist so it runs afresh: consent asked again, answers cleared, new outcome.

    Answers the patient gives in the very message that asks again ("I just found out I'm
    pregnant, can I still have it?") are kept: they are new, and the form will not ask them.
    """
    if tracker.get_slot(SCREENING_DONE) is not True:
        return []
    said_now = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}
    return [
        *(SlotSet(slot, None) for slot in HEALTH_SLOTS if slot not in said_now),
        SlotSet(SCREENING_OUTCOME, None),
        SlotSet(SCREENING_DONE, False),
    ]


class ActionRestartScreening(Action):
    """"Can I have it?" again after a finished checklist: start the checklist afresh (see restart_events)."""

    def name(self) -> str:
        return "action_restart_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return restart_events(tracker)


class ActionExplainQuestion(Action):
    """"Why do you ask?": the reason for the question being asked (the form asks it again)."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        question = tracker.get_slot(REQUESTED_SLOT)
        response = f"utter_why_{question}"
        if response in domain.get("responses", {}):
            dispatcher.utter_message(response=response)
        else:
            dispatcher.utter_message(response="utter_why_screening_consent")
        return []


class ActionStopScreening(Action):
    """"Stop": leave the checklist politely, forget its answers, book nothing."""

    def name(self) -> str:
        return "action_stop_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_screening_stopped")
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] + clear_health_answers()
