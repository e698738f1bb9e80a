"""Small-cell suppression (oversight/suppression.py): primary "<5", secondary so that no
"<5" can be worked out from row totals, column totals or another table of the same
publication — checked by an attacker who knows every published number."""

from __future__ import annotations

import itertools
import random

from hifazat.oversight import suppression as s


def _grid(rows: list[list[int]], name="t"):
    """A crosstab with row totals, column totals and a grand total, as one system."""
    values, lines = {}, []
    for i, row in enumerate(rows):
        for j, n in enumerate(row):
            values[(name, i, j)] = n
        values[(name, i, "*")] = sum(row)
        lines.append(s.line([(name, i, j) for j in range(len(row))], (name, i, "*")))
    for j in range(len(rows[0])):
        values[(name, "*", j)] = sum(r[j] for r in rows)
        lines.append(s.line([(name, i, j) for i in range(len(rows))], (name, "*", j)))
    values[(name, "*", "*")] = sum(map(sum, rows))
    lines.append(s.line([(name, i, "*") for i in range(len(rows))], (name, "*", "*")))
    lines.append(s.line([(name, "*", j) for j in range(len(rows[0]))], (name, "*", "*")))
    return values, lines


def _published(values, kinds):
    return {k: v for k, v in values.items() if k not in kinds}


def _recovered(values, kinds, lines) -> list:
    """Primary cells the interval attacker pins to one value."""
    bounds = s.attack(_published(values, kinds), kinds, lines)
    return [k for k, kind in kinds.items() if kind == s.PRIMARY
            and bounds[k][0] == bounds[k][1]]


def test_counts_one_to_four_are_primary_and_shown_as_less_than_five():
    values, lines = _grid([[3, 10, 7], [8, 12, 20]])
    kinds = s.suppress(values, lines)
    assert kinds[("t", 0, 0)] == s.PRIMARY
    assert s.shown(3, kinds[("t", 0, 0)]) == "<5"
    assert s.shown(0, None) == 0 and s.shown(12, None) == 12
    assert all(kinds.get(k) != s.PRIMARY for k, v in values.items() if v == 0 or v >= 5)


def test_a_lone_suppressed_cell_in_a_row_or_column_gets_a_partner():
    values, lines = _grid([[3, 10, 7], [8, 12, 20]])
    kinds = s.suppress(values, lines)
    for ln in lines:
        hidden = [m for m in ln.members if m in kinds]
        assert len(hidden) != 1, ln
    # The partner in row 0 is the next-smallest count of that row.
    assert kinds[("t", 0, 2)] == s.SECONDARY
    assert s.shown(7, s.SECONDARY) == "x"


def test_attacker_cannot_recover_a_suppressed_count_from_the_totals():
    values, lines = _grid([[3, 10, 7], [8, 12, 20]])
    # Without secondary suppression the attacker subtracts: 20 - 10 - 7 = 3.
    naive = {k: s.PRIMARY for k, v in values.items() if s.is_small(v)}
    assert _recovered(values, naive, lines) == [("t", 0, 0)]
    kinds = s.suppress(values, lines)
    assert _recovered(values, kinds, lines) == []


def test_interval_attack_on_a_small_partner_is_defeated():
    # Row 0: 1 + 5 = 6. Hiding 1 and 5 alone: 5 is "x" (0 or ≥5) and 1 is "<5", so
    # x = 6 - y with y in 1..4 gives x in 2..5, i.e. x = 5 and y = 1. The audit adds more.
    values, lines = _grid([[1, 5, 30], [9, 40, 50]])
    kinds = s.suppress(values, lines)
    assert _recovered(values, kinds, lines) == []


def test_brute_force_attacker_finds_several_solutions():
    """Every assignment of the hidden cells that fits every published number: each
    primary cell must take at least two values across them."""
    values, lines = _grid([[2, 9, 15], [10, 12, 20]])
    kinds = s.suppress(values, lines)
    hidden = sorted(kinds, key=str)
    published = _published(values, kinds)

    def domain(k):
        if kinds[k] == s.PRIMARY:
            return range(1, 5)
        bound = min(published.get(ln.total, 10**6) for ln in lines if k in ln.parts)
        return [0, *range(5, bound + 1)]

    seen = {k: set() for k in hidden}
    domains = [domain(k) for k in hidden]
    assert 2 <= len(hidden) <= 4
    for combo in itertools.product(*domains):
        trial = {**published, **dict(zip(hidden, combo, strict=True))}
        if all(sum(trial[p] for p in ln.parts) == trial[ln.total] for ln in lines):
            for k, v in zip(hidden, combo, strict=True):
                seen[k].add(v)
    assert values[("t", 0, 0)] in seen[("t", 0, 0)]
    for k, kind in kinds.items():
        if kind == s.PRIMARY:
            assert len(seen[k]) >= 2, (k, seen[k])


def _inherently_disclosive(values, lines) -> bool:
    """A total of 1–4 with four or more parts of 1–4: every part must be 1, whatever is
    hidden (the "<5" convention itself says so; docs/oversight.md)."""
    return any(s.is_small(values[ln.total])
               and sum(s.is_small(values[p]) for p in ln.parts) >= 4 for ln in lines)


def test_random_tables_resist_the_attacker():
    rng = random.Random(14)
    checked = 0
    for _ in range(200):
        rows = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 35]) for _ in range(4)]
                for _ in range(rng.randint(2, 5))]
        values, lines = _grid(rows)
        if _inherently_disclosive(values, lines):
            continue
        checked += 1
        kinds = s.suppress(values, lines)
        assert _recovered(values, kinds, lines) == [], rows
        for ln in lines:
            assert len([m for m in ln.members if m in kinds]) != 1, (rows, ln)
    assert checked > 100


def test_a_count_shared_by_two_tables_is_hidden_in_both():
    """A district's total appears in the type table and the age table: one key, so a
    partner chosen in one table protects it in the other as well."""
    a_values, a_lines = _grid([[3, 10], [9, 12]], name="type")
    b_values, b_lines = _grid([[6, 7], [4, 17]], name="age")
    values = {**a_values, **b_values}
    lines = a_lines + b_lines
    # Same district totals: alias the row totals of both tables to one key.
    for i in (0, 1):
        shared = ("cases", i)
        values[shared] = values.pop(("type", i, "*"))
        assert values.pop(("age", i, "*")) == values[shared]
    values[("cases", "*")] = values.pop(("type", "*", "*"))
    values.pop(("age", "*", "*"))

    def rename(k):
        if k in {("type", 0, "*"), ("age", 0, "*")}:
            return ("cases", 0)
        if k in {("type", 1, "*"), ("age", 1, "*")}:
            return ("cases", 1)
        if k in {("type", "*", "*"), ("age", "*", "*")}:
            return ("cases", "*")
        return k

    lines = [s.line([rename(p) for p in ln.parts], rename(ln.total)) for ln in lines]
    kinds = s.suppress(values, lines)
    assert _recovered(values, kinds, lines) == []
    for ln in lines:
        assert len([m for m in ln.members if m in kinds]) != 1


def test_outcome_line_protects_a_small_acquittal_count():
    values = {"convicted": 20, "acquitted": 2, "decided": 22}
    lines = [s.line(["convicted", "acquitted"], "decided")]
    kinds = s.suppress(values, lines)
    assert kinds["acquitted"] == s.PRIMARY and len(kinds) == 2
    assert _recovered(values, kinds, lines) == []


def test_a_zero_the_reader_already_knows_is_never_the_partner():
    # Column 1 adds up to 0, so both its cells are known to be 0: hiding one protects
    # nothing. The partner of the 3 must be a count the reader cannot work out.
    values, lines = _grid([[3, 0, 9], [6, 0, 12]])
    kinds = s.suppress(values, lines)
    assert ("t", 0, 1) not in kinds and ("t", 1, 1) not in kinds
    assert _recovered(values, kinds, lines) == []
