"""Starts the real action server and Rasa server on free ports for end-to-end tests.

The servers use their own endpoints file, pointing at the test action server and at a
SQLite tracker store in a temporary folder, so tests never touch var/tracker.db.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List

import pytest
import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
RASA = Path(sys.executable).parent / "rasa"
STARTUP_SECONDS = 180


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


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    workdir = tmp_path_factory.mktemp("e2e")
    rasa_port, actions_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "tracker.db"}"\n'
    )
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT)}
    processes = [
        start([str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
              workdir / "actions.log", env),
        start([str(RASA), "run", "--enable-api", "--port", str(rasa_port), "--model", str(MODEL),
               "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
              workdir / "rasa.log", env),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes[0], workdir / "actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status", processes[1], workdir / "rasa.log")
        yield {"rasa": f"http://127.0.0.1:{rasa_port}", "actions": f"http://127.0.0.1:{actions_port}",
               "workdir": workdir}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class Patient:
    """One conversation through the REST channel, as the website widget would hold it."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def says(self, text: str) -> List[dict]:
        response = requests.post(
            f"{self.base_url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def reply_text(self, text: str) -> str:
        return "\n".join(message.get("text", "") for message in self.says(text))

    def slots(self) -> dict:
        response = requests.get(f"{self.base_url}/conversations/{self.sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()["slots"]


@pytest.fixture
def patient(servers):
    return Patient(servers["rasa"])
