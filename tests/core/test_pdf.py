"""PDF rendering: bilingual text, watermark on the page, no external fetches."""

from __future__ import annotations

import pytest
from django.template import engines

from hifazat.core import pdf


def test_a_bilingual_document_renders_with_its_watermark(tmp_path, settings):
    html = pdf.render_html("pdf/base.html", {}, watermark="npb.registrar · audit · REF-1")
    assert "npb.registrar · audit · REF-1" in html
    assert "file://" in html  # the vendored fonts, from disk
    out = pdf.render_pdf("pdf/base.html", {}, watermark="Muhammad — محمد")
    assert out.startswith(b"%PDF-")
    assert len(out) > 1000


def test_the_document_may_not_reach_out_to_another_host():
    with pytest.raises(pdf.ExternalFetchRefused):
        pdf._check_url("https://example.org/tracker.png")
    with pytest.raises(pdf.ExternalFetchRefused):
        pdf._check_url("file:///etc/passwd")
    pdf._check_url(pdf._font_urls()["naskh_400"])  # the vendored font is allowed
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}'
        '<img src="https://example.org/t.png" alt="">{% endblock %}')
    html = template.render({"pdf_fonts": pdf._font_urls(), "pdf_watermark": ""})
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        HTML(string=html, url_fetcher=pdf._fetcher(), base_url="/").write_pdf()


def test_templates_extend_the_base(tmp_path):
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Extract</h1>{% endblock %}')
    assert "<h1>Extract</h1>" in template.render({"pdf_fonts": {}, "pdf_watermark": ""})
