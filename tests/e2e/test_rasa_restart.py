"""The Rasa server restarted in the middle of the checklist: the conversation continues from the
tracker store (the SQLite file), with the answers given so far kept and the next question asked."""
import os
import subprocess

import pytest

from clinic.checklist import ITEM_IDS
from tests.e2e.conftest import MODEL, PROJECT_ROOT, RASA, Patient, free_port, start, wait_until_up

pytestmark = pytest.mark.e2e


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_checklist_half_answered_continues_after_the_rasa_server_restarts(tmp_path, webhook):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does)")
    rasa_port, actions_port = free_port(), free_port()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp_path / "tracker.db"}"\n'
    )
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(PROJECT_ROOT), "OUTBOX_DB": str(tmp_path / "outbox.db"),
           "BOOKING_WEBHOOK_URL": webhook.url}
    rasa_command = [str(RASA), "run", "--enable-api", "--port", str(rasa_port), "--model", str(MODEL),
                    "--endpoints", str(endpoints), "--credentials", "credentials.yml"]
    url = f"http://127.0.0.1:{rasa_port}"
    actions = start([str(RASA), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
                    tmp_path / "actions.log", env)
    rasa = start(rasa_command, tmp_path / "rasa-1.log", env)
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions, tmp_path / "actions.log")
        wait_until_up(f"{url}/status", rasa, tmp_path / "rasa-1.log")
        patient = Patient(url)
        assert "OK to start?" in patient.reply_text("can I have dry needling for my sciatica?")
        patient.reply_text("yes")
        # the first two checklist questions answered "no"
        for _ in range(2):
            patient.reply_text("no")
        asked_before = patient.slots()["requested_slot"]
        assert asked_before == ITEM_IDS[2]

        stop(rasa)
        rasa = start(rasa_command, tmp_path / "rasa-2.log", env)
        wait_until_up(f"{url}/status", rasa, tmp_path / "rasa-2.log")

        slots = patient.slots()
        assert slots["requested_slot"] == ITEM_IDS[2]
        assert [slots[item] for item in ITEM_IDS[:2]] == ["no", "no"]
        # the patient answers the question they were asked before the restart, and the checklist
        # goes on to the next one rather than starting again
        patient.reply_text("no")
        assert patient.slots()["requested_slot"] == ITEM_IDS[3]
    finally:
        stop(rasa)
        stop(actions)
