"""The analyst page: committee analysts only, province scope, filters, downloads,
Urdu, bad filters a 400 page (never a 500), no person-level link."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from hifazat.oversight import services
from tests.factories import verified_client
from tests.oversight.conftest import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world):
    for _ in range(6):
        open_case(world)
    for _ in range(5):
        open_case(world, doctor=world["khi_doctor"])
    services.refresh()
    return world


def _get(user, url, lang="en", **params):
    client = verified_client(Client(), user)
    client.cookies["django_language"] = lang
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=lang)


def test_only_committee_analysts_open_the_page(filled):
    for name in ("doctor", "registrar"):
        assert _get(filled[name], "/oversight/").status_code == 403
        assert _get(filled[name], "/oversight/export.csv").status_code == 403
    assert _get(filled["lhr"]["police"], "/oversight/export.json").status_code == 403
    page = _get(filled["national"], "/oversight/", period=str(timezone.localdate().year))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lahore" in html and "Karachi South" in html
    # No link on the page leads to a person-level record.
    links = re.findall(r'href="([^"]+)"', html)
    assert not [u for u in links if u.startswith(("/cells/", "/justice/", "/register/"))]


def test_a_province_analyst_sees_only_her_province(filled):
    year = str(timezone.localdate().year)
    page = _get(filled["punjab"], "/oversight/", period=year).content.decode()
    assert "Lahore" in page and "Karachi South" not in page
    refused = _get(filled["punjab"], "/oversight/", period=year, province="SD")
    assert refused.status_code == 400 and "Unknown province" in refused.content.decode()
    assert _get(filled["punjab"], "/oversight/export.csv", period=year,
                district="SD-KHS").status_code == 400
    csv_text = _get(filled["sindh"], "/oversight/export.csv", period=year).content.decode()
    assert "Karachi South" in csv_text and "Lahore" not in csv_text


@pytest.mark.parametrize("params", [{"period": "soon"}, {"period": "2099Q1"},
                                    {"period": "2026-12-01..2026-01-01"},
                                    {"district": "NOWHERE"}, {"age_group": "elderly"},
                                    {"incident_type": "<script>"}])
def test_bad_filters_are_a_400_page(filled, params):
    page = _get(filled["national"], "/oversight/", **params)
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    assert _get(filled["national"], "/oversight/export.pdf", **params).status_code == 400


def test_downloads(filled):
    year = str(timezone.localdate().year)
    csv_response = _get(filled["national"], "/oversight/export.csv", period=year,
                        table="cell_care")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Crisis cells: timeliness" in csv_response.content.decode()
    pdf = _get(filled["national"], "/oversight/export.pdf", period=year)
    assert pdf.content.startswith(b"%PDF")
    dhis2 = _get(filled["national"], "/oversight/export.json", period=year).json()
    assert {"dataElement", "period", "orgUnit", "value"} == set(dhis2["dataValues"][0])


def test_the_page_in_urdu(filled):
    from hifazat.accounts.models import User
    from tests.web.test_urdu_everywhere import leaks

    page = _get(filled["national"], "/oversight/", lang="ur",
                period=str(timezone.localdate().year)).content.decode()
    assert 'dir="rtl"' in page
    assert "نگرانی" in page  # "Oversight"
    assert "<td>" in page  # tables with figures, not an empty page
    names = {w for u in User.objects.all()
             for w in re.findall(r"[A-Za-z]{3,}", f"{u.display_name} {u.username}")}
    assert leaks(page, {"Hifazat", "DHIS2", *names}) == []


def test_refresh_on_demand(filled, django_capture_on_commit_callbacks):
    client = verified_client(Client(), filled["national"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/oversight/refresh/")
    assert response.status_code == 302
    assert services.last_run().status == "queued"
    assert verified_client(Client(), filled["doctor"]).post(
        "/oversight/refresh/").status_code == 403


@pytest.fixture
def ranked(world):
    """Lahore: 6 cases, all at a cell within 72 h; Karachi South: 5, none within 72 h."""
    from django.core.cache import cache

    cache.clear()
    for _ in range(6):
        open_case(world)
    for _ in range(5):
        open_case(world, doctor=world["khi_doctor"], hours_after_incident=100)
    services.refresh()
    yield world
    cache.clear()


def test_the_page_shows_each_chart_inline_with_its_figures_under_it(ranked):
    year = str(timezone.localdate().year)
    page = _get(ranked["national"], "/oversight/", period=year, rank_by="within_72h")
    assert page.status_code == 200
    html = page.content.decode()
    charts_ = re.findall(r'<figure class="chart" data-chart="([^"]+)"', html)
    assert charts_[:4] == ["ranking", "cases_by_type", "cases_by_age", "within_72h"]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == len(charts_)
    for name in charts_:
        if name != "ranking":  # the ranking's own table follows it (data-table="ranking")
            assert f'data-chart-table="{name}"' in html
        assert f'aria-describedby="chart-{name}-desc"' in html
        assert f'id="chart-{name}-desc"' in html
    assert html.count('role="img"') == len(charts_)
    # Inline drawing only: no script, no external image, no link inside a chart.
    svgs = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    assert "<script" not in svgs and "href" not in svgs and "<image" not in svgs
    assert "Karachi South" in svgs and "Lahore" in svgs


def test_the_ranking_puts_the_worst_district_first_and_says_so(ranked):
    year = str(timezone.localdate().year)
    html = _get(ranked["national"], "/oversight/", period=year,
                rank_by="within_72h").content.decode()
    assert "District ranking, worst first" in html
    table = re.search(r'<table class="oversight-table" data-table="ranking">(.*?)</table>',
                      html, re.S).group(1)
    rows = re.findall(r'<tr data-row="([^"]+)"><td>(\d+)</td>', table)
    assert rows == [("SD-KHS", "1"), ("PB-LHR", "2")]
    first = table.split('data-row="SD-KHS"')[1].split("</tr>")[0]
    assert "Among the worst" in first and ">0.0<" in first
    assert "Among the worst" not in table.split('data-row="PB-LHR"')[1]
    assert "0 — among the worst" in html  # the chart's text marker, not colour alone
    assert _get(ranked["national"], "/oversight/", period=year,
                rank_by="nonsense").status_code == 400


def test_a_district_whose_figure_is_suppressed_has_not_enough_cases(world):
    for _ in range(6):
        open_case(world)
    for _ in range(3):  # "<5" cases at Karachi South's cell
        open_case(world, doctor=world["khi_doctor"])
    services.refresh()
    html = _get(world["national"], "/oversight/", period=str(timezone.localdate().year),
                rank_by="within_72h").content.decode()
    # Karachi's "<5" cases, and Lahore's hidden with them ("x", or Karachi's would be
    # the total minus Lahore's): neither can rank, both are listed, none is guessed.
    assert "<p data-not-enough>Not enough cases to rank: Karachi South, Lahore</p>" in html
    assert 'data-table="ranking"' not in html
    assert "No district has enough published figures to rank." in html
    svgs = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    assert ">Karachi South *</text>" in svgs and ">3</text>" not in svgs


def test_the_charts_in_urdu(ranked):
    page = _get(ranked["national"], "/oversight/", lang="ur",
                period=str(timezone.localdate().year)).content.decode()
    svgs = "".join(re.findall(r"<svg.*?</svg>", page, re.S))
    assert "کرائسس سیل کے مقدمات، ضلع اور GBVIMS قسم کے لحاظ سے" in svgs  # a title
    assert ">ضلع</text>" in svgs  # an axis title
    assert "Noto Naskh Arabic" in svgs
    assert "اضلاع کی درجہ بندی، بدترین پہلے" in page
    assert "Crisis-cell cases by district" not in page
