"""Every write to the register, one module per sub-concept; each verb is atomic and
writes its audit event in the same transaction, and each status change goes through
its declared lifecycle (``register.lifecycles``).

* ``entries`` — propose, verify, return, merge a new entry (maker–checker);
* ``corrections`` — propose and apply a correction; add an alias;
* ``convictions`` — PPC sections, the registration period and its end;
* ``records`` — a record's history (``record_change``) and its identity index;
* ``status`` — the offender's register status; the removal review;
* ``photo`` — the photograph;
* ``requests`` — the offender's requests for a copy or a correction;
* ``supervision`` — the review of flagged retrievals.

Other code calls ``from hifazat.register import services`` and the verbs below.
"""

from hifazat.register.services.appeals import propose_quash
from hifazat.register.services.convictions import (
    PPC_SECTIONS_FILE,
    load_ppc_sections,
    registration_end,
    registration_years,
)
from hifazat.register.services.corrections import add_alias, propose_correction
from hifazat.register.services.entries import (
    merge_entry,
    propose_entry,
    return_entry,
    verify_entry,
)
from hifazat.register.services.photo import set_photo
from hifazat.register.services.records import (
    IDENTITY_SOURCE,
    identity_source_id,
    index_offender,
    offender_id_of,
    record_change,
)
from hifazat.register.services.requests import decide_offender_request, record_offender_request
from hifazat.register.services.status import decide_removal, set_status
from hifazat.register.services.supervision import clear_flag

__all__ = [
    "IDENTITY_SOURCE",
    "PPC_SECTIONS_FILE",
    "add_alias",
    "clear_flag",
    "decide_offender_request",
    "decide_removal",
    "identity_source_id",
    "index_offender",
    "load_ppc_sections",
    "merge_entry",
    "offender_id_of",
    "propose_correction",
    "propose_entry",
    "propose_quash",
    "record_change",
    "record_offender_request",
    "registration_end",
    "registration_years",
    "return_entry",
    "set_photo",
    "set_status",
    "verify_entry",
]
