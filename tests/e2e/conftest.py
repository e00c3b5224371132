"""Starts the real action server and Rasa server on free ports for end-to-end tests.

The servers use their own endpoints file, pointing at the test action server and at a
SQLite tracker store in a temporary folder, so tests never touch var/tracker.db. They are
started as scripts/run.sh starts them: the action server on loopback, the Rasa server through
server.launch with its HTTP API behind a token (API_TOKEN; `Patient.slots` passes it).
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

import pytest
import requests

from clinic.deploy import cors_origins
from tests.e2e.messaging_apps import ApiRecorder

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
RASA = Path(sys.executable).parent / "rasa"
STARTUP_SECONDS = 180
API_TOKEN = secrets.token_hex(24)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not come up within {STARTUP_SECONDS}s; see {log}")


def start(command: List[str], log: Path, env: Dict[str, str]) -> subprocess.Popen:
    handle = open(log, "w")
    return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env)


class ClinicWebhook:
    """A stand-in for the clinic's booking endpoint on loopback that records what it gets.

    `stop()` closes the port (connection refused, as when the clinic's system is down) and
    `start()` opens it again on the same port.
    """

    def __init__(self, answer_after_seconds: float = 0.0):
        self.port = free_port()
        self.received: List[dict] = []
        self._server = None
        self.answer_after_seconds = answer_after_seconds  # a slow clinic system: the answer comes this late

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/booking-requests"

    def start(self) -> None:
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                webhook.received.append({"headers": dict(self.headers), "json": json.loads(body)})
                time.sleep(webhook.answer_after_seconds)
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def requests_for(self, reference: str) -> List[dict]:
        return [request for request in self.received if request["json"].get("reference") == reference]

    def wait_for(self, reference: str, seconds: float = 30) -> List[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.requests_for(reference):
            time.sleep(0.2)
        time.sleep(1)  # a duplicate would arrive right after the first one
        return self.requests_for(reference)


@pytest.fixture(scope="session")
def webhook():
    server = ClinicWebhook()
    server.start()
    yield server
    server.stop()


def rasa_command(workdir: Path, *arguments: str, origins: List[str] | None = None) -> List[str]:
    """The Rasa server as scripts/run.sh starts it (the API token comes from RASA_AUTH_TOKEN)."""
    return [sys.executable, "-m", "server.launch", "run", "--enable-api", "--model", str(MODEL),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--cors", *(origins or cors_origins({})),
            *arguments]


@pytest.fixture(scope="session")
def messaging_apps():
    """The messaging apps' APIs on loopback; the Rasa server's connectors are switched on towards it."""
    recorder = ApiRecorder(free_port())
    recorder.start()
    yield recorder
    recorder.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, webhook, messaging_apps):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    workdir = tmp_path_factory.mktemp("e2e")
    rasa_port, actions_port = free_port(), free_port()
    # The demo page's port is chosen now: the Rasa server lets only that origin use the chat.
    demo_port = free_port()
    demo_origin = f"http://127.0.0.1:{demo_port}"
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: server.tracker_store.SQLiteTrackerStore\n  db: "{workdir / "var" / "tracker.db"}"\n'
    )  # var/ does not exist yet: the tracker store creates it, as on a fresh clone
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT), "OUTBOX_DB": str(workdir / "outbox.db"), "RASA_AUTH_TOKEN": API_TOKEN,
           "BOOKING_WEBHOOK_URL": webhook.url, "BOOKING_WEBHOOK_TOKEN": "test-token",
           "DELIVERY_INTERVAL_SECONDS": "1", "DELIVERY_FIRST_RETRY_SECONDS": "1",
           "CORS_ORIGINS": demo_origin, **messaging_apps.environment()}
    processes = [
        start([str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
              workdir / "actions.log", {**env, "SANIC_HOST": "127.0.0.1"}),
        start(rasa_command(workdir, "--port", str(rasa_port), "--endpoints", str(endpoints), origins=[demo_origin]),
              workdir / "rasa.log", env),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes[0], workdir / "actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status?token={API_TOKEN}", processes[1], workdir / "rasa.log")
        yield {"rasa": f"http://127.0.0.1:{rasa_port}", "actions": f"http://127.0.0.1:{actions_port}",
               "workdir": workdir, "outbox": workdir / "outbox.db", "token": API_TOKEN,
               "tracker_db": workdir / "var" / "tracker.db", "demo_port": demo_port, "demo_origin": demo_origin}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def rasa_without_actions(tmp_path_factory):
    """A Rasa server whose action server is down (its endpoint is a closed port)."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    workdir = tmp_path_factory.mktemp("no-actions")
    rasa_port = free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{free_port()}/webhook"\n')
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT), "RASA_AUTH_TOKEN": API_TOKEN}
    process = start(rasa_command(workdir, "--port", str(rasa_port), "--endpoints", str(endpoints)),
                    workdir / "rasa.log", env)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status?token={API_TOKEN}", process, workdir / "rasa.log")
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


class Patient:
    """One conversation through the REST channel, as the website widget would hold it."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def says(self, text: str, timeout: float = 60) -> List[dict]:
        response = requests.post(
            f"{self.base_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}, timeout=timeout
        )
        response.raise_for_status()
        return response.json()

    def reply_text(self, text: str, timeout: float = 60) -> str:
        return "\n".join(message.get("text", "") for message in self.says(text, timeout))

    def slots(self) -> dict:
        response = requests.get(f"{self.base_url}/conversations/{self.sender}/tracker",
                                params={"token": API_TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()["slots"]


@pytest.fixture
def patient(servers):
    return Patient(servers["rasa"])


class SlowActionServer:
    """An action server on loopback that takes `seconds` over every action (then answers nothing)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.port = free_port()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                time.sleep(outer.seconds)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def rasa_with_slow_actions(tmp_path_factory):
    """A Rasa server whose action server takes 30 s over every action; it gives up after 2 s."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    slow = SlowActionServer(30)
    workdir = tmp_path_factory.mktemp("slow-actions")
    rasa_port = free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{slow.port}/webhook"\n')
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT), "ACTION_SERVER_TIMEOUT": "2"}
    process = start([str(RASA), "run", "--enable-api", "--port", str(rasa_port), "--model", str(MODEL),
                     "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
                    workdir / "rasa.log", env)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status", process, workdir / "rasa.log")
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        slow.stop()
