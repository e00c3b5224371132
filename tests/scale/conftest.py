"""Two Rasa servers and two action servers on the shared PostgreSQL and Redis, behind nginx.

`make test-scale` starts PostgreSQL and Redis on loopback (scripts/scale_services.sh) and sets
TRACKER_STORE_URL and LOCK_STORE_URL; nginx is started here, round-robin over the two Rasa
servers. Each Rasa server calls its own action server; both action servers deliver from the
one shared outbox. The servers use the project's endpoints.yml stores, so what is tested is
what a deployment runs.
"""
import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple
from urllib.parse import quote

import psycopg2
import pytest
import requests
import yaml

from server.nginx import SERVED_BY, nginx_command, round_robin_config
from server.nginx import nginx_binary as installed_nginx
from tests.e2e.conftest import MODEL, PROJECT_ROOT, RASA, ClinicWebhook, free_port, start, wait_until_up

SHARED_STORE_VARIABLES = ("TRACKER_STORE_URL", "LOCK_STORE_URL")


def url_with_own_schema(database_url: str, schema: str) -> str:
    """The same database, with new tables made in a new `schema` (libpq's options set search_path)."""
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    connection.close()
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}options={quote(f'-csearch_path={schema}')}"


def drop_schema(database_url: str, schema: str) -> None:
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    connection.close()


def nginx_binary() -> str:
    found = installed_nginx()
    if not found:
        pytest.fail("nginx is not installed: run `make test-scale` (scripts/scale_services.sh installs it)")
    return found


def stop_all(processes: List[subprocess.Popen], grace_seconds: float = 5) -> None:
    """SIGTERM, then SIGKILL what is still running after `grace_seconds`. Everything a test checked is
    committed by then; on this loaded 2-core machine a Rasa process spent 10-16 s in Python's own
    exit (no frame left to run, seen with py-spy), which would double the test's time."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + grace_seconds
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def shared_stores() -> Dict[str, str]:
    missing = [name for name in SHARED_STORE_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.fail(f"{', '.join(missing)} not set: run `make test-scale`, which starts PostgreSQL and Redis")
    return {name: os.environ[name] for name in SHARED_STORE_VARIABLES}


@pytest.fixture(scope="session")
def webhook():
    server = ClinicWebhook()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory, shared_stores, webhook):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first")
    workdir = tmp_path_factory.mktemp("scale")
    # The shared outbox of this run: a schema of its own, so requests of earlier runs are not in it.
    outbox_schema = f"scale_outbox_{uuid.uuid4().hex[:10]}"
    outbox_url = url_with_own_schema(shared_stores["TRACKER_STORE_URL"], outbox_schema)
    project_endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    env = {**os.environ, **shared_stores, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT), "OUTBOX_DB_URL": outbox_url,
           "OUTBOX_DB": str(workdir / "unused-outbox.db"),  # were the URL ignored, not the project's var/
           "BOOKING_WEBHOOK_URL": webhook.url,
           "BOOKING_WEBHOOK_TOKEN": "test-token", "DELIVERY_INTERVAL_SECONDS": "0.5",
           "DELIVERY_FIRST_RETRY_SECONDS": "1"}
    rasa_ports, actions_ports = [free_port(), free_port()], [free_port(), free_port()]
    processes: List[Tuple[subprocess.Popen, str, Path]] = []
    for index, (rasa_port, actions_port) in enumerate(zip(rasa_ports, actions_ports, strict=True)):
        endpoints = workdir / f"endpoints-{index}.yml"
        endpoints.write_text(yaml.safe_dump({
            **project_endpoints, "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"}}))
        actions_log, rasa_log = workdir / f"actions-{index}.log", workdir / f"rasa-{index}.log"
        # All four start at once: loading the model is most of the wait, and the two loads overlap.
        processes.append((start([str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
                                actions_log, env), f"http://127.0.0.1:{actions_port}/health", actions_log))
        processes.append((start([str(RASA), "run", "--enable-api", "--port", str(rasa_port), "--model", str(MODEL),
                                 "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
                                rasa_log, env), f"http://127.0.0.1:{rasa_port}/status", rasa_log))
    nginx_port = free_port()
    config = workdir / "nginx.conf"
    config.write_text(round_robin_config(workdir, nginx_port, rasa_ports))
    try:
        for process, health_url, log in processes:
            wait_until_up(health_url, process, log)
        nginx_log = workdir / "nginx.log"
        nginx = start(nginx_command(nginx_binary(), workdir, config), nginx_log, env)
        processes.append((nginx, f"http://127.0.0.1:{nginx_port}/status", nginx_log))
        wait_until_up(f"http://127.0.0.1:{nginx_port}/status", nginx, nginx_log)
        yield {
            "url": f"http://127.0.0.1:{nginx_port}",
            "rasa": [f"http://127.0.0.1:{port}" for port in rasa_ports],
            "rasa_addresses": {f"127.0.0.1:{port}" for port in rasa_ports},
            "workdir": workdir,
            "outbox_url": outbox_url,
        }
    finally:
        stop_all([process for process, _, _ in processes])
        drop_schema(shared_stores["TRACKER_STORE_URL"], outbox_schema)


class Patient:
    """One conversation whose messages go through nginx; it remembers which server answered each."""

    def __init__(self, cluster, sender: str):
        self.cluster = cluster
        self.sender = sender
        self.served_by: List[str] = []

    def says(self, text: str) -> List[dict]:
        response = requests.post(f"{self.cluster['url']}/webhooks/rest/webhook",
                                 json={"sender": self.sender, "message": text}, timeout=120)
        response.raise_for_status()
        self.served_by.append(response.headers[SERVED_BY])
        return response.json()

    def reply_text(self, text: str) -> str:
        return "\n".join(message.get("text", "") for message in self.says(text))

    def slots(self) -> dict:
        return self.tracker()["slots"]

    def tracker(self, server: int = 0) -> dict:
        """Straight from one Rasa server (not through nginx, which would shift the round-robin)."""
        response = requests.get(f"{self.cluster['rasa'][server]}/conversations/{self.sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()


def wait_for(condition, seconds: float = 30, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not true within {seconds}s: {condition}")
