#!/usr/bin/env bash
# Starts the action server and the Rasa server together; Ctrl-C stops both.
#
# Environment (all optional):
#   RASA_PORT        5005  the Rasa server: the patients' channels (/webhooks/rest/webhook)
#   ACTIONS_PORT     5055  the action server
#   ACTIONS_HOST     127.0.0.1  where the action server listens. It sends requests to the clinic with
#                    the clinic's token for whoever calls it, so only the Rasa server may reach it:
#                    keep loopback, or a private network address (see README, "Deploying").
#   RASA_AUTH_TOKEN  unset: Rasa's HTTP API (/conversations/..., /model) is off. Set (16+ random
#                    characters): the API is on and every call needs ?token=<it>.
#   CORS_ORIGINS     the web pages allowed to call the assistant, comma-separated
#                    (default http://localhost:8080, the demo page; never "*")
#   MODEL            models/current.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
ACTIONS_HOST=${ACTIONS_HOST:-127.0.0.1}
MODEL=${MODEL:-models/current.tar.gz}
# endpoints.yml reads the action server's address from here, so the two always agree
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
origins=$(.venv/bin/python -m clinic.deploy cors-origins) || exit 1
mapfile -t cors_origins <<< "$origins"

# rasa-sdk 3.6 has no --interface option; it binds to $SANIC_HOST (default: every interface)
SANIC_HOST=$ACTIONS_HOST .venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
actions_pid=$!
# the demo clinic page with the website chat (loopback only)
.venv/bin/python scripts/serve_demo.py --port "${DEMO_PORT:-8080}" --rasa-url "http://localhost:$RASA_PORT" &
demo_pid=$!
trap 'kill $actions_pid $demo_pid 2>/dev/null; wait $actions_pid $demo_pid 2>/dev/null' EXIT INT TERM

echo "Starting the assistant: REST channel at http://localhost:$RASA_PORT/webhooks/rest/webhook"
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  echo "HTTP API on, behind RASA_AUTH_TOKEN. Allowed web pages: ${cors_origins[*]}"
else
  echo "HTTP API off (set RASA_AUTH_TOKEN to turn it on). Allowed web pages: ${cors_origins[*]}"
fi
echo "Demo clinic page with the chat: http://localhost:${DEMO_PORT:-8080}"
echo "Talk to it in another terminal with: make shell   (Ctrl-C here stops all three)"
# server.launch adds --enable-api and the token from RASA_AUTH_TOKEN (kept off the command line)
.venv/bin/python -m server.launch run --port "$RASA_PORT" --model "$MODEL" --cors "${cors_origins[@]}" \
  --endpoints endpoints.yml --credentials credentials.yml
