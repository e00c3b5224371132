"""`rasa ...` with the HTTP API's token taken from $RASA_AUTH_TOKEN, and the API only with one.

    python -m server.launch run --port 5005 --model models/current.tar.gz ...

Rasa's API reads and changes any conversation (health answers included) and replaces the model.
With RASA_AUTH_TOKEN set, it is enabled and every call needs `?token=<the token>`; without it,
the API is off (an --enable-api given here is dropped) and only the channels are served, such
as the patients' /webhooks/rest/webhook. The token is added inside this process rather than
passed as `rasa run --auth-token`, where `ps` would show it to every user of the machine.
"""
from __future__ import annotations

import os
import sys
from typing import List, Mapping

MIN_TOKEN_LENGTH = 16


class LaunchError(ValueError):
    """The environment asks for something unsafe."""


def rasa_arguments(argv: List[str], environ: Mapping[str, str]) -> List[str]:
    """`argv` (rasa's arguments) with the API enabled and its token when $RASA_AUTH_TOKEN is set, else without it."""
    if any(argument == "--auth-token" or argument.startswith("--auth-token=") for argument in argv):
        raise LaunchError("pass the API token as RASA_AUTH_TOKEN, not --auth-token (ps shows the command line)")
    arguments = [argument for argument in argv if argument != "--enable-api"]
    token = environ.get("RASA_AUTH_TOKEN", "")
    if not token:
        if len(arguments) < len(argv):
            print("RASA_AUTH_TOKEN is not set: the HTTP API stays off", file=sys.stderr)
        return arguments
    if len(token) < MIN_TOKEN_LENGTH or token.strip() != token:
        raise LaunchError(f"RASA_AUTH_TOKEN must be at least {MIN_TOKEN_LENGTH} characters without spaces "
                          "around them (e.g. `openssl rand -hex 24`)")
    return arguments + ["--enable-api", "--auth-token", token]


def main() -> None:
    try:
        arguments = rasa_arguments(sys.argv[1:], os.environ)
    except LaunchError as error:
        sys.exit(f"error: {error}")
    from rasa.__main__ import main as rasa_main  # noqa: PLC0415 (slow import, only once the arguments are good)

    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":
    main()
