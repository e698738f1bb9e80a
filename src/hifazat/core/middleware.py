"""Request id: every request gets one (or keeps a well-formed one from the proxy).

The id goes into every audit event written while serving the request and into the
X-Request-ID response header, so a user's error page can be matched to the log.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9\-]{8,64}$")
_current_request = ContextVar("hifazat_current_request", default=None)


def current_request():
    """The request being served on this thread/task, or None outside a request."""
    return _current_request.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class DomainErrorMiddleware:
    """Unknown fields in a web form are answered with a 400 page that names them (the
    request changed nothing: the form refused before any service ran). ``NotFound`` needs
    nothing here: it is an ``Http404`` and gets the ordinary 404 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from hifazat.core.errors import UnknownFields

        if not isinstance(exception, UnknownFields):
            return None
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        return render(request, "web/error.html",
                      {"status": 400, "title": _("This form has fields it should not have"),
                       "message": str(exception.message)}, status=400)
