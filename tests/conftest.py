"""Shared fixtures: the project's domain as actions receive it, and a tracker builder."""
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clinic_file(monkeypatch):
    """Use a pinned clinic file from tests/unit/fixtures/ (fees, hours open around the clock or never)."""
    def use(name):
        monkeypatch.setenv("CLINIC_CONFIG", str(PROJECT_ROOT / "tests" / "unit" / "fixtures" / name))
    return use


@pytest.fixture(scope="session")
def domain() -> dict:
    return Domain.load(str(PROJECT_ROOT / "domain")).as_dict()


def make_tracker(slots=None, intent="greet", entities=(), text="", active_loop=None, events=()):
    latest_message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": list(entities),
    }
    return Tracker(
        sender_id="unit-test",
        slots=dict(slots or {}),
        latest_message=latest_message,
        events=list(events),
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
