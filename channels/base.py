"""What every messaging connector shares: off without settings, and numbered replies."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from sanic import Blueprint
from sanic.request import Request

from channels.settings import CONNECTORS, connector_settings
from clinic.messaging import latest_options, option_for_reply, reply_number

logger = logging.getLogger(__name__)

Handler = Callable[[Any], Awaitable[Any]]


def settings_or_off(name: str) -> Dict[str, str] | None:
    settings = connector_settings(name)
    if settings is None:
        variables = ", ".join(CONNECTORS[name].own)
        logger.info(f"The {name} connector is off (set {variables} to switch it on).")
    return settings


def off_blueprint(name: str) -> Blueprint:
    """An empty blueprint: a switched-off connector serves no webhook."""
    return Blueprint(f"{name}_off")


class NumberedReplies:
    """Wraps a channel's on_new_message: a reply "2" becomes the payload of the second option.

    The options are the buttons of the bot's last message, read from the conversation's tracker
    (so they survive a restart). The agent, which holds the tracker store, is learned from the
    request that carries the message, through a middleware on the channel's blueprint.
    """

    def __init__(self, on_new_message: Handler) -> None:
        self.on_new_message = on_new_message
        self.agent: Any = None

    def attach(self, blueprint: Blueprint) -> Blueprint:
        @blueprint.middleware("request")
        async def remember_agent(request: Request) -> None:
            self.agent = request.app.ctx.agent

        return blueprint

    async def __call__(self, message: Any) -> Any:
        if message.text and reply_number(message.text) is not None:
            message.text = await self._payload_for_number(message.sender_id, message.text) or message.text
        return await self.on_new_message(message)

    async def _payload_for_number(self, sender_id: str, text: str) -> str | None:
        if self.agent is None:
            return None
        tracker = await self.agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return None
        options = latest_options(event.as_dict() for event in tracker.events)
        return option_for_reply(text, options)
