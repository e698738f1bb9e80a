"""What a crisis cell refuses at the door (issue 10): a field a form does not have (the
prohibited two-finger test), names carrying hidden direction controls, and evidence
files that are pages or scripts rather than what their names say. Each failed on the
code before the validation kernel."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hifazat.core import clock
from hifazat.crisis_cells import errors, services
from hifazat.crisis_cells.models import CyberEvidenceFile, MedicoLegalExam, SurvivorCase
from tests.factories import verified_client

pytestmark = pytest.mark.django_db


def _local(dt):
    return dt.astimezone().strftime("%Y-%m-%dT%H:%M")


def _png(*, with_gps_comment: bool = False) -> bytes:
    out = io.BytesIO()
    picture = Image.new("RGB", (40, 30), (200, 30, 30))
    if with_gps_comment:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "GPS 31.5204N 74.3587E")
        picture.save(out, format="PNG", pnginfo=info)
    else:
        picture.save(out, format="PNG")
    return out.getvalue()


# --- unknown fields -------------------------------------------------------------------

def test_examination_form_refuses_the_two_finger_test_field_and_saves_nothing(
        client, cell, opened):
    c = verified_client(client, cell["wmlo"])
    for use in ("medical_examination", "forensic_samples"):
        services.record_consent(user=cell["wmlo"], case=opened, use=use, is_given=True,
                                given_by="survivor")
    data = {"examined_at": _local(clock.now()), "chaperone_name": "Nurse on duty",
            "chaperone_role": "Staff nurse", "general_findings": "Stable",
            "samples": ["swab"], "two_finger_test": "yes"}
    response = c.post(reverse("crisis_cells:exam", args=[opened.code]), data)
    assert response.status_code == 400
    assert "two_finger_test" in response.content.decode()
    assert not MedicoLegalExam.objects.filter(case=opened).exists()
    assert not opened.evidence.exists()


def test_every_write_form_puts_the_strict_mixin_first():
    from django import forms as django_forms

    from hifazat.core.forms import StrictFormMixin
    from hifazat.crisis_cells import forms

    write_forms = [f for f in vars(forms).values()
                   if isinstance(f, type) and issubclass(f, django_forms.Form)
                   and f.__module__ == forms.__name__
                   and f not in (forms.CellForm, forms.CaseFilterForm, forms.StationSearchForm)]
    assert len(write_forms) > 20
    assert all(f.__bases__[0] is StrictFormMixin for f in write_forms), [
        f.__name__ for f in write_forms if f.__bases__[0] is not StrictFormMixin]


# --- names ----------------------------------------------------------------------------

def test_a_name_with_a_direction_override_is_refused_at_intake(client, cell):
    c = verified_client(client, cell["doctor"])
    response = c.post(reverse("crisis_cells:intake"), {
        "arrived_at": _local(clock.now()), "arrival_route": "walk_in", "sex": "F",
        "age": "24", "name": "Ayesha \u202eibiB hsiA"})
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert not SurvivorCase.objects.exists()


def test_the_service_refuses_a_hidden_control_in_a_guardians_name(cell):
    with pytest.raises(errors.InvalidInput) as exc:
        services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=12,
                           guardian={"name": "Amina\u2066 Bibi", "relationship": "Mother"})
    assert "guardian_name" in exc.value.fields
    assert not SurvivorCase.objects.exists()


def test_cnic_is_checked_by_the_kernel_with_its_one_message(client, cell):
    from hifazat.core.validation import CNIC_MESSAGE

    c = verified_client(client, cell["doctor"])
    response = c.post(reverse("crisis_cells:intake"), {
        "arrived_at": _local(clock.now()), "arrival_route": "walk_in", "sex": "F",
        "age": "24", "cnic": "35202-123"})
    assert response.status_code == 400
    assert str(CNIC_MESSAGE) in response.content.decode()


def test_free_text_loses_its_direction_controls(cell, opened):
    entry = services.record_medical_care(user=cell["doctor"], case=opened, kind="injury",
                                         description="Bruise \u202eon arm")
    assert entry.description == "Bruise on arm"


# --- evidence files -------------------------------------------------------------------

@pytest.fixture
def report(cell, opened, settings, tmp_path):
    from django.utils.functional import empty

    from hifazat.crisis_cells.models import private_storage

    settings.CELL_PRIVATE_FILES_DIR = tmp_path / "private"
    private_storage._wrapped = empty
    yield services.record_cyber_harassment(user=cell["counsellor"], case=opened,
                                           platform="whatsapp", account_identifiers="@x")
    private_storage._wrapped = empty


@pytest.mark.parametrize(("name", "content"), [
    ("chat.html", b"<html><body><script>alert(1)</script></body></html>"),
    ("screenshot.png", b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>"),
    ("screenshot.png", b"<script>fetch('/cells/')</script>"),
    ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
])
def test_pages_and_scripts_are_refused_as_evidence(cell, report, name, content):
    with pytest.raises(errors.FileRejected) as exc:
        services.attach_cyber_evidence(user=cell["counsellor"], report=report,
                                       uploaded_file=SimpleUploadedFile(name, content))
    assert "file" in exc.value.fields
    assert not CyberEvidenceFile.objects.exists()


def test_the_upload_form_refuses_an_html_page(client, cell, opened, report):
    c = verified_client(client, cell["counsellor"])
    upload = SimpleUploadedFile("chat.html", b"<html><script>alert(1)</script></html>",
                                content_type="text/html")
    response = c.post(reverse("crisis_cells:cyber_file", args=[opened.code]),
                      {"file-file": upload, "file-description": "Chat"})
    assert response.status_code == 400
    assert 'id="id_file-file_error"' in response.content.decode()
    assert not CyberEvidenceFile.objects.exists()


def test_a_screenshot_is_stored_re_encoded_without_its_metadata(cell, report):
    from hifazat.audit.models import AuditEvent

    original = _png(with_gps_comment=True)
    stored = services.attach_cyber_evidence(
        user=cell["counsellor"], report=report,
        uploaded_file=SimpleUploadedFile("shot.png", original, content_type="image/png"))
    data = b"".join(services.cyber_evidence_chunks(stored))  # kept encrypted on disk
    assert data.startswith(b"\xff\xd8\xff") and b"GPS" not in data
    assert stored.content_type == "image/jpeg" and stored.file.name.endswith(".jpg.enc")
    assert services.verify_cyber_evidence(stored)
    import hashlib

    event = AuditEvent.objects.get(action="crisis_cells.cyber_evidence_attached")
    assert event.details["received_sha256"] == hashlib.sha256(original).hexdigest()
    assert event.details["sha256"] == stored.sha256


def test_a_pdf_is_stored_as_received(cell, report):
    content = b"%PDF-1.4\n% synthetic export\n"
    stored = services.attach_cyber_evidence(
        user=cell["counsellor"], report=report,
        uploaded_file=SimpleUploadedFile("export.bin", content))
    assert b"".join(services.cyber_evidence_chunks(stored)) == content
    assert stored.content_type == "application/pdf" and stored.file.name.endswith(".pdf.enc")


def test_a_future_incident_time_is_refused_by_the_kernel(cell, opened):
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_incident(user=cell["doctor"], case=opened,
                                 occurred_at=clock.now() + timedelta(days=1),
                                 district=cell["places"]["LHR"], kind="rape",
                                 relationship="stranger")
    assert "occurred_at" in exc.value.fields
