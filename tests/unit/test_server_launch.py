"""server.launch: Rasa's HTTP API only with a token, and the token never on the command line."""
import pytest

from server.launch import LaunchError, rasa_arguments

TOKEN = "0123456789abcdef0123"


def test_without_a_token_the_api_stays_off():
    assert rasa_arguments(["run", "--enable-api", "--port", "5005"], {}) == ["run", "--port", "5005"]


def test_with_a_token_the_api_is_on_behind_it():
    assert rasa_arguments(["run", "--port", "5005"], {"RASA_AUTH_TOKEN": TOKEN}) == [
        "run", "--port", "5005", "--enable-api", "--auth-token", TOKEN]
    assert rasa_arguments(["run", "--enable-api"], {"RASA_AUTH_TOKEN": TOKEN}).count("--enable-api") == 1


@pytest.mark.parametrize("token", ["short", " " + TOKEN, TOKEN + "\n"])
def test_a_weak_or_padded_token_is_refused(token):
    with pytest.raises(LaunchError, match="at least 16 characters"):
        rasa_arguments(["run"], {"RASA_AUTH_TOKEN": token})


@pytest.mark.parametrize("argv", [["run", "--auth-token", TOKEN], ["run", f"--auth-token={TOKEN}"]])
def test_a_token_on_the_command_line_is_refused(argv):
    with pytest.raises(LaunchError, match="RASA_AUTH_TOKEN"):
        rasa_arguments(argv, {})
