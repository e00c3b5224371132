"""The website chat channel (socket.io) as rasa-webchat 1.0.1 and our widget use it, against the
running Rasa server: the events and payloads rasa-webchat sends and expects, session persistence
(replies reach every socket of the session: a reloaded page, a second tab), and allowed origins.

With Rasa's own channel under python-socketio >= 5.10, `test_webchat_conversation` gets no
bot_uttered at all (the socket never joins its session's room): this is the test for that trap.
"""
import asyncio
import json
import uuid

import pytest
import requests
import socketio

REPLY_SECONDS = 30


class WebchatClient:
    """A socket.io client that speaks exactly as rasa-webchat 1.0.1 does (src/components/Widget)."""

    def __init__(self, base_url: str, origin: str):
        self.base_url = base_url
        self.origin = origin
        self.sio = socketio.AsyncClient(reconnection=False)
        self.session_confirms: asyncio.Queue = asyncio.Queue()
        self.bot_messages: asyncio.Queue = asyncio.Queue()
        self.sio.on("session_confirm", self.session_confirms.put_nowait)
        self.sio.on("bot_uttered", self.bot_messages.put_nowait)

    async def connect(self) -> None:
        # Long-polling only: python-engineio's WebSocket client needs a newer aiohttp than Rasa
        # allows. The browser test covers the WebSocket upgrade.
        await self.sio.connect(self.base_url, socketio_path="/socket.io", headers={"Origin": self.origin},
                               transports=["polling"], wait_timeout=20)

    async def start_session(self, session_id) -> str:
        # rasa-webchat: socket.emit('session_request', { session_id: localId }) on connect
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.session_confirms.get(), REPLY_SECONDS)

    async def say(self, session_id: str, message: str) -> None:
        # rasa-webchat: socket.emit('user_uttered', { message, customData, session_id })
        await self.sio.emit("user_uttered", {"message": message, "customData": {"language": "en"},
                                             "session_id": session_id})

    async def replies(self) -> list:
        """Every bot_uttered of one turn: the first within the time limit, then until a pause."""
        messages = [await asyncio.wait_for(self.bot_messages.get(), REPLY_SECONDS)]
        while True:
            try:
                messages.append(await asyncio.wait_for(self.bot_messages.get(), 2))
            except asyncio.TimeoutError:
                return messages

    async def close(self) -> None:
        # A graceful long-polling disconnect waits for the pending poll (up to the 25 s ping
        # interval); a browser just drops it, and so does this client.
        await self.sio.eio.disconnect(abort=True)


@pytest.fixture
async def connect_client(servers):
    clients = []

    async def connect(origin=servers["demo_origin"]) -> WebchatClient:
        client = WebchatClient(servers["rasa"], origin)
        clients.append(client)
        await client.connect()
        return client

    yield connect
    for client in clients:
        await client.close()


async def test_webchat_conversation(connect_client):
    client = await connect_client()
    session_id = await client.start_session(None)
    assert len(session_id) == 32  # a new uuid4 hex from the server

    await client.say(session_id, "/greet")
    greeting = await client.replies()
    assert "not medical advice" in greeting[0]["text"]
    # buttons arrive as quick_replies on the last message, the shape rasa-webchat renders
    buttons = greeting[-1]["quick_replies"]
    assert {"content_type": "text", "title": "Does it hurt?", "payload": "/ask_how_it_feels"} in buttons

    await client.say(session_id, buttons[1]["payload"])
    answer = " ".join(message["text"] for message in await client.replies())
    assert "prick" in answer


async def test_a_reloaded_page_and_a_second_tab_keep_the_session(connect_client, servers):
    first_tab = await connect_client()
    session_id = uuid.uuid4().hex
    assert await first_tab.start_session(session_id) == session_id
    await first_tab.say(session_id, "does dry needling hurt?")
    assert "prick" in " ".join(message["text"] for message in await first_tab.replies())

    # A reload or a new tab is a new socket that asks for the stored session id.
    second_tab = await connect_client()
    assert await second_tab.start_session(session_id) == session_id
    await second_tab.say(session_id, "how much does it cost?")
    reply_in_second = await second_tab.replies()
    reply_in_first = await first_tab.replies()
    assert reply_in_second == reply_in_first

    tracker = requests.get(f"{servers['rasa']}/conversations/{session_id}/tracker",
                           params={"token": servers["token"]}, timeout=30).json()
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["does dry needling hurt?", "how much does it cost?"]
    channels = {event["input_channel"] for event in tracker["events"] if event["event"] == "user"}
    assert channels == {"socketio"}


def connect_by_long_polling(base_url: str, origin: str) -> str:
    """Engine.IO handshake, then the Socket.IO connect packet; returns the server's answer to it."""
    session, headers = requests.Session(), {"Origin": origin}
    url = f"{base_url}/socket.io/?EIO=4&transport=polling"
    handshake = session.get(url, headers=headers, timeout=10)
    sid = json.loads(handshake.text[1:])["sid"]  # "0{...}": the open packet
    session.post(f"{url}&sid={sid}", data="40", headers=headers, timeout=10).raise_for_status()
    return session.get(f"{url}&sid={sid}", headers=headers, timeout=10).text


def test_a_site_not_in_cors_origins_cannot_connect(servers):
    assert connect_by_long_polling(servers["rasa"], "https://evil.example") == \
        '44{"message":"Connection rejected by server"}'
    assert connect_by_long_polling(servers["rasa"], servers["demo_origin"]).startswith('40{"sid":')


def test_rest_cors_allows_the_demo_page_only(servers):
    url = f"{servers['rasa']}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = requests.options(url, headers={"Origin": servers["demo_origin"], **preflight}, timeout=10)
    assert allowed.headers.get("Access-Control-Allow-Origin") == servers["demo_origin"]
    refused = requests.options(url, headers={"Origin": "https://evil.example", **preflight}, timeout=10)
    assert "Access-Control-Allow-Origin" not in refused.headers
