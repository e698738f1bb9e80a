"""Token requests through the one error collector (every problem at once) and the
revocation reason through core.validation.free_text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.api import services
from hifazat.api.errors import TokenRefused
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db


def test_every_problem_of_a_token_request_is_reported_at_once(world):
    with pytest.raises(TokenRefused) as refused:
        services.issue_token(actor=world["admin"], agency=world["cell"], name="<b>",
                             scopes=["no:such"], expires_at=timezone.now() - timedelta(1))
    assert set(refused.value.fields) == {"agency", "name", "scopes", "expires_at"}


def test_revocation_reason_is_cleaned_and_bounded(world):
    token, _ = issue(world, "prison", "register:search")
    with pytest.raises(TokenRefused) as refused:
        services.revoke_token(actor=world["admin"], token=token, reason="x" * 501)
    assert "reason" in refused.value.fields
    with pytest.raises(TokenRefused):
        services.revoke_token(actor=world["admin"], token=token, reason="\u202e\u202c ")
    revoked = services.revoke_token(actor=world["admin"], token=token,
                                    reason="system \u202ereplaced\u202c")
    assert revoked.revoke_reason == "system replaced"
