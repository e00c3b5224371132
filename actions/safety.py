"""The warning signs as the actions name them. The emergency advice itself is a plain response
sent by the rules (data/rules/safety.yml): it must not depend on the action server."""

WARNING_SIGN_ENTITY = "warning_sign"
