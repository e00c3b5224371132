"""channels/website.py: the socket.io handlers on a real
python-socketio server (the version the project installs)."""
import pytest

from channels.website import WebsiteSocketIOInput


async def ignore_message(message) -> None:
    return None


def make_server(monkeypatch, session_persistence=True):
    monkeypatch.setenv("CORS_ORIGINS", "https://clinic.example")
    channel = WebsiteSocketIOInput(session_persistence=session_persistence)
    channel.blueprint(ignore_message)
    return channel.sio


async def test_session_request_joins_the_session_room(monkeypatch):
    # Rasa 3.6's own handler leaves the socket outside its session's room under
    # python-socketio >= 5.10, and then no reply reaches the patient.
    sio = make_server(monkeypatch)
    sid = await sio.manager.connect("engineio-socket-1", "/")
    await sio.handlers["/"]["session_request"](sid, {"session_id": "a1b2c3"})
    assert "a1b2c3" in sio.rooms(sid)


async def test_session_request_without_a_usable_id_gets_a_new_one(monkeypatch):
    sio = make_server(monkeypatch)
    sid = await sio.manager.connect("engineio-socket-1", "/")
    await sio.handlers["/"]["session_request"](sid, {"session_id": {"not": "an id"}})
    new_rooms = [room for room in sio.rooms(sid) if room != sid]
    assert len(new_rooms) == 1 and len(new_rooms[0]) == 32


@pytest.mark.parametrize(
    "environ, accepted",
    [
        ({"HTTP_ORIGIN": "https://clinic.example"}, True),
        ({"HTTP_ORIGIN": "https://evil.example"}, False),
        ({"HTTP_ORIGIN": "http://localhost:8080"}, False),  # the default is replaced, not extended
        ({}, True),  # not a browser: no page to protect
    ],
)
async def test_only_allowed_sites_connect(monkeypatch, environ, accepted):
    sio = make_server(monkeypatch)
    assert await sio.handlers["/"]["connect"]("socket-1", environ, None) is accepted
