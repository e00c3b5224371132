#!/usr/bin/env bash
# Starts the action server and the Rasa server together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/current.tar.gz}
mkdir -p var

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null; wait $actions_pid 2>/dev/null' EXIT INT TERM

echo "Starting the assistant: REST channel at http://localhost:$RASA_PORT/webhooks/rest/webhook"
echo "Talk to it in another terminal with: make shell   (Ctrl-C here stops both servers)"
.venv/bin/rasa run --enable-api --cors "*" --port "$RASA_PORT" --model "$MODEL" \
  --endpoints endpoints.yml --credentials credentials.yml
