"""Deployment settings read from the environment, shared by the servers and the demo page.

CORS_ORIGINS: the web pages allowed to call the assistant from a browser, comma-separated
(e.g. "https://clinic.example,https://www.clinic.example"); by default only the local demo
page. "*" (every site) is refused: the API reads and writes patients' conversations.

`python -m clinic.deploy cors-origins` prints them one per line for scripts/run.sh.
"""
from __future__ import annotations

import os
import sys
from typing import List, Mapping
from urllib.parse import urlsplit

# the demo clinic page that `make run` serves (scripts/serve_demo.py), by either of its names
DEFAULT_CORS_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")


class DeployConfigError(ValueError):
    """A deployment setting from the environment is missing or malformed."""


def _origin(value: str) -> str:
    if value == "*" or "*" in value:
        raise DeployConfigError("CORS_ORIGINS must list the sites allowed, not '*' (every site)")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username:
        raise DeployConfigError(
            f"CORS_ORIGINS: {value!r} is not an origin such as https://clinic.example or http://localhost:8080")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def cors_origins(environ: Mapping[str, str] | None = None) -> List[str]:
    """The origins in $CORS_ORIGINS (comma-separated, blanks ignored), or DEFAULT_CORS_ORIGINS when unset."""
    raw = (os.environ if environ is None else environ).get("CORS_ORIGINS", "")
    values = [value.strip() for value in raw.split(",") if value.strip()]
    origins = [_origin(value) for value in values] if values else list(DEFAULT_CORS_ORIGINS)
    return list(dict.fromkeys(origins))


def main(argv: List[str]) -> int:
    if argv != ["cors-origins"]:
        print("usage: python -m clinic.deploy cors-origins", file=sys.stderr)
        return 2
    try:
        print("\n".join(cors_origins()))
    except DeployConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
