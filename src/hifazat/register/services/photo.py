"""The offender's photograph: checked and re-encoded by the validation kernel
(``core.validation.image``: JPEG or PNG by content, size and pixel limits, no metadata
kept) and stored privately, never at a public URL."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hifazat.core import permissions, validation
from hifazat.register.errors import RegisterError
from hifazat.register.models import Offender
from hifazat.register.services.records import record_change


@transaction.atomic
def set_photo(*, offender: Offender, actor, data: bytes, reason: str,
              taken_on: date | None = None) -> Offender:
    """Store a new photograph privately, replacing the old one, with history and audit."""
    permissions.require(actor, "register.set_photo", offender)
    try:
        jpeg = validation.image(data, max_bytes=settings.REGISTER_PHOTO_MAX_BYTES,
                                max_side=1200)
    except validation.Invalid as exc:
        raise RegisterError(fields={"photo": exc.message}) from None
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    old = offender.photo.name if offender.photo else ""
    offender.photo.save("photo.jpg", ContentFile(jpeg), save=False)
    offender.photo_taken_on = taken_on or timezone.localdate()
    offender.save(update_fields=["photo", "photo_taken_on"])
    if old:
        transaction.on_commit(lambda: offender.photo.storage.delete(old))
    record_change(offender=offender, actor=actor, reason=reason,
                  change={"photo": "replaced" if old else "added"},
                  action="register.photo_set")
    return offender
