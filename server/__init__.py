"""Rasa server glue that is neither an NLU component nor an action.

launch        - `python -m server.launch run ...`: the HTTP API only with RASA_AUTH_TOKEN
tracker_store - the SQLite tracker store that creates var/ and refuses a read-only database;
                ClinicTrackerStore: it, or PostgreSQL shared by several servers (TRACKER_STORE_URL)
lock_store    - in-process locks, or Redis shared by several servers (LOCK_STORE_URL), made atomic
rest_channel  - the patients' REST channel, refusing malformed requests with a clear 4xx
"""
