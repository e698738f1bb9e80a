"""Declared lifecycles: every status field's allowed transitions, in one table each.

An app declares a lifecycle next to its model (in ``<app>/lifecycles.py``)::

    SHELTER_REFERRAL = lifecycle.declare(
        "crisis_cells.shelter_referral", ShelterReferral, field="status",
        transitions={
            ShelterReferral.Status.REQUESTED: {ShelterReferral.Status.ACCEPTED,
                                               ShelterReferral.Status.DECLINED},
            ShelterReferral.Status.ACCEPTED: {ShelterReferral.Status.PLACED},
        })

and changes a status only through ``audit.services.transition(obj, lifecycle=...,
to=..., actor=..., action=...)``, which checks the table, writes the new status and
its audit event in one transaction, and refuses anything else with
``core.errors.IllegalTransition`` naming the current and the requested state. States
that appear only as targets are final. ``LIFECYCLES`` lists every declared lifecycle
(the table-driven tests walk it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hifazat.core.errors import IllegalTransition


@dataclass(frozen=True)
class Lifecycle:
    name: str
    model: type
    field: str
    transitions: Mapping[str, frozenset[str]]

    @property
    def states(self) -> list[str]:
        choices = self.model._meta.get_field(self.field).choices or []
        return [value for value, _label in choices]

    def label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.field).choices or [])
        return str(choices.get(state, state))

    def allowed_from(self, current: str) -> frozenset[str]:
        return self.transitions.get(str(current), frozenset())

    def is_allowed(self, current: str, requested: str) -> bool:
        return str(requested) in self.allowed_from(current)

    def check(self, current: str, requested: str) -> None:
        """Refuse a transition the table does not hold (including to the same state)."""
        if not self.is_allowed(current, requested):
            raise IllegalTransition(current_label=self.label(current),
                                    requested_label=self.label(requested))

    def is_final(self, state: str) -> bool:
        return not self.allowed_from(state)


LIFECYCLES: dict[str, Lifecycle] = {}


def declare(name: str, model: type, *, field: str,
            transitions: Mapping[str, Iterable[str]]) -> Lifecycle:
    """Declare (once) the allowed transitions of ``model.field``. Every state named must
    be one of the field's choices: a typo fails at start-up, not at 3 a.m."""
    table = {str(k): frozenset(str(v) for v in targets) for k, targets in transitions.items()}
    declared = Lifecycle(name, model, field, table)
    known = set(declared.states)
    named = set(table) | {s for targets in table.values() for s in targets}
    unknown = named - known
    if unknown:
        raise ValueError(f"lifecycle {name}: unknown states {sorted(unknown)}")
    existing = LIFECYCLES.get(name)
    if existing is not None and existing != declared:
        raise ValueError(f"lifecycle {name} declared twice")
    LIFECYCLES[name] = declared
    return declared
