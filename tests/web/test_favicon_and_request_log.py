"""The browser's /favicon.ico is answered (no 404 on every page), and a refused or missing
page is one line in the log, not a traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.web.log_filters import OneLineRefusals
from tests.factories import give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db


def test_favicon_is_served_to_anyone_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response["Cache-Control"]
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon" href="/static/hifazat/favicon.svg"' in page


def test_a_403_is_logged_as_one_line_without_traceback(client, caplog):
    user = make_user(make_agency(AgencyKind.COMMITTEE))
    give_role(user, Role.COMMITTEE_ANALYST)
    verified_client(client, user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("web:deadlines")).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].getMessage() == "Forbidden (Permission denied): /deadlines/"
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_the_filter_keeps_the_traceback_of_a_server_error():
    def record(status):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            import sys

            rec = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x",
                                    None, sys.exc_info())
        rec.status_code = status
        return rec

    refused, failed = record(404), record(500)
    assert OneLineRefusals().filter(refused) and refused.exc_info is None
    assert OneLineRefusals().filter(failed) and failed.exc_info is not None


def test_the_filter_is_on_the_request_logger():
    assert any(isinstance(f, OneLineRefusals)
               for f in logging.getLogger("django.request").filters)
