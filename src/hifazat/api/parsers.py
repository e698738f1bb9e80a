"""The API's one body parser: JSON, bounded before it is parsed.

A hostile body must cost the server nothing but a refusal. Before ``json.loads`` sees
a byte, the parser refuses:

* a body over ``API_MAX_BODY_BYTES`` (default 256 KiB; the largest honest request is a
  few kilobytes) -> 413, from the declared Content-Length alone when it is too large,
  and otherwise by reading at most one byte more than the limit;
* nesting deeper than ``API_MAX_JSON_DEPTH`` (default 20; our deepest body has 3
  levels) -> 400, counted iteratively over the text (strings skipped), so the parser
  never recurses into a hostile structure.

Both are ordinary client errors in the API's one error shape (``handlers``): no
traceback is logged for them."""

from __future__ import annotations

import codecs
import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, renderers
from rest_framework.utils import json

# A JSON string (with its escapes): brackets inside one do not nest anything.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = gettext_lazy("The request body is too large.")


class JsonTooDeep(exceptions.APIException):
    status_code = 400
    default_code = "too_deep"
    default_detail = gettext_lazy("The request body nests too deeply.")


def max_body_bytes() -> int:
    return int(settings.API_MAX_BODY_BYTES)


def max_json_depth() -> int:
    return int(settings.API_MAX_JSON_DEPTH)


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """True if ``text`` opens more than ``limit`` arrays/objects inside one another.
    Iterative (no recursion), linear in the text, strings skipped."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _declared_length(request) -> int | None:
    meta = getattr(request, "META", {})
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return None


class BoundedJSONParser(parsers.BaseParser):
    """JSON with a size and a depth limit checked before parsing (module docstring).
    Deliberately not a ``JSONParser`` subclass: DRF reads the whole body (``request.body``)
    before calling a JSONParser, which is what this parser must not let happen."""

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    strict = True

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = max_body_bytes()
        request = parser_context.get("request")
        declared = _declared_length(request) if request is not None else None
        too_large = _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
        if declared is not None and declared > limit:
            raise BodyTooLarge(too_large)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(too_large)
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
        except (LookupError, ValueError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        depth = max_json_depth()
        if nesting_depth_exceeds(text, depth):
            raise JsonTooDeep(_("The request body nests arrays and objects more than "
                                "%(depth)d levels deep.") % {"depth": depth})
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
