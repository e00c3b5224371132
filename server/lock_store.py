"""The lock store that endpoints.yml names: in-process locks for one server, or Redis shared by several.

ClinicLockStore follows LOCK_STORE_URL (clinic/shared_stores.py): unset, Rasa's InMemoryLockStore;
set, AtomicRedisLockStore, so two messages of one conversation are never processed at once on
two servers (README "Several servers").
"""
from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore

from clinic.shared_stores import shared_lock_store

logger = logging.getLogger(__name__)
Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, with every change of a conversation's lock made atomically.

    The stock RedisLockStore reads the lock, changes it and writes it back in separate steps.
    Two servers taking a ticket for one conversation at the same moment can then draw the same
    number (both process the conversation at once and one's events are lost), and a server
    cleaning up can delete a ticket another server just added. Here each read-change-write runs
    in a Redis transaction on the lock's key (WATCH/MULTI), retried if another server wrote the
    key in between, so tickets are unique and served strictly in the order they were drawn.

    If Redis cannot be reached, Rasa's would fail every message (the REST channel then answers
    nothing, not even the emergency advice). Here the message is answered under a lock of this
    process only, logged as an error: answering matters more than strict order across servers.
    """

    # An unreachable host would otherwise block each message for the OS's connect timeout.
    CONNECT_TIMEOUT_SECONDS = 2.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.red.connection_pool.connection_kwargs["socket_connect_timeout"] = self.CONNECT_TIMEOUT_SECONDS
        self._local = InMemoryLockStore()

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncIterator[TicketLock]:
        try:
            ticket = self.issue_ticket(conversation_id, lock_lifetime)
        except LockError as error:
            if not isinstance(error.__cause__, _UNREACHABLE):
                raise
            ticket = None
        if ticket is None:
            logger.error("Redis lock store unreachable: this message is locked on this server only")
            async with self._local.lock(conversation_id, lock_lifetime, wait_time_in_seconds) as local_lock:
                yield local_lock
            return
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            except _UNREACHABLE:  # the answer is already made; the ticket expires after its lifetime
                logger.error("Redis lock store unreachable: a ticket is left to expire")

    def _change_lock(
        self, conversation_id: str, change: Callable[[TicketLock | None], Result], create: bool = False
    ) -> Result:
        """Apply `change` to the stored lock and store the result, as one atomic step.

        `change` gets the lock (a new one if `create` and there is none, else None) and may
        mutate it; afterwards the lock is saved if anyone still holds a ticket, deleted if not.
        """
        key = self.key_prefix + conversation_id
        outcome = {}

        def transaction(pipe) -> None:
            stored = pipe.get(key)  # immediate mode: the pipeline is watching the key
            if stored:
                lock = TicketLock.from_dict(json.loads(stored))
            else:
                lock = self.create_lock(conversation_id) if create else None
            outcome["result"] = change(lock)
            pipe.multi()
            if lock is not None and lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            elif stored is not None:
                pipe.delete(key)

        self.red.transaction(transaction, key)  # retried from the start if another server wrote the key
        return outcome["result"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change_lock(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change_lock(conversation_id, lambda lock: lock and lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change_lock(conversation_id, lambda lock: lock and lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # One step: removing the ticket and deleting an empty lock (done by _change_lock) cannot be
        # separated by another server's new ticket, which the stock two-step cleanup would delete.
        self.finish_serving(conversation_id, ticket_number)


_UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ClinicLockStore:
    """Rasa builds the lock store named in endpoints.yml by calling this class; it hands back
    the store the environment asks for: AtomicRedisLockStore on $LOCK_STORE_URL, shared by all
    servers, else Rasa's in-process InMemoryLockStore (enough for a single server)."""

    def __new__(cls, endpoint_config=None) -> LockStore:
        settings = shared_lock_store()
        if settings is None:
            return InMemoryLockStore()
        options = dict(endpoint_config.kwargs) if endpoint_config else {}
        logger.info("conversation locks in Redis at %s:%s", settings.host, settings.port)
        return AtomicRedisLockStore(
            host=settings.host, port=settings.port, db=settings.db, username=settings.username,
            password=settings.password, use_ssl=settings.use_ssl, key_prefix=options.get("key_prefix"),
        )
