"""The NPB supervisor's register screens (issue 12): the flag queue ranked by risk, in
words, and a compliance queue that offers no verification the supervisor may not record
— in English and in Urdu, axe clean."""

from __future__ import annotations

import pytest

from hifazat.register.models import Offender, RetrievalFlag
from hifazat.register.whereabouts import selectors
from hifazat.register.whereabouts.models import ComplianceVerification
from tests.e2e.test_register_registrar import signed_in
from tests.e2e.test_sign_in_journey import assert_accessible

pytestmark = pytest.mark.e2e


def test_supervisor_sees_flags_in_words_riskiest_first_and_no_action_he_cannot_take(
        page, live_server, demo, shoot):
    base = live_server.url
    officer = demo["io.ssoiu"]
    offender = Offender.objects.order_by("pk").first()
    RetrievalFlag.objects.create(audit_seq=1, action="register.search", actor=officer,
                                 purpose="investigation", case_reference="FIR 7/2026",
                                 reasons=["out_of_hours"], risk=1)
    RetrievalFlag.objects.create(audit_seq=2, action="register.view", actor=officer,
                                 purpose="investigation", case_reference="checking",
                                 reasons=["out_of_jurisdiction", "no_reference"], risk=5,
                                 offender=offender)
    ComplianceVerification.objects.create(offender=offender, district=offender.district,
                                          due_on=selectors.today())

    signed_in(page, base, "npb.supervisor")
    page.goto(f"{base}/register/flags/")
    rows = page.locator("main tbody tr")
    assert "Record opened" in rows.first.inner_text()  # the riskiest first
    text = page.locator("main").inner_text()
    assert "register.search" not in text and "investigation" not in text
    assert "Investigation" in text
    assert_accessible(page, "flags-en")
    shoot(page, "register-supervisor-01-flags-en")

    page.goto(f"{base}/register/district/compliance/")
    assert offender.register_number in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Record the verification").count() == 0
    assert_accessible(page, "compliance-en")
    shoot(page, "register-supervisor-02-compliance-en")

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    page.goto(f"{base}/register/flags/")
    text = page.locator("main").inner_text()
    assert "register.search" not in text and "Record opened" not in text
    assert_accessible(page, "flags-ur")
    shoot(page, "register-supervisor-03-flags-ur")
    page.goto(f"{base}/register/district/compliance/")
    assert_accessible(page, "compliance-ur")
    shoot(page, "register-supervisor-04-compliance-ur")
