"""The shared lock store against the real Redis of make test-scale, from several processes at once."""
import multiprocessing
import uuid

import pytest

from server.lock_store import AtomicRedisLockStore, ClinicLockStore

pytestmark = pytest.mark.scale

PROCESSES = 3
TICKETS_EACH = 60


def draw_tickets(conversation_id, start, results):
    store = ClinicLockStore()  # as each Rasa server builds it from LOCK_STORE_URL
    assert isinstance(store, AtomicRedisLockStore)
    start.wait()
    results.put([store.issue_ticket(conversation_id, 600) for _ in range(TICKETS_EACH)])


def tickets_drawn_at_once():
    conversation_id = f"scale-lock-{uuid.uuid4().hex[:12]}"
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=draw_tickets, args=(conversation_id, start, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.set()
    tickets = [ticket for _ in workers for ticket in results.get(timeout=60)]
    for worker in workers:
        worker.join(timeout=10)
    ClinicLockStore().delete_lock(conversation_id)
    return tickets


def test_tickets_drawn_at_once_by_several_servers_are_all_different(shared_stores):
    tickets = tickets_drawn_at_once()
    # Rasa's own RedisLockStore gave 265 different numbers for 600 tickets drawn this way (3 x 200).
    assert sorted(tickets) == list(range(PROCESSES * TICKETS_EACH))
