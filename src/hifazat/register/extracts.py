"""The PDF register extract of one offender for a stated purpose: bilingual headings,
watermarked with the requester, purpose, reference and time; producing it is itself an
audited retrieval (action ``register.extract``)."""

from __future__ import annotations

from django.utils import timezone

from hifazat.audit.purposes import Purpose
from hifazat.core.pdf import render_pdf
from hifazat.register import access, selectors
from hifazat.register.models import Offender


def register_extract(*, user, offender_id: int, purpose: str, reference: str
                     ) -> tuple[Offender, bytes]:
    """The extract as PDF bytes. Refused (PurposeRequired / NotFound) exactly like
    opening the record; the audit event is written before the document exists."""
    offender = access.access_offender(user=user, offender_id=offender_id, purpose=purpose,
                                      reference=reference, action="register.extract")
    now = timezone.localtime()
    purpose_label = dict(Purpose.choices).get(purpose, purpose)
    watermark = (f"{user.get_username()} · {purpose_label} · {reference.strip()[:100]} · "
                 f"{now:%Y-%m-%d %H:%M}")
    context = {"offender": offender, **selectors.record_details(offender),
               "requester": user, "purpose": purpose_label, "reference": reference.strip(),
               "produced_at": now}
    return offender, render_pdf("register/extract.html", context, watermark=watermark)
