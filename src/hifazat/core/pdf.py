"""Printable documents (register extracts, notices of obligations, medico-legal
reports) rendered to PDF with WeasyPrint, bilingual with the vendored Urdu fonts.

``render_pdf`` guarantees: the document fetches nothing from the network (only the
vendored fonts under our static files may be loaded), and when ``watermark`` is given
it is printed across every page (who asked, for what purpose, when). Apps may add a
line to every document's footer with ``add_footer(name, func)`` (the audit app prints
the latest signed checkpoint of the audit chain this way: core may not import audit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONT_FILES = {
    "nastaliq_400": "vendor/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2",
    "nastaliq_700": "vendor/fonts/noto-nastaliq-urdu-arabic-700-normal.woff2",
    "naskh_400": "vendor/fonts/noto-naskh-arabic-arabic-400-normal.woff2",
    "naskh_700": "vendor/fonts/noto-naskh-arabic-arabic-700-normal.woff2",
}


logger = logging.getLogger(__name__)

# name -> function returning the footer's values (a dict) or None; the base template
# decides how each is worded and translated.
_footers: dict[str, Callable[[], dict | None]] = {}


def add_footer(name: str, func: Callable[[], dict | None]) -> None:
    """Have every PDF footer show ``func()`` as ``pdf_footer.<name>`` (registering a
    name again replaces it; apps may be readied twice in tests)."""
    _footers[name] = func


def _footer_values() -> dict:
    values = {}
    for name, func in _footers.items():
        try:
            values[name] = func()
        except Exception:
            # A footer line is a witness, not the document: print without it, loudly.
            logger.exception("PDF footer %s could not be read", name)
            values[name] = None
    return values


class ExternalFetchRefused(Exception):
    """A document tried to load something that is not one of our vendored files."""


def _font_urls() -> dict[str, str]:
    urls = {}
    for key, rel in FONT_FILES.items():
        found = finders.find(rel)
        if found:
            urls[key] = Path(found).resolve().as_uri()
    return urls


def _allowed_roots() -> list[Path]:
    return [Path(finders.find(rel)).resolve().parent for rel in FONT_FILES.values()
            if finders.find(rel)]


def _check_url(url: str) -> None:
    # Security: a PDF of personal data must never reach out to another host, and may
    # read only the vendored fonts from disk.
    if url.startswith("file://"):
        path = Path(url[len("file://"):]).resolve()
        if any(path.is_relative_to(root) for root in _allowed_roots()):
            return
    raise ExternalFetchRefused(url)


def _fetcher():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class VendoredOnly(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                _check_url(url)
            except ExternalFetchRefused as exc:
                raise FatalURLFetchingError(str(exc)) from exc
            return super().fetch(url, headers)

    return VendoredOnly(allowed_protocols=["file"])


def render_html(template_name: str, context: dict, *, watermark: str = "") -> str:
    """The HTML a PDF is made from (templates extend ``pdf/base.html``)."""
    return render_to_string(template_name, {**context, "pdf_fonts": _font_urls(),
                                            "pdf_watermark": watermark,
                                            "pdf_footer": _footer_values()})


def render_pdf(template_name: str, context: dict, *, watermark: str = "") -> bytes:
    """Render a template that extends ``pdf/base.html`` to PDF bytes."""
    from weasyprint import HTML

    html = render_html(template_name, context, watermark=watermark)
    return HTML(string=html, url_fetcher=_fetcher(), base_url="/").write_pdf()
