"""The messaging connectors' settings, read from the environment in this one place.

A connector is on when its own variables are set and off (its webhook not served) when none of
them is: the assistant starts either way. Half a configuration is a mistake that would fail
silently at the first patient's message, so it stops the start-up with the names that are missing.
No Rasa import: unit-tested on its own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, Mapping, Tuple


class ConnectorConfigError(ValueError):
    """A connector is partly configured: some of its variables are set, others missing."""


@dataclass(frozen=True)
class Connector:
    name: str  # Rasa's channel name: its webhook is /webhooks/<name>/webhook
    own: Tuple[str, ...]  # setting any of these switches the connector on; all are then required
    shared: Tuple[str, ...] = ()  # also required once on, but setting them alone switches nothing on
    optional: Tuple[str, ...] = ()


# PUBLIC_URL: the https address at which the apps reach this Rasa server (for example
# https://chat.clinic.example): Telegram is told the webhook there, Twilio signs requests for it.
# *_API_URL: the app's API address, for tests (a local recorder) or an outbound proxy.
CONNECTORS: Dict[str, Connector] = {
    connector.name: connector
    for connector in (
        Connector("telegram", own=("TELEGRAM_ACCESS_TOKEN", "TELEGRAM_SECRET_TOKEN"), shared=("PUBLIC_URL",),
                  optional=("TELEGRAM_API_URL",)),
        Connector("twilio", own=("TWILIO_SMS_NUMBER",),
                  shared=("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL"), optional=("TWILIO_API_URL",)),
        Connector("twilio_whatsapp", own=("TWILIO_WHATSAPP_NUMBER",),
                  shared=("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL"), optional=("TWILIO_API_URL",)),
        Connector("facebook", own=("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN"),
                  optional=("FACEBOOK_GRAPH_URL",)),
        Connector("slack", own=("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
                  optional=("SLACK_CHANNEL", "SLACK_API_URL")),
    )
}


def connector_settings(name: str, environ: Mapping[str, str] | None = None) -> Dict[str, str] | None:
    """The connector's variables (name -> value) when it is on, None when it is off."""
    environ = os.environ if environ is None else environ
    connector = CONNECTORS[name]
    value = {key: (environ.get(key) or "").strip() for key in connector.own + connector.shared + connector.optional}
    if not any(value[key] for key in connector.own):
        return None
    missing = [key for key in connector.own + connector.shared if not value[key]]
    if missing:
        raise ConnectorConfigError(
            f"the {name} connector is partly configured: set {', '.join(missing)} too, "
            f"or unset {', '.join(key for key in connector.own if value[key])} to switch it off"
        )
    return value


def webhook_url(public_url: str, name: str) -> str:
    """The address the app must call: Rasa serves each channel at /webhooks/<name>/webhook."""
    return f"{public_url.rstrip('/')}/webhooks/{name}/webhook"
