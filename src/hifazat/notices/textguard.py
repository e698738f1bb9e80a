"""Refuses text that looks like personal identity data a notice must never carry.

Notices travel by e-mail and SMS and sit in many inboxes, so they carry codes and
references (FIR numbers, case codes, register numbers) and never a survivor's identity
(DESIGN: survivor identity protection). We refuse what we can recognise reliably:
CNICs (13 digits, with or without dashes or spaces) and phone numbers (Pakistani
mobiles and landlines, and any international number written with +).
Register numbers like ``NSOR-2026-0000123`` and case codes like
``ARCC-LHR1-2026-000123`` are not matched: a number glued to a code by a dash or a
letter is part of that code.
"""

from __future__ import annotations

import re

# Not preceded or followed by a letter, digit, dash, slash or dot: a whole token.
_START = r"(?<![\w\-/.+])"
_END = r"(?![\w\-/])"
_SEP = r"[\s\-]?"

CNIC = re.compile(_START + r"\d{5}" + _SEP + r"\d{7}" + _SEP + r"\d" + _END)
PHONE = re.compile(
    _START
    + r"(?:"
    # Mobile: 03XX-XXXXXXX, +92 3XX XXXXXXX, 0092 3XX..., 92 3XX...
    + r"(?:\+92|0092|92|0)" + _SEP + r"3\d{2}" + _SEP + r"\d{7}"
    # Landline: 0 + area code (2-4 digits) + 5-8 digits, e.g. 042-35761234, 051 9201234
    + r"|0\d{2,4}" + r"[\s\-]" + r"\d{5,8}"
    + r"|0\d{9,10}"
    # Any international number written with a plus sign: + then 8-15 digits.
    + r"|\+\d(?:[\s\-]?\d){7,14}"
    + r")"
    + _END
)


def identity_like(text: str) -> list[str]:
    """The kinds of identity data found in ``text``: a subset of {"cnic", "phone"}."""
    found = []
    if text and CNIC.search(text):
        found.append("cnic")
    if text and PHONE.search(text):
        found.append("phone")
    return found
