"""Filters for the request log.

A refused request (403) or a missing page (404) is routine: someone followed an old link
or tried a page their role does not open. Django logs a 403 at WARNING with the whole
traceback of the ``PermissionDenied``, which buries real failures; the filter keeps the
one line ("Forbidden (Permission denied): /path") and drops the traceback. 5xx keep theirs.
"""

from __future__ import annotations

import logging

ROUTINE_STATUSES = frozenset({403, 404})


class OneLineRefusals(logging.Filter):
    """On ``django.request``: a 403 or 404 is logged as its one line, without traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in ROUTINE_STATUSES:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
