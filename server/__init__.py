"""Rasa server glue that is neither an NLU component nor an action: the tracker store."""
