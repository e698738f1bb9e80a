"""Every write of the api app: issuing, approving and revoking service tokens, recording
a token's use, and keeping the first answer to an idempotent POST. Each is atomic and
writes its audit event in the same transaction.

Four eyes: a token whose scopes reach personal data (``scopes.needs_second_administrator``)
is issued ``pending`` and refused at every call until a second administrator with
authority over its agency — not the one who issued it — approves it. Its issue, its
approval and its first use raise a notice (kind ``TOKEN_NOTICE_KIND``) to the agency's
supervisors (``accounts.selectors.supervisors_for``), as a role grant does in accounts.
The api app sits above notices in the layers, so it calls ``notices.services`` itself
(accounts, below notices, has to send a signal instead)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hifazat.accounts import selectors as accounts_selectors
from hifazat.accounts import services as accounts
from hifazat.api import deadlines, throttling
from hifazat.api.errors import NotAnApprover, TokenRefused
from hifazat.api.lifecycles import SERVICE_TOKEN
from hifazat.api.models import IdempotencyRecord, ServiceToken
from hifazat.api.principal import implied_assignment
from hifazat.api.scopes import SCOPES, needs_second_administrator, unknown_scopes
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.notices import services as notices

HZT_MARK = "hzt"  # every issued token starts with this mark
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
# Refusals counted between two audit events are kept this long (a day) for the next one.
_COALESCED_KEEP_SECONDS = 24 * 3600
_S = ServiceToken.Status
OBJECT_TYPE = "api.token"
# A notice kind, not a secret.
TOKEN_NOTICE_KIND = "api.service_token"  # noqa: S105  # nosec B105
# One notice kind per event, each read in the reader's language (texts in api/apps.py).
TOKEN_NOTICE_KINDS = {"issued": f"{TOKEN_NOTICE_KIND}.issued",
                      "approved": f"{TOKEN_NOTICE_KIND}.approved",
                      "first_use": f"{TOKEN_NOTICE_KIND}.first_use"}
ISSUED, APPROVED, FIRST_USE = "issued", "approved", "first_use"


def hash_secret(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def _max_days() -> int:
    return deadlines.TOKEN_MAX_LIFE.value()


def _check_token_request(*, agency, name: str, scopes: list[str],
                         expires_at: datetime) -> None:
    """Every problem of a token request at once (``TokenRefused``, a message per
    field)."""
    problems = validation.Problems()
    if not agency.is_active:
        problems.add("agency", _("This agency is not active."))
    elif implied_assignment(agency) is None:
        problems.add("agency", _("This kind of agency cannot hold API tokens."))
    if not _NAME_RE.match(name):
        problems.add("name", _("Give a name of up to 100 letters, digits, spaces, dots, "
                               "dashes or underscores."))
    elif ServiceToken.objects.filter(agency=agency, name=name).exists():
        problems.add("name", _("This agency already has a token with that name."))
    if not scopes:
        problems.add("scopes", _("Give at least one scope."))
    elif unknown := unknown_scopes(scopes):
        problems.add("scopes", _("Unknown scope: %(scopes)s. Known scopes: %(known)s.") % {
            "scopes": ", ".join(unknown), "known": ", ".join(sorted(SCOPES))})
    now = timezone.now()
    if expires_at <= now:
        problems.add("expires_at", _("The expiry must be in the future."))
    elif expires_at > now + timedelta(days=_max_days()):
        problems.add("expires_at", _("A token may live at most %(days)d days.") % {
            "days": _max_days()})
    problems.raise_if_any(TokenRefused)


@transaction.atomic
def issue_token(*, actor, agency, name: str, scopes: list[str],
                expires_at: datetime) -> tuple[ServiceToken, str]:
    """Issue a token for ``agency`` and return it with its secret, which is shown this
    once and stored only as a hash. Creates the token's service account (audited by
    accounts). A token whose scopes reach personal data is ``pending`` (refused at
    every call) until a second administrator approves it (``approve_token``), and the
    agency's supervisors are told; one with only ``schema:read`` is in force at once.
    Refuses an actor who may not manage the agency's tokens (403), an agency whose kind
    implies no role, a duplicate name, unknown scopes and an expiry in the past or
    beyond API_TOKEN_MAX_DAYS (TokenRefused with a message per field)."""
    permissions.require(actor, "api.manage_tokens", agency)
    name = (name or "").strip()
    scopes = sorted({str(s).strip() for s in scopes or [] if str(s).strip()})
    _check_token_request(agency=agency, name=name, scopes=scopes, expires_at=expires_at)
    prefix = secrets.token_hex(4)
    while ServiceToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{HZT_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    slug = re.sub(r"[^a-z0-9._-]+", "-", f"{agency.code}.{name}".lower())
    principal = accounts.create_service_account(
        actor=actor, agency=agency, username=f"api.{prefix}.{slug}"[:150],
        display_name=f"API: {name}"[:150],
        # Nobody ever knows this password: the account signs in only through the token.
        password=secrets.token_urlsafe(48),
    )
    four_eyes = needs_second_administrator(scopes)
    token = ServiceToken.objects.create(
        agency=agency, name=name, principal=principal, prefix=prefix,
        secret_hash=hash_secret(raw), scopes=scopes, created_by=actor,
        expires_at=expires_at, status=_S.PENDING if four_eyes else _S.APPROVED,
    )
    audit.record(action="api.token_issued", actor=actor, object_type=OBJECT_TYPE,
                 object_id=token.pk, purpose=Purpose.ADMINISTRATION,
                 details={"agency": agency.code, "name": name, "scopes": scopes,
                          "prefix": prefix, "expires_at": expires_at.isoformat(),
                          "principal": principal.get_username(),
                          "status": token.status})
    if four_eyes:
        _tell(ISSUED, token, actor)
    return token, raw


def _tell(event: str, token: ServiceToken, actor) -> None:
    """Tell the agency's supervisors (in the caller's transaction: no token event
    without its notice). Names the token, its agency and scopes; no personal data."""
    recipients = accounts_selectors.supervisors_for(
        agency=token.agency, exclude={token.principal_id, getattr(actor, "pk", None)})
    if not recipients:
        return
    params = {"name": token.name,
              "agency": {"en": token.agency.name_en, "ur": token.agency.name_ur or
                         token.agency.name_en},
              "scopes": ", ".join(token.scopes), "actor": str(actor or "—")}
    notices.send_notice(kind=TOKEN_NOTICE_KINDS[event], params=params,
                        to_users=recipients, object_type=OBJECT_TYPE, object_id=token.pk,
                        reference=f"token-{token.prefix}-{event}",
                        sender=actor if event != FIRST_USE else None)


@transaction.atomic
def approve_token(*, actor, token: ServiceToken) -> ServiceToken:
    """The second administrator's approval: calls with the token are accepted from now
    on, and the agency's supervisors are told. Refuses an actor who may not manage the
    agency's tokens (403), the administrator who issued it (``NotAnApprover``), and a
    token that is not waiting for approval (``TokenRefused``); ``policy.approve_token``
    decides."""
    token = ServiceToken.objects.select_related("agency").get(pk=token.pk)
    if not permissions.can(actor, "api.approve_token", token):
        # The rule decided; say why, most fundamental reason first.
        permissions.require(actor, "api.manage_tokens", token.agency)
        if actor.pk == token.created_by_id:
            raise NotAnApprover(fields={"token": NotAnApprover.message})
        message = _("This token is not waiting for approval.")
        raise TokenRefused(message, fields={"token": message})
    approved = audit.transition(
        token, lifecycle=SERVICE_TOKEN, to=_S.APPROVED, actor=actor,
        action="api.token_approved", object_type=OBJECT_TYPE,
        purpose=Purpose.ADMINISTRATION,
        details={"agency": token.agency.code, "prefix": token.prefix,
                 "scopes": token.scopes, "issued_by": token.created_by_id},
        extra={"approved_by": actor, "approved_at": timezone.now()})
    _tell(APPROVED, approved, actor)
    return approved


@transaction.atomic
def revoke_token(*, actor, token: ServiceToken, reason: str) -> ServiceToken:
    """Revoke a token at once, in force or still waiting for approval (every later
    call with it is refused). Audited; refuses an actor who may not manage the agency's
    tokens, a missing reason and a token already revoked."""
    token = ServiceToken.objects.select_related("agency").get(pk=token.pk)
    permissions.require(actor, "api.manage_tokens", token.agency)
    problems = validation.Problems()
    reason = problems.check("reason", validation.free_text, reason, max_length=500,
                            default="")
    if token.status == _S.REVOKED:
        raise TokenRefused(_("This token is already revoked."),
                           fields={"token": _("This token is already revoked.")})
    if not reason and not problems:
        problems.add("reason", _("Say why the token is revoked."))
    problems.raise_if_any(TokenRefused)
    return audit.transition(
        token, lifecycle=SERVICE_TOKEN, to=_S.REVOKED, actor=actor,
        action="api.token_revoked", object_type=OBJECT_TYPE,
        purpose=Purpose.ADMINISTRATION, reason=reason,
        details={"agency": token.agency.code, "prefix": token.prefix},
        extra={"revoked_at": timezone.now(), "revoked_by": actor, "revoke_reason": reason})


@transaction.atomic
def record_token_use(*, token: ServiceToken, principal, method: str, path: str) -> None:
    """Audit one authenticated call made with ``token`` (actor: its service account,
    with the token's agency) and note when it was last used. The first call with a
    token approved by a second administrator is noted once (``api.token_first_used``)
    and the agency's supervisors are told."""
    now = timezone.now()
    ServiceToken.objects.filter(pk=token.pk).update(last_used_at=now)
    audit.record(action="api.token_used", actor=principal, object_type=OBJECT_TYPE,
                 object_id=token.pk,
                 details={"prefix": token.prefix, "method": method, "path": path[:300]})
    if token.first_used_at is None and token.approved_by_id is not None and (
            ServiceToken.objects.filter(pk=token.pk, first_used_at__isnull=True)
            .update(first_used_at=now)):
        token.first_used_at = now
        audit.record(action="api.token_first_used", actor=principal,
                     object_type=OBJECT_TYPE, object_id=token.pk,
                     purpose=Purpose.ADMINISTRATION,
                     details={"prefix": token.prefix, "scopes": token.scopes})
        _tell(FIRST_USE, token, principal)


@transaction.atomic
def record_token_refused(*, token: ServiceToken, why: str, client: str = "") -> bool:
    """Audit calls refused for a known token (wrong secret, expired, revoked, awaiting
    approval), one event per token and reason per refusal window
    (API_TOKEN_REFUSAL_WINDOW_SECONDS): the first refusal of a window writes the event;
    later ones only count (in the cache), and the next event carries that count as
    ``coalesced`` (refusals not written since the previous event). Returns whether an
    event was written."""
    key = f"api:token-refused-audit:{token.pk}:{re.sub(r'[^a-z]+', '-', why)}"
    if not cache.add(f"{key}:open", 1, timeout=throttling.refusal_window_seconds()):
        cache.add(f"{key}:count", 0, timeout=_COALESCED_KEEP_SECONDS)
        cache.incr(f"{key}:count")
        return False
    coalesced = cache.get(f"{key}:count", 0)
    cache.delete(f"{key}:count")
    audit.record(action="api.token_refused", actor=None, object_type=OBJECT_TYPE,
                 object_id=token.pk, reason=why,
                 details={"prefix": token.prefix, "agency": token.agency.code,
                          "client": client, "coalesced": coalesced})
    return True


def remember_response(*, principal, key: str, request_hash: str, method: str, path: str,
                      status_code: int, body) -> IdempotencyRecord:
    """Keep the answer to an idempotent POST. Called inside the caller's transaction,
    the one that made the write, so the answer and the write commit together."""
    return IdempotencyRecord.objects.create(
        principal=principal, key=key, request_hash=request_hash, method=method,
        path=path[:300], status_code=status_code, response_body=body)


@transaction.atomic
def record_replay(*, record: IdempotencyRecord) -> None:
    """Audit that a stored answer was sent again for a retried request."""
    audit.record(action="api.request_replayed", actor=record.principal,
                 object_type="api.idempotency", object_id=record.pk,
                 details={"method": record.method, "path": record.path,
                          "first_answered_at": record.created_at.isoformat()})


def forget_response(*, record: IdempotencyRecord) -> None:
    """Drop an expired answer so its key can be used again."""
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


@transaction.atomic
def purge_expired_responses(*, older_than: datetime) -> int:
    """Delete answers kept for idempotency before ``older_than``; returns the count."""
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=older_than).delete()
    return deleted
