"""Convictions and the registration period they impose: the PPC sections' reference
list, the period per category (settings.REGISTER_PERIOD_YEARS) and the offender's end
of registration."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings

from hifazat.register.models import Conviction, Offender, PpcSection

PPC_SECTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "ppc_sections.json"


def load_ppc_sections(model=None) -> int:
    """Load the reference list of PPC sections (data/ppc_sections.json) idempotently.
    ``model`` lets the data migration pass its historical model. Returns the count."""
    model = model or PpcSection
    rows = json.loads(PPC_SECTIONS_FILE.read_text(encoding="utf-8"))["sections"]
    for row in rows:
        model.objects.update_or_create(code=row["code"], defaults=row)
    return len(rows)


def registration_years(sections) -> int:
    """The longest registration period of the convicted sections' categories."""
    periods = settings.REGISTER_PERIOD_YEARS
    return max(periods.get(s.category, periods["default"]) for s in sections)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def registration_end(offender: Offender) -> date | None:
    """The latest end of the offender's convictions' registration periods (the period
    runs from the conviction; the longest one applies)."""
    ends = [add_years(c.convicted_on, c.registration_years)
            for c in offender.convictions.all() if c.quashed_on is None]
    return max(ends) if ends else None


def is_known_case(entry) -> bool:
    return Conviction.objects.filter(court=entry.court, case_number=entry.case_number).exists()


def add_conviction(offender: Offender, entry) -> Conviction:
    """Add a verified entry's conviction and extend the registration end if it ends
    later. Call inside the caller's transaction."""
    conviction = Conviction.objects.create(
        offender=offender, court=entry.court, case_number=entry.case_number,
        convicted_on=entry.convicted_on, sentence=entry.sentence,
        registration_years=registration_years(entry.sections),
        verdict_reference=entry.verdict_reference or None,
    )
    conviction.sections.set(entry.sections)
    end = registration_end(offender)
    if offender.registration_ends is None or (end and end > offender.registration_ends):
        offender.registration_ends = end
        offender.save(update_fields=["registration_ends"])
    return conviction
