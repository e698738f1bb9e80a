"""Issue, approve, revoke and list per-agency service tokens.

    manage.py api_token issue --agency CODE --name NAME --scope register:search \
        --scope register:read --days 90 --by USERNAME [--approved-by USERNAME]
    manage.py api_token approve PREFIX --by USERNAME
    manage.py api_token revoke PREFIX --reason "system retired" --by USERNAME
    manage.py api_token list [--agency CODE]

Scopes (``hifazat.api.scopes.SCOPES``): register:search, register:read,
register:release, register:report_change, justice:fir, justice:court, justice:read,
schema:read.

``--by`` names the administrator the action is recorded against (the system
administrator, or an administrator of that agency). The secret is printed once.

Four eyes, as on the token screens: a token with any scope but ``schema:read`` is
issued pending (every call refused) until a second administrator approves it —
``approve`` later, or ``--approved-by`` naming that second administrator when issuing
(issue and approval then happen together or not at all). Nobody approves a token they
issued."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from hifazat.accounts import selectors as accounts
from hifazat.api import selectors, services
from hifazat.api.errors import TokenRefused
from hifazat.api.models import ServiceToken
from hifazat.api.scopes import SCOPES


def _operator(username: str):
    user = accounts.active_user_by_username(username)
    if user is None:
        raise CommandError(f"no active user {username!r}")
    # Someone with shell access to the server runs this: that access is a stronger
    # proof than the one-time code the web asks for, so the second factor is satisfied.
    user.is_verified = lambda: True
    return user


class Command(BaseCommand):
    help = ("Issue, approve, revoke or list API service tokens (the secret is shown once; "
            "a token reaching personal data waits for a second administrator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("--agency", required=True, help="agency code")
        issue.add_argument("--name", required=True)
        issue.add_argument("--scope", action="append", default=[], dest="scopes",
                           metavar="SCOPE",
                           help="repeat for each scope: " + ", ".join(sorted(SCOPES)))
        issue.add_argument("--days", type=int, default=90, help="lifetime in days")
        issue.add_argument("--by", required=True, help="username of the administrator")
        issue.add_argument("--approved-by", default="", dest="approved_by",
                           help="username of a second administrator who approves it now")
        approve = sub.add_parser("approve")
        approve.add_argument("prefix")
        approve.add_argument("--by", required=True,
                             help="username of the approving (second) administrator")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")
        revoke.add_argument("--reason", required=True)
        revoke.add_argument("--by", required=True, help="username of the administrator")
        listing = sub.add_parser("list")
        listing.add_argument("--agency", default="")

    def handle(self, *args, verb, **options):
        try:
            return getattr(self, f"_{verb}")(**options)
        except TokenRefused as exc:
            problems = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or exc.message
            raise CommandError(str(problems)) from None
        except PermissionDenied:
            raise CommandError("that user may not manage this agency's tokens") from None

    def _issue(self, *, agency, name, scopes, days, by, approved_by="", **_):
        found = accounts.agency_by(code=agency)
        if found is None:
            raise CommandError(f"no agency {agency!r}")
        approver = _operator(approved_by) if approved_by else None
        with transaction.atomic():
            token, secret = services.issue_token(
                actor=_operator(by), agency=found, name=name, scopes=scopes,
                expires_at=timezone.now() + timedelta(days=days))
            if approver is not None and token.status == token.Status.PENDING:
                token = services.approve_token(actor=approver, token=token)
        self.stdout.write(f"issued token {token.prefix} for {found.code} "
                          f"(scopes: {', '.join(token.scopes)}; expires "
                          f"{token.expires_at:%Y-%m-%d}; {token.standing})")
        if token.status == token.Status.PENDING:
            self.stdout.write("pending: every call is refused until a second administrator "
                              f"approves it (api_token approve {token.prefix} --by USERNAME)")
        self.stdout.write("secret (shown once, store it now):")
        self.stdout.write(secret)

    def _approve(self, *, prefix, by, **_):
        token = selectors.token_by_prefix(prefix)
        if token is None:
            raise CommandError(f"no token {prefix!r}")
        services.approve_token(actor=_operator(by), token=token)
        self.stdout.write(f"approved token {prefix}")

    def _revoke(self, *, prefix, reason, by, **_):
        token = selectors.token_by_prefix(prefix)
        if token is None:
            raise CommandError(f"no token {prefix!r}")
        services.revoke_token(actor=_operator(by), token=token, reason=reason)
        self.stdout.write(f"revoked token {prefix}")

    def _list(self, *, agency="", **_):
        rows = ServiceToken.objects.select_related("agency").order_by("agency__code", "name")
        if agency:
            rows = rows.filter(agency__code=agency)
        for t in rows:
            self.stdout.write(f"{t.prefix}  {t.agency.code:<20} {t.name:<30} "
                              f"{t.standing:<8} {','.join(t.scopes)}")
