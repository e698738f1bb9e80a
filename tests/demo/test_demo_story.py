"""The demo tells a consistent story and says what it is doing while it loads."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hifazat.accounts.models import User
from hifazat.audit.selectors import verify_chain
from hifazat.notices import selectors as notices
from hifazat.notices.models import Notice
from hifazat.register.whereabouts.models import ReleaseNotice
from hifazat.register.whereabouts.services import notify
from hifazat.web.templatetags.hifazat import day

pytestmark = pytest.mark.django_db


def test_load_demo_prints_each_step_and_past_releases_have_no_pending_future_notice(capsys):
    call_command("load_demo", "--year-cases", "0")  # the year: test_oversight_year.py
    out = capsys.readouterr().out
    steps = [line for line in out.splitlines() if line.startswith("[")]
    assert [s.split("]")[0] for s in steps] == [f"[{i}/9" for i in range(1, 10)]
    assert "register: 200 verified offenders" in out
    assert "demo loaded in" in out
    assert out.index("[1/9]") < out.index("demo: ")  # progress first, the summary last
    assert verify_chain().ok

    released = list(ReleaseNotice.objects.filter(state=ReleaseNotice.State.RELEASED))
    assert len(released) == 2
    demo_users = list(User.objects.filter(email__endswith="@demo.hifazat.invalid"))
    for release in released:
        # Scheduled for the day it happened, not "to be released on <today>".
        assert release.release_on == release.released_on
        notice = Notice.objects.get(pk=release.notice_id)
        assert notice.kind == notify.RELEASE_SCHEDULED
        assert day(release.released_on) in notice.subject  # the one date format
        assert notice.created_at.date() < release.released_on
        for user in demo_users:
            pending = notices.inbox_for(user).filter(is_pending=True, pk=notice.pk)
            assert not pending.exists(), (user.username, notice.subject)
    # The release still to come keeps its pending notice.
    upcoming = ReleaseNotice.objects.get(state=ReleaseNotice.State.SCHEDULED)
    police = User.objects.get(username="police.station")
    assert notices.inbox_for(police).filter(is_pending=True, pk=upcoming.notice_id).exists()
