"""The HTTP API behind a token, CORS only for the allowed pages, the action server on loopback,
and the conversation database: created when missing, refused at start when read-only."""
import os
import sqlite3
import subprocess
import sys

import pytest
import requests

from tests.e2e.conftest import MODEL, PROJECT_ROOT, free_port

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("method, path", [
    ("GET", "/conversations/{id}/tracker"),
    ("POST", "/conversations/{id}/tracker/events"),
    ("GET", "/conversations/{id}/story"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("GET", "/domain"),
])
@pytest.mark.parametrize("token", [None, "wrong-token-0123456789"])
def test_the_api_refuses_calls_without_the_token(servers, patient, method, path, token):
    patient.says("hi")
    params = {"token": token} if token else {}
    response = requests.request(method, servers["rasa"] + path.format(id=patient.sender), params=params,
                                json={"event": "slot", "name": "booking_name", "value": "x"}, timeout=30)
    assert response.status_code == 401


def test_the_api_answers_with_the_token(servers, patient):
    patient.says("hi")
    response = requests.get(f"{servers['rasa']}/conversations/{patient.sender}/tracker",
                            params={"token": servers["token"]}, timeout=30)
    assert response.status_code == 200 and response.json()["sender_id"] == patient.sender


def test_the_patients_channel_needs_no_token(patient):
    assert patient.says("what is dry needling")  # Patient.says sends no token


@pytest.mark.parametrize("origin, allowed", [("demo page", True), ("https://evil.example", False)])
def test_cors_allows_only_the_configured_pages(servers, origin, allowed):
    # the test servers allow their demo page only (CORS_ORIGINS), on a port chosen at start
    origin = servers["demo_origin"] if origin == "demo page" else origin
    response = requests.options(f"{servers['rasa']}/webhooks/rest/webhook", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert response.headers.get("Access-Control-Allow-Origin") != "*"


def listening_addresses(port: int) -> set:
    """The local addresses listening on `port`, from the kernel's socket tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_run_sh_starts_the_action_server_on_loopback_only():
    actions_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "ACTIONS_PORT": str(actions_port), "RASA_PORT": str(rasa_port), "MODEL": str(MODEL),
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("ACTIONS_HOST", None)
    env.pop("ACTION_SERVER_URL", None)
    process = subprocess.Popen(["scripts/run.sh"], cwd=PROJECT_ROOT, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                if requests.get(f"http://127.0.0.1:{actions_port}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, "scripts/run.sh exited"
            subprocess.run(["sleep", "1"], check=True)
        assert listening_addresses(actions_port) == {"0100007F"}  # 127.0.0.1 only
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def test_a_missing_database_folder_was_created_and_holds_the_conversation(servers, patient):
    patient.says("hi")
    patient.says("how long is a session")
    with sqlite3.connect(servers["tracker_db"]) as database:
        texts = [row[0] for row in database.execute(
            "SELECT json_extract(data, '$.text') FROM events WHERE sender_id = ? AND type_name = 'user'",
            (patient.sender,))]
    assert texts == ["hi", "how long is a session"]


def test_a_read_only_database_stops_the_start_with_one_clear_line(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    # /proc takes no new file, even from root (for whom a chmod'ed folder stays writable)
    endpoints.write_text('tracker_store:\n  type: server.tracker_store.SQLiteTrackerStore\n  db: "/proc/tracker.db"\n')
    result = subprocess.run(
        [sys.executable, "-m", "server.launch", "run", "--port", str(free_port()), "--model", str(MODEL),
         "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT_ROOT)})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    reasons = [line for line in output.splitlines() if "Cannot write the conversation database" in line]
    # Rasa's own message line (after Sanic's traceback): the whole reason on that one line
    assert reasons and "/proc/tracker.db" in reasons[-1] and reasons[-1].rstrip("\x1b[0m").endswith("elsewhere.")
    assert "InMemoryTrackerStore" not in output
