"""Delivery to the booking webhook (clinic/delivery.py) against a real HTTP server on 127.0.0.1."""
import json
import socket
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from clinic import delivery
from clinic.deliver import main as deliver_main
from clinic.delivery import (
    BookingWebhookClient,
    DeliveryConnectionError,
    DeliveryRejected,
    DeliveryTimeout,
    DeliveryWorker,
    RetryPolicy,
    backoff_seconds,
    deliver_due,
    ensure_worker_started,
    stop_worker,
)
from clinic.outbox import Outbox

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
PAYLOAD = {"kind": "booking", "name": "Jo Smith", "contact": "+14035550123", "preferred_time": "mornings",
           "screening_outcome": "clear", "share_health_answers": False}
FAST = (0.5, 0.5)  # connect, read: every test finishes in well under a second per request


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # the name http.server calls
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, delay = self.server.next_behaviour()
        self.server.record(dict(self.headers), json.loads(body), status)
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"ok": 200 <= status < 300}).encode())
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            pass

    def log_message(self, *args):  # keep test output clean
        pass


class WebhookServer(ThreadingHTTPServer):
    """Answers each POST with the next (status, delay) of `behaviours`, then 200; records every request."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviours = []
        self.requests = []
        self._lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/bookings"

    def next_behaviour(self):
        with self._lock:
            return self.behaviours.pop(0) if self.behaviours else (200, 0.0)

    def record(self, headers, body, status):
        with self._lock:
            self.requests.append({"headers": headers, "body": body, "status": status})

    def keys(self):
        return Counter(request["headers"]["Idempotency-Key"] for request in self.requests)


@pytest.fixture
def server():
    webhook = WebhookServer()
    thread = threading.Thread(target=webhook.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield webhook
    webhook.shutdown()
    webhook.server_close()


@pytest.fixture
def outbox(tmp_path):
    return Outbox(tmp_path / "outbox.db")


def client_for(server, **kwargs):
    return BookingWebhookClient(server.url, timeout=kwargs.pop("timeout", FAST), **kwargs)


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/bookings"  # nothing listens there any more


def test_success_posts_payload_and_headers(server, outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    report = deliver_due(outbox, client_for(server, token="s3cret"), now=T0)
    assert (report.delivered, report.retrying, report.failed, report.skipped) == (1, 0, 0, 0)
    [request] = server.requests
    assert request["body"] == {"reference": entry.reference, "kind": "booking",
                               "idempotency_key": entry.idempotency_key, "created_at": entry.created_at, **PAYLOAD}
    assert request["headers"]["Idempotency-Key"] == entry.idempotency_key
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Bearer s3cret"
    delivered = outbox.get(entry.reference)
    assert delivered.status == "delivered" and delivered.delivered_at == "2026-11-23T15:00:00.000000+00:00"


def test_no_authorization_header_without_token(server, outbox):
    outbox.add("callback", PAYLOAD, now=T0)
    deliver_due(outbox, client_for(server), now=T0)
    assert "Authorization" not in server.requests[0]["headers"]


def test_health_answers_and_checklist_items_are_sent_only_with_consent(server, outbox):
    private = {"screening_outcome": "ask_physio", "screening_items": ["pregnancy or a possible pregnancy"],
               "health_answers": {"pregnancy or a possible pregnancy": "yes"}}
    outbox.add("booking", {**PAYLOAD, **private}, now=T0)  # as stored before consent covered the items
    outbox.add("booking", {**PAYLOAD, **private, "share_health_answers": True}, now=T0)
    deliver_due(outbox, client_for(server), now=T0)
    without, with_consent = (request["body"] for request in server.requests)
    assert "pregnan" not in json.dumps(without) and without["screening_outcome"] == "ask_physio"
    assert with_consent["screening_items"] == ["pregnancy or a possible pregnancy"]
    assert with_consent["health_answers"] == {"pregnancy or a possible pregnancy": "yes"}


def test_payload_cannot_overwrite_the_reference_or_key(server, outbox):
    entry = outbox.add("booking", {**PAYLOAD, "reference": "forged", "idempotency_key": "forged"}, now=T0)
    deliver_due(outbox, client_for(server), now=T0)
    body = server.requests[0]["body"]
    assert (body["reference"], body["idempotency_key"]) == (entry.reference, entry.idempotency_key)


def test_server_error_then_success_on_the_next_pass(server, outbox):
    server.behaviours = [(500, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    client = client_for(server)
    assert deliver_due(outbox, client, now=T0).retrying == 1
    failed = outbox.get(entry.reference)
    assert failed.status == "pending" and failed.attempts == 1
    assert failed.last_error.startswith("DeliveryRejected: HTTP 500")
    assert failed.next_attempt_at == "2026-11-23T15:00:30.000000+00:00"  # backoff(1) = 30 s
    assert deliver_due(outbox, client, now=T0 + timedelta(seconds=10)).delivered == 0  # not due yet
    assert deliver_due(outbox, client, now=T0 + timedelta(seconds=30)).delivered == 1
    assert outbox.get(entry.reference).status == "delivered"
    assert server.keys() == {entry.idempotency_key: 2}  # the retry carried the same key


@pytest.mark.parametrize("status", [302, 408, 429, 500, 502, 503])
def test_redirects_server_errors_and_not_now_answers_are_retried(server, outbox, status):
    server.behaviours = [(status, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    report = deliver_due(outbox, client_for(server), now=T0)
    assert (report.delivered, report.retrying, report.failed) == (0, 1, 0)
    waiting = outbox.get(entry.reference)
    assert waiting.status == "pending" and f"HTTP {status}" in waiting.last_error


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_a_4xx_answer_fails_for_good_at_once(server, outbox, status, caplog):
    server.behaviours = [(status, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    report = deliver_due(outbox, client_for(server), now=T0)
    assert (report.delivered, report.retrying, report.failed) == (0, 0, 1)
    failed = outbox.get(entry.reference)
    assert failed.status == "failed" and failed.attempts == 1 and f"HTTP {status}" in failed.last_error
    [record] = [record for record in caplog.records if record.name == "clinic.delivery"]
    assert record.levelname == "ERROR" and entry.reference in record.getMessage()
    assert f"HTTP {status}" in record.getMessage()
    # never tried again, not by the worker a day later nor by a pass by hand
    assert deliver_due(outbox, client_for(server), now=T0 + timedelta(days=1)).delivered == 0
    assert deliver_due(outbox, client_for(server), now=T0 + timedelta(days=1), everything_waiting=True).delivered == 0
    assert len(server.requests) == 1


def test_failing_longer_than_the_give_up_time_fails_for_good(server, outbox, caplog):
    policy = RetryPolicy(give_up_after=timedelta(hours=2))
    server.behaviours = [(503, 0.0)] * 3
    entry = outbox.add("booking", PAYLOAD, now=T0)
    client = client_for(server)
    assert deliver_due(outbox, client, now=T0, policy=policy).retrying == 1
    assert deliver_due(outbox, client, now=T0 + timedelta(hours=1), policy=policy).retrying == 1
    assert outbox.get(entry.reference).status == "pending"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    # the attempt at 2 h is the last one
    assert deliver_due(outbox, client, now=T0 + timedelta(hours=2), policy=policy).failed == 1
    failed = outbox.get(entry.reference)
    assert failed.status == "failed" and failed.attempts == 3 and failed.last_error.startswith("DeliveryRejected")
    assert [record.levelname for record in caplog.records if entry.reference in record.getMessage()] == [
        "WARNING", "WARNING", "ERROR"]
    assert deliver_due(outbox, client, now=T0 + timedelta(hours=3), policy=policy, everything_waiting=True
                       ).delivered == 0
    assert len(server.requests) == 3


def test_an_attempt_that_succeeds_after_the_give_up_time_is_delivered(server, outbox):
    # the worker was off for two days: it tries first, and gives up only if that attempt fails
    entry = outbox.add("booking", PAYLOAD, now=T0)
    policy = RetryPolicy(give_up_after=timedelta(hours=24))
    assert deliver_due(outbox, client_for(server), now=T0 + timedelta(days=2), policy=policy).delivered == 1
    assert outbox.get(entry.reference).status == "delivered"


def test_give_up_time_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DELIVERY_GIVE_UP_HOURS", "0.5")
    monkeypatch.setenv("DELIVERY_FIRST_RETRY_SECONDS", "2")
    policy = RetryPolicy.from_environment()
    assert policy.give_up_after == timedelta(minutes=30) and policy.backoff_seconds(2) == 4
    monkeypatch.delenv("DELIVERY_GIVE_UP_HOURS")
    monkeypatch.delenv("DELIVERY_FIRST_RETRY_SECONDS")
    assert RetryPolicy.from_environment() == RetryPolicy(30.0, 3600.0, timedelta(hours=24))
    monkeypatch.setenv("DELIVERY_GIVE_UP_HOURS", "0")
    with pytest.raises(ValueError):
        RetryPolicy.from_environment()


def test_a_pass_by_hand_sends_everything_waiting_regardless_of_backoff(server, outbox):
    client = BookingWebhookClient(closed_port_url(), timeout=FAST)  # the clinic's endpoint is down
    entries = [outbox.add("booking", {**PAYLOAD, "name": f"Patient {i}"}, now=T0) for i in range(25)]
    for minutes in (0, 1, 3):  # three failed passes: the next tries are minutes away
        deliver_due(outbox, client, now=T0 + timedelta(minutes=minutes), everything_waiting=True)
    moment = T0 + timedelta(minutes=3, seconds=1)
    assert all(entry.next_attempt_at > "2026-11-23T15:03:30" for entry in outbox.due(now=moment, ignore_schedule=True))
    assert deliver_due(outbox, client_for(server), now=moment).delivered == 0  # the worker waits for the backoff
    # the endpoint is back and the front desk runs `make deliver`: all 25 go now (more than one worker batch)
    report = deliver_due(outbox, client_for(server), now=moment, everything_waiting=True)
    assert (report.delivered, report.retrying, report.failed) == (25, 0, 0)
    assert server.keys() == {entry.idempotency_key: 1 for entry in entries}
    assert deliver_due(outbox, client_for(server), now=moment + timedelta(days=1), everything_waiting=True
                       ).delivered == 0
    assert len(server.requests) == 25


def test_endpoint_down_then_back_delivers_each_request_exactly_once(server, outbox):
    down = BookingWebhookClient(closed_port_url(), timeout=FAST)
    entries = [outbox.add("booking", {**PAYLOAD, "name": f"Patient {i}"}, now=T0) for i in range(3)]
    moment = T0
    for _ in range(6):  # the worker's passes while the endpoint is down, each as soon as the backoff allows
        report = deliver_due(outbox, down, now=moment)
        assert (report.delivered, report.retrying, report.failed) == (0, 3, 0)
        moment = datetime.fromisoformat(outbox.due(now=moment, ignore_schedule=True)[0].next_attempt_at)
    assert outbox.count("pending") == 3 and len(server.requests) == 0  # nothing dropped
    up = client_for(server)
    assert deliver_due(outbox, up, now=moment).delivered == 3
    for hours in (1, 5, 30):
        assert deliver_due(outbox, up, now=moment + timedelta(hours=hours), everything_waiting=True).delivered == 0
    assert server.keys() == {entry.idempotency_key: 1 for entry in entries}
    assert [outbox.get(entry.reference).attempts for entry in entries] == [6, 6, 6]


@pytest.mark.parametrize("status", [200, 201, 202, 204, 299])
def test_any_2xx_is_success(server, outbox, status):
    server.behaviours = [(status, 0.0)]
    outbox.add("booking", PAYLOAD, now=T0)
    assert deliver_due(outbox, client_for(server), now=T0).delivered == 1


def test_rejection_carries_status_and_body_excerpt(server, outbox):
    server.behaviours = [(422, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    with pytest.raises(DeliveryRejected) as caught:
        client_for(server).deliver(entry)
    assert caught.value.status_code == 422 and caught.value.body == '{"ok": false}'


def test_timeout_stays_pending(server, outbox):
    server.behaviours = [(200, 0.6)]  # answers after the client has given up
    entry = outbox.add("booking", PAYLOAD, now=T0)
    client = client_for(server, timeout=(0.5, 0.2))
    with pytest.raises(DeliveryTimeout):
        client.deliver(entry)
    server.behaviours = [(200, 0.6)]
    report = deliver_due(outbox, client, now=T0)
    assert report.retrying == 1
    waiting = outbox.get(entry.reference)
    assert waiting.status == "pending" and waiting.attempts == 1
    assert waiting.last_error.startswith("DeliveryTimeout")


def test_connection_refused_stays_pending(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    client = BookingWebhookClient(closed_port_url(), timeout=FAST)
    with pytest.raises(DeliveryConnectionError):
        client.deliver(entry)
    assert deliver_due(outbox, client, now=T0).retrying == 1
    waiting = outbox.get(entry.reference)
    assert waiting.status == "pending" and waiting.attempts == 1
    assert waiting.last_error == "DeliveryConnectionError: connection refused"


def test_restart_between_attempts_delivers_once(server, outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    assert deliver_due(outbox, BookingWebhookClient(closed_port_url(), timeout=FAST), now=T0).retrying == 1
    # the process restarts: new Outbox object on the same file, new client
    reopened, client = Outbox(outbox.path), client_for(server)
    later = T0 + timedelta(minutes=1)
    assert deliver_due(reopened, client, now=later).delivered == 1
    assert deliver_due(reopened, client, now=later + timedelta(hours=2)).delivered == 0
    assert server.keys() == {entry.idempotency_key: 1}
    assert reopened.get(entry.reference).attempts == 1


def test_repeated_passes_send_once(server, outbox):
    entries = [outbox.add("booking", {**PAYLOAD, "name": f"Patient {i}"}, now=T0) for i in range(3)]
    client = client_for(server)
    assert deliver_due(outbox, client, now=T0).delivered == 3
    assert deliver_due(outbox, client, now=T0 + timedelta(hours=1)).delivered == 0
    assert server.keys() == {entry.idempotency_key: 1 for entry in entries}


def test_two_workers_at_once_send_each_request_once(server, outbox):
    server.behaviours = [(200, 0.1)] * 6  # slow answers, so the two passes overlap
    entries = [outbox.add("booking", {**PAYLOAD, "name": f"Patient {i}"}, now=T0) for i in range(6)]
    barrier = threading.Barrier(2)
    reports = []

    def worker():
        # its own Outbox and client, like the action server's thread and `python -m clinic.deliver`
        own_outbox, own_client = Outbox(outbox.path), client_for(server)
        barrier.wait()
        reports.append(deliver_due(own_outbox, own_client, now=T0))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.keys() == {entry.idempotency_key: 1 for entry in entries}
    assert sum(report.delivered for report in reports) == 6


def test_offline_mode_does_nothing(outbox):
    entry = outbox.add("booking", PAYLOAD, now=T0)
    report = deliver_due(outbox, None, now=T0)
    assert (report.delivered, report.retrying, report.failed, report.skipped) == (0, 0, 0, 0)
    assert outbox.get(entry.reference).attempts == 0


@pytest.mark.parametrize(
    "attempts, seconds",
    [(0, 30), (1, 30), (2, 60), (3, 120), (4, 240), (5, 480), (6, 960), (7, 1920), (8, 3600), (9, 3600),
     (1000, 3600)],
)
def test_backoff_schedule(attempts, seconds):
    assert backoff_seconds(attempts) == seconds


def test_second_failure_waits_60_seconds(server, outbox):
    server.behaviours = [(503, 0.0), (503, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    client = client_for(server)
    deliver_due(outbox, client, now=T0)
    deliver_due(outbox, client, now=T0 + timedelta(seconds=30))
    failed = outbox.get(entry.reference)
    assert failed.attempts == 2
    assert failed.next_attempt_at == "2026-11-23T15:01:30.000000+00:00"  # 30 s + 60 s after T0


def test_client_from_environment(monkeypatch):
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    assert BookingWebhookClient.from_environment() is None
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", "  ")
    assert BookingWebhookClient.from_environment() is None
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", "https://clinic.example/hooks/booking")
    monkeypatch.setenv("BOOKING_WEBHOOK_TOKEN", "s3cret")
    client = BookingWebhookClient.from_environment()
    assert client.url == "https://clinic.example/hooks/booking" and client.token == "s3cret"
    assert "s3cret" not in repr(client)
    with pytest.raises(ValueError):
        BookingWebhookClient("ftp://clinic.example/")


def test_worker_delivers_then_stops(server, outbox):
    worker = DeliveryWorker(outbox, client_for(server), interval=0.05)
    worker.start()
    try:
        entry = outbox.add("booking", PAYLOAD)
        worker.wake()
        deadline = time.monotonic() + 5
        while outbox.get(entry.reference).status != "delivered" and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop(timeout=5)
    assert not worker.is_alive()
    assert outbox.get(entry.reference).status == "delivered"
    assert server.keys() == {entry.idempotency_key: 1}


def test_worker_survives_a_failing_pass(server, outbox, monkeypatch, caplog):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return delivery.DeliveryReport()

    monkeypatch.setattr(delivery, "deliver_due", flaky)
    worker = DeliveryWorker(outbox, client_for(server), interval=0.01)
    worker.start()
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.stop(timeout=5)
    assert len(calls) >= 3 and not worker.is_alive()
    assert "RuntimeError" in caplog.text


def test_failure_log_names_reference_and_error_type_only(server, outbox, caplog):
    server.behaviours = [(500, 0.0)]
    entry = outbox.add("booking", PAYLOAD, now=T0)
    deliver_due(outbox, client_for(server), now=T0)
    assert entry.reference in caplog.text and "DeliveryRejected" in caplog.text
    assert "Jo Smith" not in caplog.text and "4035550123" not in caplog.text


def test_one_worker_per_process(server, tmp_path, monkeypatch):
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    assert ensure_worker_started(tmp_path / "outbox.db") is None  # offline: no thread
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", server.url)
    started = []
    threads = [threading.Thread(target=lambda: started.append(ensure_worker_started(tmp_path / "outbox.db")))
               for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({id(worker) for worker in started}) == 1 and started[0].is_alive()
        assert started[0].daemon
    finally:
        stop_worker()
    assert not started[0].is_alive()


def test_cli_offline_says_requests_wait(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    Outbox().add("booking", PAYLOAD)
    assert deliver_main([]) == 0
    output = capsys.readouterr().out
    assert "1 request(s) wait in the outbox for the front desk" in output


def test_cli_sends_what_waits_now_even_during_its_backoff(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", server.url)
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    outbox = Outbox()
    fresh = outbox.add("booking", PAYLOAD)
    backing_off = outbox.add("booking", PAYLOAD)
    outbox.claim(backing_off.reference)
    outbox.schedule_retry(backing_off.reference, "DeliveryConnectionError: connection refused",
                          datetime.now(timezone.utc) + timedelta(hours=1))
    assert deliver_main([]) == 0
    assert capsys.readouterr().out.strip() == ("Booking webhook: delivered 2, will retry 0, failed for good 0, "
                                               "skipped 0; 0 still waiting, 0 failed (make inbox lists them first).")
    assert server.keys() == {fresh.idempotency_key: 1, backing_off.idempotency_key: 1}


def test_cli_reports_a_request_that_failed_for_good_and_can_retry_it(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", server.url)
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    server.behaviours = [(422, 0.0)]
    entry = Outbox().add("booking", PAYLOAD)
    assert deliver_main([]) == 1
    assert "failed for good 1" in capsys.readouterr().out
    assert Outbox().get(entry.reference).status == "failed"
    assert deliver_main(["--retry", entry.reference.lower()]) == 0  # the clinic fixed its side
    assert Outbox().get(entry.reference).status == "delivered"
    assert deliver_main(["--retry", entry.reference]) == 2  # delivered: nothing to retry
    assert "is not a failed request" in capsys.readouterr().err
    assert server.keys() == {entry.idempotency_key: 2}


def test_a_new_process_delivers_what_waited_without_being_woken(server, tmp_path, monkeypatch):
    # requests confirmed before a restart of the action server, one of them in its backoff
    path = tmp_path / "outbox.db"
    before = Outbox(path)
    entries = [before.add("booking", {**PAYLOAD, "name": f"Patient {i}"}) for i in range(2)]
    before.claim(entries[1].reference)
    before.schedule_retry(entries[1].reference, "DeliveryConnectionError: connection refused",
                          datetime.now(timezone.utc) + timedelta(hours=1))  # its next try was an hour away
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", server.url)
    monkeypatch.setenv("DELIVERY_INTERVAL_SECONDS", "600")  # so only the pass at start can have sent them
    worker = ensure_worker_started(path)  # what importing `actions` does at start
    try:
        deadline = time.monotonic() + 5
        while Outbox(path).count("pending") and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop_worker()
    assert not worker.is_alive()
    assert Outbox(path).count("delivered") == 2
    assert server.keys() == {entry.idempotency_key: 1 for entry in entries}


def test_a_pass_told_to_stop_ends_after_the_request_in_flight_and_leaves_no_claim(server, outbox):
    first, second = (outbox.add("booking", PAYLOAD, now=T0) for _ in range(2))
    sent = []
    report = deliver_due(outbox, client_for(server), now=T0, stopping=lambda: bool(sent.append(1) or len(sent) > 1))
    assert report.delivered == 1
    assert outbox.get(first.reference).status == "delivered"
    untouched = outbox.get(second.reference)
    assert untouched.status == "pending" and untouched.attempts == 0
    assert outbox.claim(second.reference, now=T0)  # no lease left on it: anyone may take it now
