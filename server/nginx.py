"""nginx in front of several Rasa servers: the README's example, reduced to the REST channel.

Used by the scale test (tests/scale) and the scale-out benchmark (scripts/bench_server.py
--scale), so both measure the set-up the README documents.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Sequence

SERVED_BY = "X-Served-By"  # header naming the Rasa server that answered


def round_robin_config(workdir: Path, port: int, rasa_ports: Sequence[int]) -> str:
    servers = "\n".join(f"    server 127.0.0.1:{rasa_port};" for rasa_port in rasa_ports)
    return f"""
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/nginx-body;
  proxy_temp_path {workdir}/nginx-proxy;
  upstream rasa {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://rasa;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
      add_header {SERVED_BY} $upstream_addr always;
    }}
  }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_command(binary: str, workdir: Path, config: Path) -> list[str]:
    return [binary, "-p", str(workdir), "-e", str(workdir / "nginx-error.log"), "-c", str(config),
            "-g", "daemon off;"]
