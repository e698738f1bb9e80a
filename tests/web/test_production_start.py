"""The production start path: the static manifest is collected before serving, and the
error pages never depend on it (issue 11, item 7)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from hifazat.web import views

REPO = Path(__file__).resolve().parents[2]
MANIFEST = {"staticfiles": {"BACKEND":
                            "whitenoise.storage.CompressedManifestStaticFilesStorage"},
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def no_manifest(tmp_path, settings):
    from django.core.files.storage import storages

    with override_settings(STORAGES=MANIFEST, STATIC_ROOT=tmp_path / "static", DEBUG=False):
        storages._storages = {}
        storages.__dict__.pop("backends", None)
        yield
    storages._storages = {}
    storages.__dict__.pop("backends", None)


@pytest.mark.django_db
def test_the_500_page_renders_without_a_static_manifest(no_manifest):
    request = RequestFactory().get("/")
    request.request_id = "req-123"
    response = views.server_error(request)
    assert response.status_code == 500
    assert b"req-123" in response.content
    assert b"/static/hifazat/hifazat.css" in response.content


@pytest.mark.django_db
def test_the_404_page_renders_without_a_static_manifest(no_manifest, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"/static/hifazat/hifazat.css" in response.content


@pytest.mark.django_db
def test_deploy_check_names_the_missing_collectstatic(no_manifest):
    from hifazat.web.checks import static_manifest_collected

    errors = static_manifest_collected()
    assert [e.id for e in errors] == ["hifazat.E020"]
    assert "collectstatic" in errors[0].hint


def test_the_start_script_refuses_without_its_environment():
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "HIFAZAT_AUDIT_KEYS", "HIFAZAT_FIELD_KEYS",
                        "HIFAZAT_BLIND_INDEX_KEYS",
                        "DATABASE_URL", "ALLOWED_HOSTS"}}
    result = subprocess.run([str(REPO / "bin" / "start-production"), "--check-only"],  # noqa: S603
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "HIFAZAT_AUDIT_KEYS" in result.stderr and "SECRET_KEY" in result.stderr
    assert "HIFAZAT_BLIND_INDEX_KEYS" in result.stderr
