"""The nginx configuration the scale test and the scale-out benchmark put in front of Rasa servers."""
from pathlib import Path

from server.nginx import SERVED_BY, nginx_command, round_robin_config


def test_one_upstream_line_per_rasa_server_and_loopback_only():
    text = round_robin_config(Path("/tmp/w"), 8080, [5005, 5006])
    assert text.count("server 127.0.0.1:") == 2
    assert "server 127.0.0.1:5005;" in text and "server 127.0.0.1:5006;" in text
    assert "listen 127.0.0.1:8080;" in text
    assert f"add_header {SERVED_BY} $upstream_addr always;" in text
    assert "pid /tmp/w/nginx.pid;" in text


def test_nginx_runs_in_the_foreground_from_its_work_folder():
    assert nginx_command("/usr/sbin/nginx", Path("/tmp/w"), Path("/tmp/w/nginx.conf")) == [
        "/usr/sbin/nginx", "-p", "/tmp/w", "-e", "/tmp/w/nginx-error.log", "-c", "/tmp/w/nginx.conf",
        "-g", "daemon off;"]
