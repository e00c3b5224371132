"""endpoints.yml as Rasa reads it: the action server's address comes from ACTION_SERVER_URL.

Rasa substitutes ${VAR} only in plain YAML scalars: quoted, the URL stayed the literal text
"${ACTION_SERVER_URL}" and every custom action failed."""
from pathlib import Path

from rasa.core.utils import AvailableEndpoints

ENDPOINTS = Path(__file__).resolve().parents[2] / "endpoints.yml"


def test_the_action_server_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:6123/webhook")
    assert AvailableEndpoints.read_endpoints(str(ENDPOINTS)).action.url == "http://127.0.0.1:6123/webhook"
