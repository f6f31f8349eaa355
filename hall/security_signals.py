"""Security events the audit log records (等保 2.0: who, when, from where, what, outcome).

Django's own `user_logged_in`, `user_logged_out` and `user_login_failed` cover sign-in; these
cover the rest. Senders pass keyword arguments: `kind` (a short slug such as "otp-enrolled",
"otp-reset", "password-changed", "token-revoked", "session-ended", "locked-out",
"personal-data-viewed", "export"), `user` (who did it, may be None), `request` (may be None),
`outcome` ("success" / "failure"), and `details` (a dict with no personal data in clear).
The receiver that writes the hash-chained audit row lives with the audit log, so senders
import only this module. Optional `details["target_type"]` / `details["target"]` name the object
acted on (default: the user's username); the client address is the request's REMOTE_ADDR.
"""

from django.dispatch import Signal

security_event = Signal()
