"""What django-axes counts failures by. A sign-in names an account, so its failures count against both the
account and the client address (either reaching the limit locks); a bearer token names no account, so its
failures count against the address only (counting them under an empty username would let wrong tokens from
anywhere lock everyone's tokens)."""

from __future__ import annotations

from typing import Any


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    username = (credentials or {}).get("username")
    if username is None and credentials is None:
        username = getattr(request_or_attempt, "username", None)  # an AccessAttempt
        if username is None and hasattr(request_or_attempt, "POST"):
            username = request_or_attempt.POST.get("username")
    return ["username", "ip_address"] if username else ["ip_address"]
