"""Custom Rasa NLU graph components: thin wrappers around the plain `clinic` matchers."""
