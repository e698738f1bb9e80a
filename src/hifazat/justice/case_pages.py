"""A justice case's pages: the case the user may see (``access.access_case``: the same
404 for missing and forbidden), then may act on (403 for a colleague whose role does
not cover the action), and a one-form page that runs a service so that a domain error
is shown next to its field (400, never a 500)."""

from __future__ import annotations

from django.urls import reverse

from hifazat.core import permissions
from hifazat.core.forms import run_form
from hifazat.justice import access
from hifazat.justice.access import VIEW
from hifazat.justice.models import JusticeCase

__all__ = ["VIEW", "case_form_page", "case_url", "get_case", "run_form"]


def get_case(request, case_id, action: str = VIEW) -> JusticeCase:
    """The case the user may see (audited), then may do ``action`` on.

    Missing cases and cases of another district or court answer the same 404; a
    colleague whose role does not cover the action gets a 403."""
    case = access.access_case(user=request.user, case_id=case_id)
    if action != VIEW:
        permissions.require(request.user, action, case)
    return case


def case_url(case, anchor: str = "") -> str:
    url = reverse("justice:case", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def case_form_page(request, case, *, form, perform, title, submit, anchor, success,
                   intro="", redirect_to=None, extra=None,
                   template="justice/case_form.html"):
    """A one-form page under the case header."""
    return run_form(
        request, form=form, perform=perform, success=success,
        redirect_to=redirect_to or case_url(case, anchor),
        template=template,
        context={"case": case, "title": title, "submit": submit, "intro": intro,
                 "back_url": case_url(case, anchor), **(extra or {})},
    )
