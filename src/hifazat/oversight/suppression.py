"""Small-cell suppression for every published count: primary and secondary, consistent
across all the tables of one publication (one page, one export, one period).

The published numbers form one *system*: ``values`` maps a key to a count, and each
``Line`` says that some published counts (``parts``) add up to another (``total``): a
row and its row total, a column and its column total, convicted + acquitted = decided.
A count that appears in several tables (a district's cases, say) has ONE key, so it is
suppressed in all of them or in none.

* **Primary**: every count from 1 to ``THRESHOLD - 1`` (1–4) is shown as "<5".
* **Secondary**: a line with exactly one suppressed member would give it away (total
  minus the others), so the smallest other count of that line is suppressed too (shown
  as "x"); repeated until stable.
* **Audit**: the attacker knows every published number, that a "<5" is 1–4 and that an
  "x" is 0 or at least 5. ``attack`` tightens each suppressed count's interval through
  every line until nothing changes; while any "<5" is pinned to one value, another
  count of a line through it is suppressed and the audit runs again.

Interval propagation over all lines is what a spreadsheet user can do with totals; an
exact linear-programming audit (τ-ARGUS) can be tighter on large multi-way tables —
see ``docs/oversight.md``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

THRESHOLD = 5
PRIMARY = "primary"
SECONDARY = "secondary"
SMALL = "<5"
HIDDEN = "x"
_BIG = 10**12


@dataclass(frozen=True)
class Line:
    parts: tuple
    total: Hashable

    @property
    def members(self) -> tuple:
        return (*self.parts, self.total)


def line(parts: Iterable, total: Hashable) -> Line:
    return Line(tuple(parts), total)


def is_small(n: int) -> bool:
    return 0 < n < THRESHOLD


def _tighten(lo: int, hi: int, kind: str) -> tuple[int, int]:
    if kind == PRIMARY:
        return max(lo, 1), min(hi, THRESHOLD - 1)
    # A secondary count is 0 or at least THRESHOLD (a 1–4 would have been "<5").
    if 0 < lo < THRESHOLD:
        lo = THRESHOLD
    if 0 < hi < THRESHOLD:
        hi = 0
    return lo, hi


def attack(published: dict, kinds: dict, lines: Iterable[Line]) -> dict:
    """What an attacker can infer: for each suppressed key, its (lo, hi) interval after
    propagating every line to a fixed point. ``published`` holds the shown numbers
    (suppressed keys may be absent or None).

    Propagation runs from a work list: only lines through a suppressed count can tighten
    anything, and a line is looked at again only when one of its members' intervals
    changed (the fixed point of these narrowing steps does not depend on their order)."""
    bounds = {}
    for key, kind in kinds.items():
        bounds[key] = _tighten(0, _BIG, kind)
    for key, value in published.items():
        if key not in kinds and value is not None:
            bounds[key] = (value, value)
    active = [ln for ln in lines if all(m in bounds for m in ln.members)
              and any(m in kinds for m in ln.members)]
    through: dict = {}
    for i, ln in enumerate(active):
        for m in ln.members:
            through.setdefault(m, []).append(i)
    queue, queued = deque(range(len(active))), set(range(len(active)))
    steps, limit = 0, 1000 * max(1, len(active))
    while queue and steps < limit:
        i = queue.popleft()
        queued.discard(i)
        steps += 1
        ln = active[i]
        lo_parts = sum(bounds[p][0] for p in ln.parts)
        hi_parts = sum(bounds[p][1] for p in ln.parts)
        t_lo, t_hi = bounds[ln.total]
        updates = {ln.total: (max(t_lo, lo_parts), min(t_hi, hi_parts))}
        for p in ln.parts:
            p_lo, p_hi = bounds[p]
            others_lo = lo_parts - p_lo
            others_hi = hi_parts - p_hi
            updates[p] = (max(p_lo, t_lo - others_hi), min(p_hi, t_hi - others_lo))
        for key, (lo, hi) in updates.items():
            if key in kinds:
                lo, hi = _tighten(lo, hi, kinds[key])
            if (lo, hi) != bounds[key] and lo <= hi:
                bounds[key] = (lo, hi)
                for j in through[key]:
                    if j not in queued:
                        queued.add(j)
                        queue.append(j)
    return {key: bounds[key] for key in kinds}


def _candidate(ln: Line, values: dict, kinds: dict, known: frozenset = frozenset()):
    """The smallest unsuppressed count of the line: parts before the total, a non-zero
    count before a zero; never a count the reader knows anyway (``known``: a part of a
    line whose total is 0, or a total of 0)."""
    free = [m for m in ln.members if m not in kinds and m in values and m not in known]
    if not free:
        return None
    return min(free, key=lambda m: (m == ln.total, values[m] == 0, values[m], str(m)))


def suppress(values: dict, lines: Iterable[Line]) -> dict:
    """``{key: PRIMARY | SECONDARY}`` for every count to hide."""
    lines = [ln for ln in lines if all(m in values for m in ln.members)]
    kinds = {key: PRIMARY for key, n in values.items() if is_small(n)}
    known = frozenset(m for ln in lines if values[ln.total] == 0 for m in ln.members)
    by_key: dict = {}
    for ln in lines:
        for m in ln.members:
            by_key.setdefault(m, []).append(ln)
    for _ in range(10_000):
        changed = True
        while changed:
            changed = False
            for ln in lines:
                hidden = [m for m in ln.members if m in kinds]
                if len(hidden) == 1:
                    pick = _candidate(ln, values, kinds, known)
                    if pick is not None:
                        kinds[pick] = SECONDARY
                        changed = True
        published = {k: v for k, v in values.items() if k not in kinds}
        bounds = attack(published, kinds, lines)
        exposed = [k for k, kind in kinds.items()
                   if kind == PRIMARY and bounds[k][0] == bounds[k][1]]
        if not exposed:
            return kinds
        added = False
        for key in exposed:
            for ln in by_key.get(key, []):
                pick = _candidate(ln, values, kinds, known)
                if pick is not None:
                    kinds[pick] = SECONDARY
                    added = True
                    break
        if not added:  # every line through it is hidden already: hide its neighbours
            for key in exposed:
                for ln in by_key.get(key, []):
                    for m in ln.members:
                        for other in by_key.get(m, []):
                            pick = _candidate(other, values, kinds, known)
                            if pick is not None:
                                kinds[pick] = SECONDARY
                                added = True
            if not added:
                return kinds
    return kinds


def shown(value, kind: str | None):
    """A published cell: the count, "<5" (primary) or "x" (secondary)."""
    if kind == PRIMARY:
        return SMALL
    if kind == SECONDARY:
        return HIDDEN
    return value
