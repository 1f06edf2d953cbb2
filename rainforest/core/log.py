"""Logging filters named by the LOGGING setting."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

ORDINARY_REFUSALS = (PermissionDenied, Http404)


class OrdinaryRefusalsWithoutTraceback(logging.Filter):
    """A refused page (403) or a missing one (404) is an ordinary answer, not a fault: Django logs it with
    the exception's traceback, which buries real errors in a busy log. Keep the one line it writes
    ("Forbidden (Permission denied): /cultivation/") and drop the traceback. Anything else keeps its
    traceback, including a 403 raised by something other than PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, ORDINARY_REFUSALS):
            record.exc_info = None
            record.exc_text = None
        return True
