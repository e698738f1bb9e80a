"""The PDF register extract of one offender for a stated purpose: bilingual headings,
watermarked with the requester, purpose, reference and time; producing it is itself an
audited retrieval (action ``register.extract``)."""

from __future__ import annotations

from django.utils import timezone

from hifazat.audit.purposes import Purpose
from hifazat.core.pdf import render_pdf
from hifazat.register import access, selectors
from hifazat.register.models import Offender


def requester_of(user) -> dict:
    """Who asked, as the extract names them: full name, designation (the roles in force,
    in the reader's language) and agency; the username only when there is no name."""
    roles = sorted({str(a.get_role_display()) for a in user.active_roles()})
    agency = getattr(user, "agency", None)
    return {"name": user.display_name or user.get_full_name() or user.get_username(),
            "designation": ", ".join(roles), "agency": agency.name if agency else ""}


def register_extract(*, user, offender_id: int, purpose: str, reference: str
                     ) -> tuple[Offender, bytes]:
    """The extract as PDF bytes. Refused (PurposeRequired / NotFound) exactly like
    opening the record; the audit event is written before the document exists."""
    offender = access.access_offender(user=user, offender_id=offender_id, purpose=purpose,
                                      reference=reference, action="register.extract")
    now = timezone.localtime()
    # The watermark names the account (it is what the audit log holds).
    purpose_label = dict(Purpose.choices).get(purpose, purpose)
    watermark = (f"{user.get_username()} · {purpose_label} · {reference.strip()[:100]} · "
                 f"{now:%Y-%m-%d %H:%M}")
    context = {"offender": offender, **selectors.record_details(offender),
               "requester": requester_of(user), "purpose": purpose_label,
               "reference": reference.strip(), "produced_at": now}
    return offender, render_pdf("register/extract.html", context, watermark=watermark)
