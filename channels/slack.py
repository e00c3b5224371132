"""Slack: Rasa's connector (it checks Slack's signing secret) with its settings from the environment.

Answers go out as one message each (Rasa's sends every paragraph separately), buttons as
an actions block within Slack's limits, text cut where a section block ends (3000 characters).
Webhook (Event Subscriptions and Interactivity request URL): /webhooks/slack/webhook.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.channels.channel import InputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint
from slack_sdk.web.async_client import AsyncWebClient

from channels.base import Handler, NumberedReplies, off_blueprint, settings_or_off
from clinic.messaging import SLACK, buttons_fit, numbered_list, split_text

SLACK_API = "https://www.slack.com/api/"
REQUEST_TIMEOUT_SECONDS = 10


class ClinicSlackBot(SlackBot):
    def __init__(self, token: str, slack_channel: str | None = None, thread_id: str | None = None,
                 api_url: str | None = None) -> None:
        super().__init__(token, slack_channel, thread_id)
        self.client = AsyncWebClient(token, base_url=api_url or SLACK_API, timeout=REQUEST_TIMEOUT_SECONDS)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, SLACK.max_text):
            await self._post_message(channel=self.slack_channel or recipient_id, as_user=True, text=part,
                                     type="mrkdwn")

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        if not buttons_fit(buttons, SLACK):
            return await self.send_text_message(recipient_id, numbered_list(text, buttons))
        *first_parts, last_part = split_text(text, SLACK.max_text)
        for part in first_parts:
            await self.send_text_message(recipient_id, part)
        blocks = [
            {"type": "section", "text": {"type": "plain_text", "text": last_part}},
            {"type": "actions", "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": button["title"]}, "value": button["payload"]}
                for button in buttons
            ]},
        ]
        await self._post_message(channel=self.slack_channel or recipient_id, as_user=True, text=last_part,
                                 blocks=blocks)


class ClinicSlackInput(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        settings = settings_or_off(cls.name())
        if not settings:
            return cls(slack_token="", slack_signing_secret="off", api_url=None, switched_on=False)
        return cls(slack_token=settings["SLACK_BOT_TOKEN"], slack_channel=settings.get("SLACK_CHANNEL") or None,
                   slack_retry_reason_header="x-slack-retry-reason", slack_retry_number_header="x-slack-retry-num",
                   slack_signing_secret=settings["SLACK_SIGNING_SECRET"], api_url=settings.get("SLACK_API_URL"))

    def __init__(self, *args: Any, api_url: str | None = None, switched_on: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api_url = api_url
        self.switched_on = switched_on

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        if not self.switched_on:
            return off_blueprint(self.name())
        handler = NumberedReplies(on_new_message)
        return handler.attach(super().blueprint(handler))

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> ClinicSlackBot:
        return ClinicSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.api_url)
