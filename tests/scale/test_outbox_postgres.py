"""The booking outbox on the real PostgreSQL of make test-scale, and delivery from several processes."""
import multiprocessing
import time
import uuid
from datetime import datetime, timedelta, timezone

import psycopg2
import pytest
from rasa.core.tracker_store import SQLTrackerStore

from clinic.delivery import BookingWebhookClient, deliver_due
from clinic.outbox import DELIVERED, FAILED, PENDING, Outbox, OutboxUnavailable, open_outbox
from clinic.outbox_postgres import PostgresOutbox
from clinic.retention import forget_shared_conversations
from tests.e2e.conftest import ClinicWebhook
from tests.scale.conftest import drop_schema, url_with_own_schema

pytestmark = pytest.mark.scale

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def outbox_url(shared_stores):
    """An empty outbox of its own: a fresh schema in the test database, dropped afterwards."""
    database_url, schema = shared_stores["TRACKER_STORE_URL"], f"outbox_test_{uuid.uuid4().hex[:10]}"
    yield url_with_own_schema(database_url, schema)
    drop_schema(database_url, schema)


def test_open_outbox_is_postgresql_only_when_its_url_is_set(outbox_url, tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    assert isinstance(open_outbox({}), Outbox)
    assert isinstance(open_outbox({"OUTBOX_DB_URL": outbox_url}), PostgresOutbox)


def test_with_the_database_down_adding_a_request_says_so(shared_stores):
    url = shared_stores["TRACKER_STORE_URL"].replace("127.0.0.1:", "127.0.0.1:1")  # a port nothing listens on
    with pytest.raises(OutboxUnavailable):
        PostgresOutbox(url).add("booking", {"name": "Jo"})


def test_a_request_from_confirmation_to_delivery(outbox_url):
    outbox = PostgresOutbox(outbox_url)
    entry = outbox.add("booking", {"name": "Jo Smith", "contact": "+14035550123"}, now=NOON)
    assert outbox.get(entry.reference.lower().replace("dn-", "dn ")) == entry  # as the front desk may type it
    assert [due.reference for due in outbox.due(now=NOON)] == [entry.reference]
    assert outbox.claim(entry.reference, lease_seconds=60, now=NOON)
    assert not outbox.claim(entry.reference, lease_seconds=60, now=NOON + timedelta(seconds=30))  # leased
    assert outbox.schedule_retry(entry.reference, "DeliveryTimeout: ReadTimeout", NOON + timedelta(seconds=30),
                                 now=NOON)
    assert outbox.due(now=NOON + timedelta(seconds=29)) == []
    assert outbox.claim(entry.reference, now=NOON + timedelta(seconds=30))
    assert outbox.mark_delivered(entry.reference, now=NOON + timedelta(seconds=31))
    stored = outbox.get(entry.reference)
    assert (stored.status, stored.attempts, stored.last_error) == (DELIVERED, 1, "DeliveryTimeout: ReadTimeout")
    assert not outbox.claim(entry.reference, now=NOON + timedelta(hours=1))  # delivered is final
    assert outbox.count(DELIVERED) == 1 and outbox.count(PENDING) == 0
    assert outbox.forget_delivered(older_than=NOON + timedelta(days=30)) == 1
    assert outbox.get(entry.reference) is None


def test_a_failed_request_is_listed_first_and_can_be_sent_again(outbox_url):
    outbox = PostgresOutbox(outbox_url)
    refused = outbox.add("booking", {"name": "A"}, now=NOON)
    later = outbox.add("callback", {"name": "B"}, now=NOON + timedelta(minutes=5))
    assert [entry.reference for entry in outbox.list()] == [later.reference, refused.reference]
    assert outbox.mark_failed(refused.reference, "DeliveryRejected: HTTP 422", now=NOON)
    assert [entry.reference for entry in outbox.list()] == [refused.reference, later.reference]
    assert outbox.get(refused.reference).status == FAILED
    assert [entry.reference for entry in outbox.due(now=NOON + timedelta(hours=1))] == [later.reference]
    assert outbox.retry_failed(refused.reference, now=NOON + timedelta(hours=2))
    assert outbox.get(refused.reference).status == PENDING


def deliver_until_done(outbox_url, webhook_url, start):
    outbox, client = PostgresOutbox(outbox_url), BookingWebhookClient(webhook_url)
    start.wait()
    deadline = time.monotonic() + 60
    while outbox.count(PENDING) and time.monotonic() < deadline:
        deliver_due(outbox, client)


def test_delivery_workers_in_several_processes_send_each_request_once(outbox_url):
    webhook = ClinicWebhook()
    webhook.start()
    try:
        outbox = PostgresOutbox(outbox_url)
        references = [outbox.add("booking", {"name": f"patient {number}"}).reference for number in range(40)]
        context = multiprocessing.get_context("fork")
        start = context.Event()
        workers = [context.Process(target=deliver_until_done, args=(outbox_url, webhook.url, start))
                   for _ in range(3)]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(timeout=90)
        assert outbox.count(DELIVERED) == 40
        received = [request["json"]["reference"] for request in webhook.received]
        assert sorted(received) == sorted(references)  # every one, none twice
    finally:
        webhook.stop()


def test_make_forget_deletes_old_conversations_from_the_shared_tracker_store(shared_stores):
    database_url, schema = shared_stores["TRACKER_STORE_URL"], f"tracker_test_{uuid.uuid4().hex[:10]}"
    url = url_with_own_schema(database_url, schema)
    try:
        SQLTrackerStore(host=url).engine.dispose()  # Rasa's own tables, as a server makes them
        now = NOON.timestamp()
        rows = [("old", now - 40 * 86_400), ("old", now - 31 * 86_400), ("recent", now - 40 * 86_400),
                ("recent", now - 86_400)]
        connection = psycopg2.connect(url)
        with connection, connection.cursor() as cursor:
            cursor.executemany("INSERT INTO events (sender_id, type_name, timestamp) VALUES (%s, 'user', %s)", rows)
        assert forget_shared_conversations(url, older_than_days=30, now=now) == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")
            assert cursor.fetchall() == [("recent", 2)]  # a conversation goes whole, or not at all
        connection.close()
    finally:
        drop_schema(database_url, schema)
