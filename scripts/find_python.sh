#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter (Rasa 3.6 runs on 3.8-3.10 only).
# Order: $PYTHON if set, then a python3.10 on the PATH that really runs (a pyenv shim
# fails while another version is global), then pyenv's own 3.10 installs.
set -u

works() { "$1" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

if [ -n "${PYTHON:-}" ]; then
  if works "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.10 interpreter; point PYTHON at one (Rasa 3.6 needs 3.10)." >&2
  exit 1
fi
if command -v python3.10 >/dev/null 2>&1 && works python3.10; then
  command -v python3.10; exit 0
fi
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -rV); do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "No Python 3.10 found: install it (for example 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv') or run 'make install PYTHON=/path/to/python3.10'." >&2
exit 1
