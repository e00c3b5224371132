"""Which stores the Rasa servers share, read from the environment.

Several Rasa servers can serve one clinic when they share conversations: a PostgreSQL tracker
store (TRACKER_STORE_URL) and a Redis lock store (LOCK_STORE_URL), so two messages of one
conversation are never processed at once on two servers. Unset, a single server keeps its
embedded SQLite file and in-process locks, with no outside service. The Rasa glue that uses
these settings is server/tracker_store.py and server/lock_store.py (named in endpoints.yml).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

TRACKER_STORE_URL = "TRACKER_STORE_URL"
LOCK_STORE_URL = "LOCK_STORE_URL"
# Rasa's RedisLockStore default; db 0 is often used by other programs.
DEFAULT_REDIS_DB = 1
DEFAULT_REDIS_PORT = 6379


def shared_tracker_store_url(environ=os.environ) -> str | None:
    """The SQLAlchemy URL of the shared tracker database, or None for the embedded SQLite file."""
    url = (environ.get(TRACKER_STORE_URL) or "").strip()
    if not url:
        return None
    scheme = url.split("://", 1)[0] if "://" in url else ""
    # postgres:// is what many hosting services hand out; SQLAlchemy 1.4 only knows postgresql://.
    if scheme == "postgres":
        url = "postgresql" + url[len("postgres"):]
    elif not scheme.startswith("postgresql"):
        raise ValueError(f"{TRACKER_STORE_URL} must be a postgresql:// URL (got a {scheme or 'schemeless'} one)")
    return url


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = DEFAULT_REDIS_DB
    username: str | None = None
    password: str | None = None
    use_ssl: bool = False

    def __repr__(self) -> str:  # never shows the password
        return f"RedisSettings({self.host}:{self.port}/{self.db}, ssl={self.use_ssl})"


def shared_lock_store(environ=os.environ) -> RedisSettings | None:
    """redis://[user:password@]host[:port][/db] (rediss:// for TLS), or None for in-process locks."""
    url = (environ.get(LOCK_STORE_URL) or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError(f"{LOCK_STORE_URL} must look like redis://host:port/db")
    db_text = parts.path.strip("/")
    if db_text and not db_text.isdigit():
        raise ValueError(f"{LOCK_STORE_URL}: the database after the host must be a number, not {db_text!r}")
    return RedisSettings(
        host=parts.hostname,
        port=parts.port or DEFAULT_REDIS_PORT,
        db=int(db_text) if db_text else DEFAULT_REDIS_DB,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
    )
