"""One error shape for the whole API, and never a 500 for anything a caller did.

Every error answer is JSON: ``{"code": ..., "detail": <message>, "fields": {name:
[messages]}}``. The mapping:

* a domain error of any app (an exception with ``message`` and ``fields``, like
  ``hifazat.register.errors.InvalidEntry``) -> 400 with its field messages, unless the
  app mapped its class to another status with ``map_error`` (e.g. the register's
  ``NotFound`` -> 404);
* a DRF or Django validation error -> 400 with field messages; a body that is not JSON
  -> 400 ``malformed``; a body over API_MAX_BODY_BYTES -> 413 ``too_large`` and one
  nested deeper than API_MAX_JSON_DEPTH -> 400 ``too_deep``, both refused by
  ``parsers.BoundedJSONParser`` before parsing (client errors: no traceback logged);
* too many refused token calls from one address or for one token prefix -> 429
  ``throttled`` (``throttling``);
* no or bad credentials -> 401; authenticated but not allowed -> 403;
* missing and forbidden objects -> the same 404, so ids cannot be probed;
* anything unexpected -> logged with the request id, answered 500 in the same shape.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hifazat.core.errors import DomainError
from hifazat.core.middleware import current_request

logger = logging.getLogger("hifazat.api")

_STATUS_BY_ERROR: dict[type, int] = {}


def map_error(error_class: type, status_code: int) -> None:
    """Answer ``error_class`` (and subclasses) with ``status_code`` instead of 400.
    Apps call this from their ``api.py`` (the register maps its NotFound to 404)."""
    _STATUS_BY_ERROR[error_class] = status_code


def not_found_body() -> dict:
    # One answer for "missing" and "not yours": nothing to tell them apart.
    return {"code": "not_found",
            "detail": _("No such record, or you may not see it."), "fields": {}}


def _as_list(value) -> list[str]:
    if isinstance(value, list | tuple):
        out: list[str] = []
        for item in value:
            out.extend(_as_list(item))
        return out
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _as_list(v)]
    return [force_str(value)]


def _per_item(value) -> bool:
    """A list serializer's errors: one entry per item, a dict for each item at fault."""
    return isinstance(value, list | tuple) and any(isinstance(v, dict) for v in value)


def _fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error detail to {"query.cnic": ["..."]}; a list's items by
    their index ({"suspects": [{}, {"cnic": [...]}]} -> "suspects.1.cnic")."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":  # the level's own error: named by the level
                name = prefix or "__all__"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict) or _per_item(value):
                out.update(_fields(value, name))
            else:
                out.setdefault(name, []).extend(_as_list(value))
    elif _per_item(detail):
        for index, item in enumerate(detail):
            name = f"{prefix}.{index}" if prefix else str(index)
            if isinstance(item, dict):
                out.update(_fields(item, name))
            elif item:
                out.setdefault(name, []).extend(_as_list(item))
    elif detail:
        out[prefix or "__all__"] = _as_list(detail)
    return out


def _body(code: str, detail, fields: dict | None = None) -> dict:
    return {"code": code, "detail": force_str(detail), "fields": fields or {}}


def is_domain_error(exc: Exception) -> bool:
    return isinstance(exc, DomainError)


def domain_status(exc: Exception) -> int:
    for klass in type(exc).__mro__:
        if klass in _STATUS_BY_ERROR:
            return _STATUS_BY_ERROR[klass]
    return int(getattr(exc, "status_code", 400))


def is_client_error(exc: Exception) -> bool:
    """Errors answered 4xx: the request changed nothing (services are atomic)."""
    return isinstance(exc, exceptions.APIException | Http404 | DjangoPermissionDenied
                      | DjangoValidationError) or is_domain_error(exc)


def _domain_response(exc) -> Response:
    code_status = domain_status(exc)
    if code_status == status.HTTP_404_NOT_FOUND:
        return Response(not_found_body(), status=code_status)
    fields = {str(k): _as_list(v) for k, v in (exc.fields or {}).items()}
    code = getattr(exc, "code", None) or ("invalid" if code_status == 400 else "error")
    response = Response(_body(code, exc.message, fields), status=code_status)
    if code_status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="hifazat"'
    return response


def _message(exc) -> str:
    """Our own words (translated) for DRF's generic refusals; a permission class's own
    message is kept."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Send a service token (Authorization: Bearer <token>) or sign in.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("This method is not allowed here.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send the body as JSON (Content-Type: application/json).")
    if isinstance(exc, exceptions.Throttled):
        return _("Too many requests. Try again in %(seconds)d seconds.") % {
            "seconds": int(exc.wait or 1)}
    if isinstance(exc, exceptions.NotAcceptable):
        return _("This API answers in JSON only.")
    detail = getattr(exc, "detail", "")
    if isinstance(exc, DjangoPermissionDenied) or not isinstance(detail, str) or (
            isinstance(exc, exceptions.PermissionDenied)
            and detail == exceptions.PermissionDenied.default_detail):
        return _("You may not do this.")
    return str(detail)


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: see the module docstring for the mapping."""
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(not_found_body(), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Response(_body("invalid", _("The request has problems; see each field."),
                              _fields(fields)), status=status.HTTP_400_BAD_REQUEST)
    if is_domain_error(exc) and not isinstance(exc, exceptions.APIException):
        return _domain_response(exc)
    if isinstance(exc, exceptions.ValidationError):
        return Response(_body("invalid", _("The request has problems; see each field."),
                              _fields(exc.detail)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):
        return Response(_body("malformed", _("The request body is not valid JSON.")),
                        status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = code if isinstance(code, str) else "error"
        response.data = _body(code, _message(exc))
        return response
    request = current_request()
    logger.exception("API error (request %s)", getattr(request, "request_id", "-"))
    body = _body("server_error", _("Something went wrong on our side. Quote the request "
                                   "id when you report it."))
    body["request_id"] = getattr(request, "request_id", "")
    return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
