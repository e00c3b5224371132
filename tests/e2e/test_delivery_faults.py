"""Faults around booking requests, end to end: the action server restarted with requests waiting,
an action failing in the middle of a booking, and what the two servers' logs keep of it all."""
import os
import shutil
import subprocess
import time
import uuid

import pytest
import requests

from clinic.outbox import Outbox
from tests.e2e.conftest import PROJECT_ROOT, RASA, ClinicWebhook, Patient, free_port, start, wait_until_up
from tests.e2e.test_screening_conversations import answer_all, start_checklist

pytestmark = pytest.mark.e2e


def action_server(workdir, outbox_path, webhook_url, log_name):
    port = free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT_ROOT),
           "OUTBOX_DB": str(outbox_path), "BOOKING_WEBHOOK_URL": webhook_url,
           "DELIVERY_INTERVAL_SECONDS": "1", "DELIVERY_FIRST_RETRY_SECONDS": "1"}
    log = workdir / log_name
    process = start([str(RASA), "run", "actions", "--actions", "actions", "--port", str(port)], log, env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_requests_waiting_at_a_restart_go_out_once_when_the_action_server_starts(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    entries = [outbox.add("booking", {"kind": "booking", "name": f"Patient {i}", "contact": "+14035550123",
                                      "preferred_time": "mornings"}) for i in range(3)]
    clinic = ClinicWebhook()  # not started: the clinic's endpoint is down
    first = action_server(tmp_path, outbox.path, clinic.url, "actions-1.log")
    try:
        # nobody chats: the worker tries on its own as soon as the server is up, and the requests wait
        assert wait_until(lambda: all(outbox.get(entry.reference).attempts >= 1 for entry in entries))
    finally:
        stop(first)
    assert [outbox.get(entry.reference).status for entry in entries] == ["pending"] * 3
    clinic.start()  # the endpoint is back, and the action server is started again
    second = action_server(tmp_path, outbox.path, clinic.url, "actions-2.log")
    try:
        assert wait_until(lambda: outbox.count("pending") == 0)
        time.sleep(2)  # two more passes: a duplicate would arrive now
    finally:
        stop(second)
        clinic.stop()
    assert [len(clinic.requests_for(entry.reference)) for entry in entries] == [1, 1, 1]
    assert [outbox.get(entry.reference).status for entry in entries] == ["delivered"] * 3


def test_an_action_server_stopped_during_a_delivery_records_it_before_it_exits(tmp_path):
    # SIGTERM (a deploy, Ctrl-C) while the clinic's system is still answering: the worker finishes
    # that delivery and records it. Cut off mid-pass, it left its claim (lease) standing, and a
    # restarted server could not send the request for a minute (LEASE_SECONDS).
    outbox = Outbox(tmp_path / "outbox.db")
    entry = outbox.add("booking", {"kind": "booking", "name": "Patient S", "contact": "+14035550123",
                                   "preferred_time": "mornings"})
    clinic = ClinicWebhook(answer_after_seconds=8.0)
    clinic.start()
    server = action_server(tmp_path, outbox.path, clinic.url, "actions.log")
    try:
        assert wait_until(lambda: clinic.requests_for(entry.reference), seconds=30)  # the POST is in flight
    finally:
        stop(server)
        clinic.stop()
    assert outbox.get(entry.reference).status == "delivered"


# What this patient types; none of it may appear in either server's log.
NAME, EMAIL, TIME = "Zebediah Quartermaine", "zeb.quartermaine@example.com", "Tuesday after 4:45"
HEALTH_ANSWER = "yes, I take warfarin"
SECRETS = ("Zebediah", "Quartermaine", "quartermaine@", "after 4:45", "warfarin", "5875550142", "587-555-0142")


def api(servers, path, **json_body):
    response = requests.post(f"{servers['rasa']}/conversations/{path}", json=json_body or None,
                             params={"token": servers["token"]}, timeout=60)
    response.raise_for_status()
    return response.json()


def test_logs_of_both_servers_keep_no_patient_data_even_when_an_action_fails(servers, patient):
    start_checklist(patient)
    offer = answer_all(patient, {"blood_thinners": HEALTH_ANSWER})[-1]
    assert "request" in offer
    patient.says("yes")
    patient.says(NAME)
    patient.says(EMAIL)
    assert "include your checklist answers" in patient.reply_text(TIME)
    confirmation = patient.reply_text("yes include them")
    assert EMAIL in confirmation and "blood-thinning medication" in confirmation

    # 1. The outbox cannot be written (here: a folder where its file should be) when the patient says yes.
    outbox, moved = servers["outbox"], servers["workdir"] / f"outbox-moved-{uuid.uuid4().hex}"
    moved.mkdir()
    for file in servers["workdir"].glob("outbox.db*"):
        file.rename(moved / file.name)
    outbox.mkdir()
    try:
        reply = patient.reply_text("yes send it")
    finally:
        outbox.rmdir()
        for file in moved.iterdir():
            file.rename(servers["workdir"] / file.name)
        shutil.rmtree(moved)
    assert "couldn't save your request" in reply and "403-555-0100" in reply and "DN-" not in reply

    # 2. An action fails outright: a contact slot that is not text makes the summary raise TypeError.
    api(servers, f"{patient.sender}/tracker/events", event="slot", name="booking_contact",
        value=[NAME, "587-555-0142"])
    api(servers, f"{patient.sender}/execute", name="action_ask_booking_confirmed")

    api(servers, f"{patient.sender}/tracker/events", event="slot", name="booking_contact", value=None)
    assert patient.reply_text("what is dry needling?")  # the conversation still gets answers
    assert "needle" in Patient(servers["rasa"]).reply_text("what is dry needling?").lower()  # and everyone else

    rasa_log = (servers["workdir"] / "rasa.log").read_text()
    actions_log = (servers["workdir"] / "actions.log").read_text()
    # the errors were logged, by kind
    assert "a booking request could not be stored (OperationalError)" in actions_log
    assert "action action_ask_booking_confirmed failed: TypeError" in actions_log
    # the Rasa server's guard (components/custom_action_guard.py) names the action and the kind of error
    assert "Custom action 'action_ask_booking_confirmed' failed (RasaException)" in rasa_log
    for secret in SECRETS:
        assert secret not in rasa_log, f"{secret!r} is in the Rasa server's log"
        assert secret not in actions_log, f"{secret!r} is in the action server's log"
