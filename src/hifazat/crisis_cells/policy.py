"""Who may do what in a crisis cell. The only place that decides.

Need to know: a survivor's case is seen only by the staff of the cell holding it (the
cell is the user's own agency, and the role is held at that cell's facility). Within
the cell, clinical work belongs to clinicians, the medico-legal examination to the
women medico-legal officer (a cell doctor may examine a survivor who is not female),
counselling to counsellors, legal work to legal advisers, and approvals to the
in-charge. Nobody outside the cell — police, prosecutors, NPB, committee analysts, the
system or agency administrator — sees a case or an identity; police receive only the
case code with an FIR referral.

``ACTIONS`` is the table: action -> roles that may do it at their own cell (the
policy test checks every role against every action).
"""

from __future__ import annotations

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import permissions

CELL_KINDS = frozenset({AgencyKind.CRISIS_CELL, AgencyKind.VAWC_CENTRE})
DOCTOR, WMLO = Role.CELL_DOCTOR, Role.WMLO
COUNSELLOR, LEGAL, IN_CHARGE = Role.CELL_COUNSELLOR, Role.CELL_LEGAL_ADVISER, Role.CELL_IN_CHARGE
CELL_STAFF = frozenset({DOCTOR, WMLO, COUNSELLOR, LEGAL, IN_CHARGE})
CLINICIANS = frozenset({DOCTOR, WMLO, IN_CHARGE})

ACTIONS: dict[str, frozenset[str]] = {
    "crisis_cells.open_case": CELL_STAFF,
    "crisis_cells.view_dashboard": CELL_STAFF,
    "crisis_cells.view_case": CELL_STAFF,
    # Act: identity is known only inside the cell; every view audited (selectors).
    "crisis_cells.view_identity": CELL_STAFF,
    "crisis_cells.update_case": CELL_STAFF,
    "crisis_cells.record_consent": CELL_STAFF,
    "crisis_cells.record_medical": CLINICIANS,
    "crisis_cells.examine": frozenset({WMLO, DOCTOR}),  # doctor: not for a female survivor
    "crisis_cells.handle_evidence": CLINICIANS,
    "crisis_cells.record_counselling": frozenset({COUNSELLOR, IN_CHARGE}),
    "crisis_cells.record_legal": frozenset({LEGAL, IN_CHARGE}),
    "crisis_cells.record_mediation": frozenset({COUNSELLOR, LEGAL, IN_CHARGE}),
    "crisis_cells.record_follow_up": CELL_STAFF,
    "crisis_cells.record_cyber": CELL_STAFF,
    "crisis_cells.refer_fir": CELL_STAFF,
    "crisis_cells.share_with_prosecution": frozenset({LEGAL, IN_CHARGE}),
    "crisis_cells.request_closure": CELL_STAFF,
    "crisis_cells.approve_closure": frozenset({IN_CHARGE}),
    "crisis_cells.assign": frozenset({IN_CHARGE}),
    "crisis_cells.request_transfer": frozenset({IN_CHARGE}),
    # Decided by the in-charge of the *receiving* cell (obj is the CaseTransfer).
    "crisis_cells.decide_transfer": frozenset({IN_CHARGE}),
    # The duty roster (obj: the cell's Agency or one of its DutyShifts): every member of
    # staff sees who is on call; the in-charge plans it.
    "crisis_cells.view_roster": CELL_STAFF,
    "crisis_cells.manage_roster": frozenset({IN_CHARGE}),
    # "Has she been here before?": search every cell's cases by the blind index of a
    # CNIC or phone (selectors.find_returning). The staff who open cases (open_case),
    # at their own cell; her cases at other cells are shown without identity or code.
    # Every search and every refusal audited.
    "crisis_cells.find_returning": CELL_STAFF,
}


def cell_of(user):
    """The user's cell (an Agency of a cell kind), or None."""
    agency = getattr(user, "agency", None)
    if agency is None or agency.kind not in CELL_KINDS:
        return None
    return agency


def cell_roles(user) -> frozenset[str]:
    """Cell roles the user holds at their own cell's facility (in force now)."""
    agency = cell_of(user)
    if agency is None:
        return frozenset()
    return frozenset(
        a.role for a in user.active_roles()
        if a.role in CELL_STAFF and a.facility_id is not None
        and a.facility_id == agency.facility_id
    )


def _cell_id_of(obj):
    """The cell an object belongs to: the cell itself, a case, anything with a ``case``,
    or a transfer's receiving cell. None for "may the user do this at all"."""
    if obj is None:
        return None
    if getattr(getattr(obj, "_meta", None), "label", "") == "accounts.Agency":
        return obj.pk
    if hasattr(obj, "to_cell_id"):
        return obj.to_cell_id
    if hasattr(obj, "cell_id"):
        return obj.cell_id
    case = getattr(obj, "case", None)
    return getattr(case, "cell_id", None)


def allowed(user, action: str, obj=None) -> bool:
    roles = cell_roles(user) & ACTIONS[action]
    if not roles:
        return False
    if obj is not None and _cell_id_of(obj) != user.agency_id:
        return False
    if action == "crisis_cells.examine" and obj is not None and WMLO not in roles:
        # Act: a female survivor is examined by a women medico-legal officer.
        case = getattr(obj, "case", obj)
        return getattr(case, "sex", "F") != "F"
    return True


def examination_needs_wmlo(user, case) -> bool:
    """True when the user may examine survivors, but not this one: she is female and
    the user is not a women medico-legal officer (the rule in ``allowed``). The screen
    then explains the rule and offers to hand the examination to a WMLO instead of a
    bare 403."""
    roles = cell_roles(user) & ACTIONS["crisis_cells.examine"]
    return (bool(roles) and WMLO not in roles and _cell_id_of(case) == user.agency_id
            and not allowed(user, "crisis_cells.examine", case))


def _register(action: str):
    permissions.rule(action)(lambda user, obj, _a=action: allowed(user, _a, obj))


for _action in ACTIONS:
    _register(_action)


# Cyber-harassment evidence files (screenshots, recordings; often intimate images) are
# opened only by who must act on them: the in-charge, the legal adviser (the PECA
# complaint, the prosecution), and the staff member the case is assigned to.
EVIDENCE_DOWNLOADERS = frozenset({LEGAL, IN_CHARGE})


@permissions.rule("crisis_cells.download_cyber_evidence")
def download_cyber_evidence(user, obj) -> bool:
    """At the cell holding the case: the in-charge, the legal adviser, or the staff
    member the case is assigned to. ``obj`` is a case or one of its evidence files."""
    roles = cell_roles(user)
    if obj is None:
        return bool(roles)
    report = getattr(obj, "report", None)
    case = report.case if report is not None else obj
    if not roles or case.cell_id != user.agency_id:
        return False
    return bool(roles & EVIDENCE_DOWNLOADERS) or (
        case.assigned_to_id is not None and case.assigned_to_id == user.pk)


@permissions.scope("crisis_cells.view_case")
def cases_in_scope(user, queryset):
    """Only the cases held by the user's own cell."""
    if not cell_roles(user):
        return queryset.none()
    return queryset.filter(cell_id=user.agency_id)


# --- the justice case's prosecutor and investigating officer ------------------------------
# Outside the cell, two people may read part of a survivor's case, read-only and each read
# audited (access.access_shared_records): the prosecutor of the court case her referral
# led to sees the medico-legal report and the evidence list, with her current consent to
# sharing with prosecution; its investigating officer sees the forensic evidence, its
# chain of custody and the laboratory's results, with her current consent to reporting to
# police. ``obj`` is the SurvivorCase; withdrawn consent closes the page at once.

def _shared_with(user, case, *, role: str, holds, use: str) -> bool:
    from hifazat.crisis_cells import selectors

    if case is None:
        return user.has_role(role)
    return bool(holds(user, case.pk)) and selectors.has_consent(case, use)


@permissions.rule("crisis_cells.view_records_for_prosecution")
def view_records_for_prosecution(user, case) -> bool:
    from hifazat.crisis_cells.models import ConsentUse
    from hifazat.justice import selectors as justice

    return _shared_with(user, case, role=Role.PROSECUTOR, holds=justice.prosecutes,
                        use=ConsentUse.PROSECUTION_SHARING)


@permissions.rule("crisis_cells.view_records_for_investigation")
def view_records_for_investigation(user, case) -> bool:
    from hifazat.crisis_cells.models import ConsentUse
    from hifazat.justice import selectors as justice

    return _shared_with(user, case, role=Role.INVESTIGATING_OFFICER,
                        holds=justice.investigates, use=ConsentUse.POLICE_REPORT)
