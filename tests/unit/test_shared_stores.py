"""Which tracker and lock stores the environment selects (the shared ones are exercised by make test-scale)."""
import socket

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints

from clinic.outbox import Outbox, open_outbox
from clinic.shared_stores import RedisSettings, shared_lock_store, shared_tracker_store_url
from server.lock_store import AtomicRedisLockStore, ClinicLockStore
from server.tracker_store import ClinicTrackerStore
from tests.conftest import PROJECT_ROOT


def test_no_variables_mean_no_shared_stores():
    assert shared_tracker_store_url({}) is None
    assert shared_lock_store({"LOCK_STORE_URL": "  "}) is None


def test_tracker_store_url_is_postgresql_and_hosting_services_postgres_scheme_is_accepted():
    url = "postgresql://clinic:secret@db.internal:5432/clinic"
    assert shared_tracker_store_url({"TRACKER_STORE_URL": url}) == url
    assert (shared_tracker_store_url({"TRACKER_STORE_URL": "postgres://u:p@h/db"}) == "postgresql://u:p@h/db")
    with pytest.raises(ValueError, match="postgresql://"):
        shared_tracker_store_url({"TRACKER_STORE_URL": "sqlite:///var/tracker.db"})


def test_lock_store_url_gives_host_port_database_and_credentials():
    settings = shared_lock_store({"LOCK_STORE_URL": "rediss://rasa:p%40ss@cache.internal:6380/3"})
    assert settings == RedisSettings(host="cache.internal", port=6380, db=3, username="rasa", password="p@ss",
                                     use_ssl=True)
    assert "p@ss" not in repr(settings)
    assert shared_lock_store({"LOCK_STORE_URL": "redis://cache"}) == RedisSettings(host="cache", port=6379, db=1)
    with pytest.raises(ValueError):
        shared_lock_store({"LOCK_STORE_URL": "cache:6379"})
    with pytest.raises(ValueError, match="number"):
        shared_lock_store({"LOCK_STORE_URL": "redis://cache:6379/locks"})


def test_one_server_without_variables_keeps_in_process_locks_and_the_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert type(ClinicLockStore()) is InMemoryLockStore
    database = tmp_path / "not-yet-there" / "tracker.db"
    store = ClinicTrackerStore(dialect="sqlite", db=str(database))
    assert store.engine.dialect.name == "sqlite"
    assert database.exists()  # its folder was created


def test_with_lock_store_url_the_servers_share_redis_locks(monkeypatch):
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6390/4")
    store = ClinicLockStore()  # a Redis client connects on first use, so no server is needed here
    assert type(store) is AtomicRedisLockStore
    connection = store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"]) == ("127.0.0.1", 6390, 4)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


async def test_with_redis_unreachable_a_message_is_still_handled_under_a_local_lock():
    store = AtomicRedisLockStore(host="127.0.0.1", port=closed_port())
    with pytest.raises(LockError):
        store.issue_ticket("someone")  # what Rasa's own lock store would raise for every message
    async with store.lock("someone", wait_time_in_seconds=0.01) as lock:
        assert lock.conversation_id == "someone"
        assert not lock.is_locked(0)  # held by this message


def test_without_outbox_db_url_the_outbox_is_the_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    outbox = open_outbox({})
    assert isinstance(outbox, Outbox) and outbox.path == tmp_path / "outbox.db"


def test_endpoints_yml_names_stores_rasa_can_build(tmp_path, monkeypatch):
    """A wrong class path would not stop Rasa: it would keep conversations in memory with a warning."""
    for name in ("TRACKER_STORE_URL", "LOCK_STORE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:6123/webhook")
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    monkeypatch.chdir(tmp_path)  # the SQLite file is var/tracker.db under the working folder
    tracker_store = TrackerStore.create(endpoints.tracker_store)
    assert type(tracker_store) is ClinicTrackerStore and tracker_store.engine.dialect.name == "sqlite"
    assert (tmp_path / "var" / "tracker.db").exists()
    assert type(LockStore.create(endpoints.lock_store)) is InMemoryLockStore
