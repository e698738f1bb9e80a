"""The windows accounts count, declared once (``core.deadlines``). Imported by
``AccountsConfig.ready``; the default below is the only one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import deadlines

ACTIVATION = deadlines.declare(
    "accounts.activation", setting="ACCOUNTS_ACTIVATION_HOURS", default=72,
    unit=deadlines.HOURS,
    label=_("Activation link of a new or reset account, from when it is issued"),
    source=_("Hifazat security policy: the person sets their own password and "
             "authenticator; an unused link expires"),
    told=_("The administrator who issued it, on the page showing the link, and the "
           "account holder in the e-mail"))
