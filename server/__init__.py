"""Rasa server glue that is neither an NLU component nor an action.

launch        - `python -m server.launch run ...`: the HTTP API only with RASA_AUTH_TOKEN
tracker_store - the SQLite tracker store that creates var/ and refuses a read-only database
rest_channel  - the patients' REST channel, refusing malformed requests with a clear 4xx
"""
