"""The website chat channel: Rasa's socket.io channel with two fixes.

1. Session persistence works under any python-socketio 5.x. Rasa 3.6's `session_request`
   handler calls `sio.enter_room(...)` without awaiting it; since python-socketio 5.10 that
   is a coroutine, so the browser's socket never joins its session's room and, with
   `session_persistence: true`, every reply (sent to the room) reaches nobody.
2. Only the allowed origins may connect (CORS_ORIGINS, comma-separated; default: the demo
   page). Browsers apply CORS to the HTTP long-polling requests (Rasa's `--cors` answers
   those) but not to WebSockets, and Rasa builds its socket.io server with origin checks
   switched off, so the check is done here when a socket connects.

The socket.io protocol is Rasa's own (session_request / session_confirm / user_uttered /
bot_uttered), so rasa-webchat and our widget (web/widget/) talk to it unchanged.
"""
import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from clinic.deploy import cors_origins

logger = logging.getLogger(__name__)

# Our ids are 32 hex digits; anything far longer (or not text) is replaced by a new one.
MAX_SESSION_ID_LENGTH = 128


class WebsiteSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel, same name and events, with the fixes above."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        origins = cors_origins()
        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: Dict, auth: Dict | None = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            # A browser always sends Origin; a client without one is not a web page.
            if origin and origin.rstrip("/") not in origins:
                logger.warning("Refused a chat connection from a site not in CORS_ORIGINS: %s", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not (isinstance(session_id, str) and 0 < len(session_id) <= MAX_SESSION_ID_LENGTH):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(joined):  # python-socketio >= 5.10
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        return socketio_webhook
