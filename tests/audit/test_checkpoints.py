"""Signed checkpoints of the chain head, outside the database: truncation, rewrite and
rollback of the chain are caught by ``audit_verify --checkpoints``, as is a forged line;
every PDF prints the latest checkpoint."""

from __future__ import annotations

import json
import stat
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hifazat.audit import checkpoints, keys
from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.audit.selectors import latest_checkpoint, verify_chain, verify_checkpoints
from tests.audit.attacks import raw, rewrite_from

pytestmark = pytest.mark.django_db


def _write(n: int, action: str = "test.event") -> list[AuditEvent]:
    return [audit.record(action=action, object_id=i, reason=f"reason {i}") for i in range(n)]


def _kinds(report) -> list[str]:
    return [p.kind for p in report.problems]


def test_a_checkpoint_is_appended_0600_and_signed(_checkpoint_file):
    events = _write(3)
    first = audit.write_checkpoint()
    _write(1)
    second = audit.write_checkpoint()
    assert stat.S_IMODE(_checkpoint_file.stat().st_mode) == 0o600
    lines = _checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [3, 4]
    assert (first["seq"], first["hash"], first["key_id"]) == (3, events[-1].hash,
                                                             keys.signing_key()[0])
    assert latest_checkpoint()["seq"] == second["seq"] == 4
    report = verify_checkpoints()
    assert report.ok and report.checked == 2


def test_audit_checkpoint_command_and_verify_with_checkpoints(capsys):
    _write(2)
    call_command("audit_checkpoint")
    assert "audit checkpoint #2" in capsys.readouterr().out
    call_command("audit_verify", "--checkpoints")
    out = capsys.readouterr().out
    assert "2 events verified" in out and "1 checkpoints match" in out


def test_verify_with_checkpoints_fails_when_there_is_none():
    _write(1)
    with pytest.raises(CommandError, match="no audit checkpoint"):
        call_command("audit_verify", "--checkpoints")


def test_truncation_of_the_newest_events_is_caught():
    events = _write(5)
    audit.write_checkpoint()
    raw("DELETE FROM audit_auditevent WHERE seq > 3")
    assert verify_chain().ok  # the remaining chain is consistent: only the checkpoint knows
    report = verify_checkpoints()
    assert _kinds(report) == ["truncated"]
    assert "#4..#5 are missing" in report.problems[0].message
    with pytest.raises(CommandError, match=r"#4\.\.#5 are missing"):
        call_command("audit_verify", "--checkpoints")
    assert events


def test_rewrite_by_a_key_holder_is_caught_by_the_checkpoint():
    _write(6)
    audit.write_checkpoint()
    rewrite_from(2, reason="innocent", remac_with=keys.signing_key())
    assert verify_chain().ok  # with the key the chain re-verifies ...
    report = verify_checkpoints()  # ... but not against what was shipped out
    assert _kinds(report) == ["rewritten"]
    assert "#6" in report.problems[0].message
    with pytest.raises(CommandError, match="rewritten"):
        call_command("audit_verify", "--checkpoints")


def test_rollback_to_an_older_copy_of_the_database_is_caught(settings):
    from hifazat.core import clock

    _write(3)
    # The backup: the database as it was after event 3.
    audit.write_checkpoint()
    _write(3)
    audit.write_checkpoint()  # the checkpoint saw #6
    # The older copy is restored (#4-#6 gone) and the application carries on writing.
    raw("DELETE FROM audit_auditevent WHERE seq > 3")
    later = clock.now() + timedelta(minutes=10)
    from unittest import mock

    with mock.patch.object(clock, "now", return_value=later):
        _write(4, action="test.after_restore")
    assert verify_chain().ok
    report = verify_checkpoints()
    assert _kinds(report) == ["rolled_back"]
    assert "restored to an older copy" in report.problems[0].message


def test_rollback_without_new_writes_is_reported_by_the_next_checkpoint():
    _write(4)
    audit.write_checkpoint()
    raw("DELETE FROM audit_auditevent WHERE seq > 2")
    audit.write_checkpoint()  # the job keeps running on the restored database
    report = verify_checkpoints()
    assert sorted(_kinds(report)) == ["truncated", "went_back"]


def test_a_forged_checkpoint_line_is_reported(_checkpoint_file):
    _write(2)
    audit.write_checkpoint()
    good = json.loads(_checkpoint_file.read_text())
    forged = {**good, "seq": 1, "hash": AuditEvent.objects.get(seq=1).hash}
    with _checkpoint_file.open("a") as fh:
        fh.write(json.dumps(forged) + "\n")
        fh.write("not json\n")
    report = verify_checkpoints()
    assert [(p.line, p.kind) for p in report.problems] == [(2, "forged"), (3, "forged")]
    with pytest.raises(CommandError, match="forged"):
        call_command("audit_verify", "--checkpoints")


def test_the_periodic_job_writes_a_checkpoint_through_the_same_service(settings):
    from hifazat.audit import tasks
    from hifazat.notices import periodic

    job = {j.name: j for j in periodic.registered()}["audit.write_checkpoint"]
    assert job.every == timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES) \
        == timedelta(minutes=5)
    _write(2)
    assert tasks.write_checkpoint.call() == 2
    assert latest_checkpoint()["seq"] == 2


def test_an_empty_chain_checkpoints_genesis():
    cp = audit.write_checkpoint()
    assert (cp["seq"], cp["hash"]) == (0, "0" * 64)
    assert verify_checkpoints().ok


# --- The PDF footer --------------------------------------------------------------------

def _footer_text(html: str) -> str:
    from weasyprint import HTML

    from hifazat.core import pdf

    doc = HTML(string=html, url_fetcher=pdf._fetcher(), base_url="/").render()
    texts = []
    for page in doc.pages:
        for box in page._page_box.descendants():
            text = getattr(box, "text", None)
            if text:
                texts.append(text)
    return " ".join(texts)


def test_every_pdf_prints_the_latest_checkpoint_in_its_footer():
    from hifazat.core import pdf

    _write(3)
    cp = audit.write_checkpoint()
    html = pdf.render_html("pdf/base.html", {}, watermark="x")
    assert f"Audit checkpoint #3 · {cp['hash'][:16]}" in html
    text = _footer_text(html)  # laid out in the page margin of the rendered document
    assert "#3" in text and cp["hash"][:16] in text
    assert pdf.render_pdf("pdf/base.html", {}).startswith(b"%PDF-")
    with translation.override("ur"):
        urdu = pdf.render_html("pdf/base.html", {})
    assert "Audit checkpoint" not in urdu and cp["hash"][:16] in urdu


def test_no_checkpoint_line_is_printed_when_none_verifies(_checkpoint_file):
    from hifazat.core import pdf

    assert "Audit checkpoint" not in pdf.render_html("pdf/base.html", {})
    _checkpoint_file.parent.mkdir(parents=True, exist_ok=True)
    _checkpoint_file.write_text('{"seq": 9, "hash": "x", "at": "", "key_id": "", "mac": ""}\n')
    assert "Audit checkpoint" not in pdf.render_html("pdf/base.html", {})
    assert checkpoints.last_line().startswith('{"seq": 9')
