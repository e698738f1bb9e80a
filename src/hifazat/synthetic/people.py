"""The one generator of synthetic Pakistani-style people (demo, tests, identity benchmarks).

Every value comes from a private ``random.Random(seed)``: the same seed and the same calls
give the same people, in any process (nothing depends on ``hash()`` or set order, and the
global ``random`` module is never touched). ``variant_of`` writes the same person as
another register would (transliteration, dropped or abbreviated "Muhammad", titles,
typos, year-only or 1-January birth dates, swapped day and month, missing or mistyped
CNIC, moved district, Urdu script) and keeps ``person_id`` so benchmarks know the truth;
``sibling_of`` and ``namesake_of`` make the hard negatives. Never real people.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Generic, NamedTuple, TypeVar

from hifazat.synthetic import geography as geo
from hifazat.synthetic.names import (
    FEMALE_COMPOUND_NAMES,
    FEMALE_GIVEN_NAMES,
    HONORIFICS,
    MALE_COMPOUND_NAMES,
    MALE_GIVEN_NAMES,
    MUHAMMAD,
    MUHAMMAD_ABBREVIATIONS,
    MUHAMMAD_FORMS,
    MUHAMMAD_UR,
    RELATIONS,
    SURNAMES,
    Honorific,
    Name,
    Surname,
)

DEFAULT_DISTRICTS = geo.DEFAULT_DISTRICTS
TODAY = date(2026, 11, 1)
"""The fixed "today" every age is computed against (never the wall clock)."""

SEXES: tuple[str, str] = ("M", "F")
DOB_PRECISIONS: tuple[str, ...] = ("day", "year", "jan1_default")
YEAR_ONLY_MONTH_DAY = (7, 1)
"""A ``dob_precision == "year"`` record stores 1 July of the year (only the year counts)."""


def cnic_formatted(cnic: str) -> str:
    """``"3520212345671"`` -> ``"35202-1234567-1"``; ``""`` (no CNIC) stays ``""``.

    Raises ``ValueError`` for anything that is not 13 digits (dashes are ignored).
    """
    digits = cnic.replace("-", "")
    if not digits:
        return ""
    if len(digits) != 13 or not digits.isdigit():
        raise ValueError(f"a CNIC has 13 digits, got {cnic!r}")
    return f"{digits[:5]}-{digits[5:12]}-{digits[12]}"


def _is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _honorific_ur(honorific: str) -> str:
    if not honorific or _is_arabic_script(honorific):
        return honorific
    return _HONORIFIC_UR.get(honorific.lower(), "")


@dataclass(frozen=True, slots=True)
class Person:
    """One synthetic record of a person, as one register wrote it.

    ``person_id`` is the ground truth: every ``variant_of`` a person shares it. ``cnic`` is
    13 digits or ``""`` (for minors it stands for the B-Form number, same format).
    ``father_name`` is always the father's name; a married woman recorded "w/o" has her
    husband's name in ``husband_name``. ``script`` is ``"urdu"`` when the register wrote
    the names in Urdu only (then the Latin name fields hold Urdu text too).
    """

    person_id: str
    sex: str
    given_name: str
    surname: str
    father_name: str
    honorific: str
    given_name_ur: str
    surname_ur: str
    father_name_ur: str
    cnic: str
    dob: date
    dob_precision: str
    district_code: str
    province_code: str
    address: str
    phone: str
    relation: str
    husband_name: str = ""
    husband_name_ur: str = ""
    script: str = "latin"

    def full_name(self, *, honorific: bool = True) -> str:
        """``"Muhammad Imran Khan"`` (with the title first when there is one)."""
        parts = (self.honorific if honorific else "", self.given_name, self.surname)
        return " ".join(p for p in parts if p)

    def relation_name(self) -> str:
        """The name after the relation marker: the husband's for "w/o", else the father's."""
        if self.relation == "w/o" and self.husband_name:
            return self.husband_name
        return self.father_name

    def relation_name_ur(self) -> str:
        if self.relation == "w/o" and self.husband_name_ur:
            return self.husband_name_ur
        return self.father_name_ur

    def display_name(self) -> str:
        """``"Muhammad Imran s/o Ghulam Rasool"`` (Urdu marker when written in Urdu)."""
        marker = RELATIONS[self.relation] if self.script == "urdu" else self.relation
        return f"{self.full_name()} {marker} {self.relation_name()}"

    def full_name_ur(self, *, with_relation: bool = True) -> str:
        """``"محمد عمران خان ولد غلام رسول"`` (ولد / بنت / زوجہ)."""
        parts = [_honorific_ur(self.honorific), self.given_name_ur, self.surname_ur]
        name = " ".join(p for p in parts if p)
        if not with_relation:
            return name
        return f"{name} {RELATIONS[self.relation]} {self.relation_name_ur()}"

    def display_name_ur(self) -> str:
        """Same as ``full_name_ur()``."""
        return self.full_name_ur()

    def age(self, on: date = TODAY) -> int:
        """Completed years on ``on`` according to the recorded date of birth."""
        years = on.year - self.dob.year
        return years - ((on.month, on.day) < (self.dob.month, self.dob.day))


class District(NamedTuple):
    code: str
    province_code: str
    name: str
    city: str
    cnic_prefixes: tuple[str, ...]
    weight: float
    urban: bool


T = TypeVar("T")


class _Table(Generic[T]):
    """A weighted table drawn from with a given ``random.Random``."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("empty table")
        self.items = tuple(items)
        self.cum = tuple(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def _name_table(entries: Sequence[Name]) -> _Table[Name]:
    return _Table(entries, [e.weight for e in entries])


def _spelling_index(entries: Sequence[Name | Surname | Honorific]) -> dict[str, tuple[str, ...]]:
    """Every known spelling (lower-cased) -> all spellings of that name, canonical first.
    Canonical spellings win over another entry's variant."""
    index: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        index.setdefault(entry.latin.lower(), (entry.latin, *entry.variants))
    for entry in entries:
        for variant in entry.variants:
            index.setdefault(variant.lower(), (entry.latin, *entry.variants))
    return index


_MALE_SINGLE = _name_table(MALE_GIVEN_NAMES)
_MALE_PREFIXABLE = _name_table([n for n in MALE_GIVEN_NAMES if n.latin != MUHAMMAD])
_MALE_COMPOUND = _name_table(MALE_COMPOUND_NAMES)
_FEMALE_SINGLE = _name_table(FEMALE_GIVEN_NAMES)
_FEMALE_COMPOUND = _name_table(FEMALE_COMPOUND_NAMES)
_GIVEN_INDEX = _spelling_index(
    MALE_GIVEN_NAMES + FEMALE_GIVEN_NAMES + MALE_COMPOUND_NAMES + FEMALE_COMPOUND_NAMES
)
_SURNAME_INDEX = _spelling_index(SURNAMES)
_HONORIFIC_INDEX = _spelling_index(HONORIFICS)
_HONORIFIC_UR: dict[str, str] = {}
for _h in HONORIFICS:
    for _spelling in (_h.latin, *_h.variants):
        _HONORIFIC_UR.setdefault(_spelling.lower(), _h.urdu)
_HONORIFIC_BY_LATIN: dict[str, Honorific] = {h.latin: h for h in HONORIFICS}
_MUHAMMAD_FORMS_LOWER = tuple(f.lower() for f in MUHAMMAD_FORMS)

# Letters a Latin-script clerk confuses (sound-alikes and keyboard neighbours).
_LATIN_CONFUSIONS: dict[str, str] = {
    "a": "eiso", "b": "pvn", "c": "kxs", "d": "tsf", "e": "aiwr", "f": "phd", "g": "hfk",
    "h": "gj", "i": "eyuo", "j": "zhk", "k": "qcl", "l": "rk", "m": "nw", "n": "mb",
    "o": "uia", "p": "bo", "q": "kw", "r": "etl", "s": "zca", "t": "dry", "u": "oai",
    "v": "wb", "w": "vqe", "x": "zc", "y": "ieu", "z": "sx",
}
# Urdu letters that sound alike or look alike: each confuses with the others in its group.
_URDU_CONFUSABLE_GROUPS: tuple[str, ...] = (
    "زذظض", "سصث", "تطٹ", "حہھ", "کق", "اعآ", "یے", "نں", "رڑ", "دڈ",
)
_URDU_CONFUSIONS: dict[str, str] = {
    ch: group.replace(ch, "") for group in _URDU_CONFUSABLE_GROUPS for ch in group
}
# Urdu code points typed on an Arabic keyboard (look the same, compare different):
# Farsi yeh -> Arabic yeh, keheh -> kaf, heh goal -> heh, teh marbuta goal -> teh marbuta.
_ARABIC_KEYBOARD: dict[str, str] = {
    "\u06cc": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06c3": "\u0629",
}

# Variant changes of which a register makes at most one.
_EXCLUSIVE_CHANGES: tuple[frozenset[str], ...] = (
    frozenset({"cnic_missing", "cnic_digit", "cnic_transposed"}),
    frozenset({"dob_year_only", "dob_jan1", "dob_day_month_swap"}),
    frozenset({"drop_muhammad", "add_muhammad", "abbreviate_muhammad"}),
)

# Age bands (from, to, weight) for the convenience constructors.
_SURVIVOR_AGES_F = ((2, 5, 0.07), (6, 11, 0.2), (12, 15, 0.26), (16, 17, 0.13),
                    (18, 25, 0.21), (26, 40, 0.1), (41, 65, 0.03))
_SURVIVOR_AGES_M = ((2, 5, 0.12), (6, 11, 0.36), (12, 15, 0.3), (16, 17, 0.1),
                    (18, 30, 0.09), (31, 60, 0.03))
_OFFENDER_AGES = ((18, 24, 0.26), (25, 34, 0.34), (35, 44, 0.2), (45, 59, 0.15),
                  (60, 75, 0.05))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _with_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _city_of(code: str, name: str) -> str:
    if code in geo.CITY_OF_DISTRICT:
        return geo.CITY_OF_DISTRICT[code]
    words = name.split()
    while len(words) > 1 and words[-1] in ("North", "South", "East", "West", "Central"):
        words.pop()
    return " ".join(words)


class PeopleGenerator:
    """Deterministic source of synthetic people.

    ``districts`` is a list of ``(district_code, province_code, district_name)``; by
    default ``DEFAULT_DISTRICTS`` (23 real districts: four provinces, Islamabad, Gilgit).
    """

    def __init__(
        self, seed: int | str = 0, districts: Sequence[tuple[str, str, str]] | None = None
    ) -> None:
        # Synthetic test data, not security: a seeded, reproducible PRNG is the point.
        self._rng = random.Random(seed)  # noqa: S311
        self.seed = seed
        rows = DEFAULT_DISTRICTS if districts is None else tuple(districts)
        if not rows:
            raise ValueError("districts must not be empty")
        built = []
        for row in rows:
            if len(row) != 3:
                raise ValueError(f"a district is (code, province_code, name), got {row!r}")
            code, province, name = row
            built.append(District(
                code, province, name, _city_of(code, name),
                geo.cnic_prefixes_for(code, province),
                geo.DISTRICT_WEIGHTS.get(code, 1.0), code in geo.URBAN_DISTRICTS,
            ))
        self.districts: tuple[District, ...] = tuple(built)
        self._by_code = {d.code: d for d in self.districts}
        self._district_table = _Table(self.districts, [d.weight for d in self.districts])
        self._surname_tables: dict[str, _Table[Surname]] = {}
        self._counter = itertools.count(1)
        self._issued_cnics: set[str] = set()

    # --- public: new people ----------------------------------------------------------
    def person(
        self,
        sex: str | None = None,
        *,
        min_age: int = 0,
        max_age: int = 80,
        today: date = TODAY,
    ) -> Person:
        """A new person; ``sex`` "M"/"F" or None for either; age in [min_age, max_age],
        drawn from a young, Pakistan-like age pyramid."""
        if not 0 <= min_age <= max_age <= 110:
            raise ValueError(f"need 0 <= min_age <= max_age <= 110, got {min_age}, {max_age}")
        sex = self._sex(sex)
        ages = range(min_age, max_age + 1)
        weights = [max(0.05, 1 - a / 90) ** 1.5 for a in ages]
        age = self._rng.choices(ages, weights=weights)[0]
        return self._new_person(sex=sex, age=age, today=today)

    def people(self, n: int, **kw: object) -> Iterator[Person]:
        """``n`` new people (lazily), each ``person(**kw)``."""
        if n < 0:
            raise ValueError("n must be >= 0")
        for _ in range(n):
            yield self.person(**kw)  # type: ignore[arg-type]

    def survivor(self, *, sex: str | None = None, today: date = TODAY) -> Person:
        """A survivor as crisis cells see them: mostly girls and young women (85 % female,
        about two thirds under 18), boys mostly children."""
        sex = sex if sex is not None else ("F" if self._rng.random() < 0.85 else "M")
        sex = self._sex(sex)
        bands = _SURVIVOR_AGES_F if sex == "F" else _SURVIVOR_AGES_M
        return self._new_person(sex=sex, age=self._age_in_bands(bands), today=today)

    def offender(self, *, sex: str = "M", today: date = TODAY) -> Person:
        """An accused or convicted offender: an adult man, mostly 18 to 45."""
        sex = self._sex(sex)
        return self._new_person(sex=sex, age=self._age_in_bands(_OFFENDER_AGES), today=today)

    def sibling_of(self, person: Person, *, sex: str | None = None, today: date = TODAY) -> Person:
        """A brother or sister: same father, surname and district (often the same address
        and a CNIC close to theirs), a different given name, CNIC and usually birth date.
        The hardest negative for identity matching."""
        rng = self._rng
        sex = self._sex(sex)
        district = self._district_or_default(person.district_code)
        while True:
            given, given_ur = self._given_name(sex)
            if self._same_name(given, person.given_name) or given_ur == person.given_name_ur:
                continue
            break
        if rng.random() < 0.02:
            dob = person.dob  # twins
        else:
            gap = rng.choice((-8, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 8))
            dob = _with_year(person.dob, person.dob.year + gap)
            dob += timedelta(days=rng.randint(-150, 150))
            if dob > today:
                dob = _with_year(person.dob, person.dob.year - abs(gap))
        age = max(0, (today - dob).days // 365)
        dob, precision = self._recorded_dob(dob, age)
        surname = self._surname_entry(person.surname)
        honorific = self._draw_honorific(sex, age, surname, married=False)
        relation, husband, husband_ur = self._relation(sex, age, surname)
        if surname is not None and surname.kind == "syed" and person.honorific:
            honorific = "Syed" if sex == "M" else "Syeda"
        near = person.cnic if len(person.cnic) == 13 else None
        return Person(
            person_id=self._new_id(), sex=sex, given_name=given, surname=person.surname,
            father_name=person.father_name, honorific=honorific, given_name_ur=given_ur,
            surname_ur=person.surname_ur, father_name_ur=person.father_name_ur,
            cnic=self._new_cnic(sex, district, near=near), dob=dob, dob_precision=precision,
            district_code=person.district_code, province_code=person.province_code,
            address=person.address if rng.random() < 0.6 else self._address(district),
            phone=person.phone if rng.random() < 0.15 else self._phone(),
            relation=relation, husband_name=husband, husband_name_ur=husband_ur,
            script=person.script,
        )

    def namesake_of(self, person: Person, *, today: date = TODAY) -> Person:
        """Another person with the same given name and surname (and sex): a different
        father, birth date and CNIC; half the time in the same district."""
        rng = self._rng
        age_now = person.age(today)
        low, high = max(0, age_now - 15), min(90, age_now + 15)
        if age_now >= 18:
            low = max(low, 18)
        other = self._new_person(sex=person.sex, age=rng.randint(low, high), today=today)
        while self._same_name(other.father_name, person.father_name) or (
            other.father_name_ur == person.father_name_ur
        ):
            father, father_ur = self._father_name(self._surname_entry(person.surname))
            other = replace(other, father_name=father, father_name_ur=father_ur)
        while other.dob == person.dob:
            other = replace(other, dob=other.dob - timedelta(days=rng.randint(1, 400)))
        if rng.random() < 0.5:
            district = self._district_or_default(person.district_code)
            other = replace(
                other, district_code=district.code, province_code=district.province_code,
                address=self._address(district), cnic=self._new_cnic(person.sex, district),
            )
        return replace(
            other, given_name=person.given_name, given_name_ur=person.given_name_ur,
            surname=person.surname, surname_ur=person.surname_ur, script=person.script,
        )

    # --- public: the same person elsewhere --------------------------------------------
    def variant_of(
        self, person: Person, *, rng_strength: float = 0.5, urdu: bool = False
    ) -> Person:
        """The same person (same ``person_id``) as another register would write them.

        ``rng_strength`` in [0, 1] sets how many changes are made (1 at 0.0, up to 6 at
        1.0); at least one field always differs. ``urdu=True`` writes the names in Urdu
        script only (Latin name fields then hold Urdu too, ``script == "urdu"``).
        """
        return self.variant_with_changes(person, rng_strength=rng_strength, urdu=urdu)[0]

    def variant_with_changes(
        self, person: Person, *, rng_strength: float = 0.5, urdu: bool = False
    ) -> tuple[Person, tuple[str, ...]]:
        """``variant_of`` plus the names of the changes made, for benchmark diagnostics."""
        if not 0.0 <= rng_strength <= 1.0:
            raise ValueError("rng_strength must be in [0, 1]")
        rng = self._rng
        state = {f.name: getattr(person, f.name) for f in fields(Person)}
        ops = self._variant_ops(urdu=urdu)
        wanted = 1 + sum(rng.random() < rng_strength for _ in range(5))
        applied: list[str] = []
        while len(applied) < wanted and ops:
            names = list(ops)
            name = rng.choices(names, weights=[ops[n][0] for n in names])[0]
            _, op = ops.pop(name)
            if op(state):
                applied.append(name)
                for group in _EXCLUSIVE_CHANGES:  # one CNIC error, one DOB error, ...
                    if name in group:
                        for other in group:
                            ops.pop(other, None)
        if urdu:
            state.update(
                given_name=state["given_name_ur"], surname=state["surname_ur"],
                father_name=state["father_name_ur"], husband_name=state["husband_name_ur"],
                honorific=_honorific_ur(state["honorific"]), script="urdu",
            )
            applied.append("urdu_script")
        variant = Person(**state)
        if _same_record(variant, person):
            for name, op in (("typo", self._op_typo), ("cnic_missing", self._op_cnic_missing),
                             ("dob_year_off", self._op_dob_year_off)):
                if op(state):
                    applied.append(name)
                    break
            variant = Person(**state)
        return variant, tuple(applied)

    # --- internals: building people -----------------------------------------------------
    def _sex(self, sex: str | None) -> str:
        if sex is None:
            return self._rng.choice(SEXES)
        if sex not in SEXES:
            raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")
        return sex

    def _new_id(self) -> str:
        return f"P-{self.seed}-{next(self._counter):06d}"

    def _age_in_bands(self, bands: Sequence[tuple[int, int, float]]) -> int:
        low, high, _ = self._rng.choices(bands, weights=[b[2] for b in bands])[0]
        return self._rng.randint(low, high)

    def _new_person(self, *, sex: str, age: int, today: date) -> Person:
        district = self._district_table.pick(self._rng)
        surname = self._draw_surname(district.province_code)
        given, given_ur = self._given_name(sex)
        father, father_ur = self._father_name(surname)
        dob, precision = self._recorded_dob(self._dob_for_age(age, today), age)
        relation, husband, husband_ur = self._relation(sex, age, surname)
        honorific = self._draw_honorific(sex, age, surname, married=bool(husband))
        return Person(
            person_id=self._new_id(), sex=sex, given_name=given,
            surname=surname.latin if surname else "", father_name=father,
            honorific=honorific, given_name_ur=given_ur,
            surname_ur=surname.urdu if surname else "", father_name_ur=father_ur,
            cnic=self._new_cnic(sex, district), dob=dob, dob_precision=precision,
            district_code=district.code, province_code=district.province_code,
            address=self._address(district), phone=self._phone(), relation=relation,
            husband_name=husband, husband_name_ur=husband_ur,
        )

    def _given_name(self, sex: str) -> tuple[str, str]:
        rng = self._rng
        roll = rng.random()
        if sex == "M":
            if roll < 0.28:
                entry = _MALE_PREFIXABLE.pick(rng)
                return f"{MUHAMMAD} {entry.latin}", f"{MUHAMMAD_UR} {entry.urdu}"
            entry = (_MALE_COMPOUND if roll < 0.42 else _MALE_SINGLE).pick(rng)
        else:
            entry = (_FEMALE_COMPOUND if roll < 0.07 else _FEMALE_SINGLE).pick(rng)
        return entry.latin, entry.urdu

    def _father_name(self, surname: Surname | None) -> tuple[str, str]:
        rng = self._rng
        latin, urdu = self._given_name("M")
        if surname is not None and rng.random() < 0.35:
            latin, urdu = f"{latin} {surname.latin}", f"{urdu} {surname.urdu}"
        if rng.random() < 0.08:
            title = _HONORIFIC_BY_LATIN[rng.choice(("Haji", "Hafiz", "Mian", "Ch.", "Malik"))]
            latin, urdu = f"{title.latin} {latin}", f"{title.urdu} {urdu}"
        return latin, urdu

    def _surname_table(self, province: str) -> _Table[Surname]:
        table = self._surname_tables.get(province)
        if table is None:
            weights = []
            for s in SURNAMES:
                if not s.provinces:
                    factor = 1.0
                elif province in s.provinces:
                    factor = 2.5
                elif province == "IS":
                    factor = 0.6
                else:
                    factor = 0.1
                weights.append(s.weight * factor)
            table = self._surname_tables[province] = _Table(SURNAMES, weights)
        return table

    def _draw_surname(self, province: str) -> Surname | None:
        if self._rng.random() < 0.12:
            return None  # many Pakistanis have no family name: "Muhammad Imran s/o ..."
        return self._surname_table(province).pick(self._rng)

    def _surname_entry(self, surname: str) -> Surname | None:
        key = surname.lower()
        for s in SURNAMES:
            if s.latin.lower() == key or key in (v.lower() for v in s.variants):
                return s
        return None

    def _draw_honorific(
        self, sex: str, age: int, surname: Surname | None, *, married: bool
    ) -> str:
        rng = self._rng
        if surname is not None and surname.kind == "syed" and rng.random() < 0.6:
            return "Syed" if sex == "M" else "Syeda"
        if rng.random() >= 0.3:
            return ""
        if sex == "M" and surname is not None and surname.titles and rng.random() < 0.6:
            titles = [
                _HONORIFIC_BY_LATIN[t] for t in surname.titles
                if t in _HONORIFIC_BY_LATIN and _HONORIFIC_BY_LATIN[t].min_age <= age
            ]
            if titles:
                return rng.choice(titles).latin
        pool = [
            h for h in HONORIFICS
            if not h.family and h.sex in (sex, "*") and h.min_age <= age
            and (married or not h.married)
        ]
        if not pool:
            return ""
        return rng.choices(pool, weights=[h.weight for h in pool])[0].latin

    def _relation(self, sex: str, age: int, surname: Surname | None) -> tuple[str, str, str]:
        """(relation, husband_name, husband_name_ur) for a new record."""
        rng = self._rng
        if sex == "M":
            return "s/o", "", ""
        if age < 18:
            married_chance = 0.0
        elif age < 22:
            married_chance = 0.3
        elif age < 26:
            married_chance = 0.55
        elif age < 31:
            married_chance = 0.75
        else:
            married_chance = 0.9
        if rng.random() >= married_chance:
            return "d/o", "", ""
        same_biradari = surname if rng.random() < 0.6 else self._draw_surname("PB")
        husband, husband_ur = self._given_name("M")
        if same_biradari is not None and rng.random() < 0.5:
            husband = f"{husband} {same_biradari.latin}"
            husband_ur = f"{husband_ur} {same_biradari.urdu}"
        return ("w/o" if rng.random() < 0.7 else "d/o"), husband, husband_ur

    def _dob_for_age(self, age: int, today: date) -> date:
        latest = _years_before(today, age)
        earliest = _years_before(today, age + 1) + timedelta(days=1)
        return earliest + timedelta(days=self._rng.randrange((latest - earliest).days + 1))

    def _recorded_dob(self, dob: date, age: int) -> tuple[date, str]:
        """How a register records a birth date: older people's often only by year, or as
        1 January when unknown."""
        roll = self._rng.random()
        jan1, year_only = (0.02, 0.01) if age < 12 else (0.08, 0.04) if age < 40 else (0.2, 0.08)
        if roll < jan1:
            return date(dob.year, 1, 1), "jan1_default"
        if roll < jan1 + year_only:
            return date(dob.year, *YEAR_ONLY_MONTH_DAY), "year"
        return dob, "day"

    def _new_cnic(self, sex: str, district: District, *, near: str | None = None) -> str:
        rng = self._rng
        parity = "13579" if sex == "M" else "02468"
        while True:
            if near is not None and rng.random() < 0.5:
                prefix = near[:5]  # registered with the family: a close number
                middle = min(9_999_999, max(0, int(near[5:12]) + rng.randint(-60, 60)))
            else:
                prefix = rng.choice(district.cnic_prefixes)
                middle = rng.randrange(10_000_000)
            cnic = f"{prefix}{middle:07d}{rng.choice(parity)}"
            if cnic != near and cnic not in self._issued_cnics:
                self._issued_cnics.add(cnic)
                return cnic

    def _phone(self) -> str:
        return f"0{self._rng.choice(geo.MOBILE_PREFIXES)}-{self._rng.randrange(10**7):07d}"

    def _district_or_default(self, code: str) -> District:
        return self._by_code.get(code) or self._district_table.pick(self._rng)

    def _address(self, district: District) -> str:
        rng = self._rng
        if rng.random() < (0.8 if district.urban else 0.4):
            return self._urban_address(district)
        return self._rural_address(district)

    def _urban_address(self, district: District) -> str:
        rng = self._rng
        city = district.city
        house, street = rng.randint(1, 999), rng.randint(1, 60)
        town, mohalla = rng.choice(geo.TOWNS), rng.choice(geo.MOHALLAS)
        roll = rng.random()
        if district.province_code == "IS" and roll < 0.6:
            sector = f"{rng.choice(geo.ISLAMABAD_SECTORS)}-{rng.randint(6, 14)}/{rng.randint(1, 4)}"
            return f"House No. {house}, Street No. {street}, {sector}, {city}"
        if roll < 0.35:
            return f"House No. {house}, Street No. {street}, {town}, {city}"
        if roll < 0.6:
            return f"House No. {house}, Mohalla {mohalla}, {city}"
        if roll < 0.75:
            block = rng.choice("ABCDEFGHJKLMN")
            return f"House No. {house}-{block}, Block {block}, {town}, {city}"
        if roll < 0.88:
            return f"Flat No. {rng.randint(1, 40)}, Floor {rng.randint(1, 6)}, {town}, {city}"
        return (
            f"House No. {house}, Street No. {street}, Mohalla {mohalla}, "
            f"near Jamia Masjid, {city}"
        )

    def _rural_address(self, district: District) -> str:
        rng = self._rng
        city, province = district.city, district.province_code
        given = _MALE_SINGLE.pick(rng).latin
        clan = self._surname_table(province).pick(rng).latin
        if province == "PB":
            if rng.random() < 0.5:
                chak = f"{rng.randint(1, 600)}/{rng.choice(geo.CHAK_SUFFIXES)}"
                return f"Chak No. {chak}, Tehsil {city}, District {city}"
            village = f"{rng.choice(geo.VILLAGE_PREFIXES)} {rng.choice((given, clan))}"
            return f"Mouza {village}, Post Office {village}, Tehsil {city}, District {city}"
        if province == "SD":
            return f"Goth {given} {clan}, Taluka {city}, District {city}"
        if province == "KP":
            village = f"{clan} {rng.choice(geo.PATHAN_VILLAGE_SUFFIXES)}"
            return f"Village {village}, Post Office {village}, Tehsil {city}, District {city}"
        if province == "BA":
            return f"Killi {given} {clan}, Tehsil {city}, District {city}"
        return f"Village {given}abad, Tehsil {city}, District {city}"

    @staticmethod
    def _same_name(a: str, b: str) -> bool:
        """Same name up to case and known transliteration (word by word)."""
        def canon(text: str) -> tuple[str, ...]:
            return tuple(_GIVEN_INDEX.get(w, (w,))[0].lower() for w in text.lower().split())
        return canon(a) == canon(b)

    # --- internals: variant operations ------------------------------------------------
    def _variant_ops(self, *, urdu: bool) -> dict[str, tuple[float, Callable[[dict], bool]]]:
        both: dict[str, tuple[float, Callable[[dict], bool]]] = {
            "drop_muhammad": (2.0, self._op_drop_muhammad),
            "add_muhammad": (0.5, self._op_add_muhammad),
            "honorific": (2.0, self._op_honorific),
            "surname_dropped": (1.0, self._op_surname_dropped),
            "father_surname": (1.0, self._op_father_surname),
            "dob_year_only": (1.0, self._op_dob_year_only),
            "dob_jan1": (1.2, self._op_dob_jan1),
            "dob_day_month_swap": (1.0, self._op_dob_swap),
            "dob_year_off": (0.6, self._op_dob_year_off),
            "cnic_missing": (1.2, self._op_cnic_missing),
            "cnic_digit": (1.0, self._op_cnic_digit),
            "cnic_transposed": (0.8, self._op_cnic_transposed),
            "moved_district": (0.8, self._op_moved_district),
            "address_rewritten": (0.8, self._op_address_rewritten),
            "relation_switched": (1.0, self._op_relation_switched),
            "phone_changed": (0.5, self._op_phone_changed),
        }
        if urdu:
            extra = {
                "urdu_typo": (2.0, self._op_urdu_typo),
                "arabic_keyboard": (1.5, self._op_arabic_keyboard),
                "urdu_spacing": (0.8, self._op_urdu_spacing),
            }
        else:
            extra = {
                "translit_given": (3.0, self._op_translit_given),
                "translit_surname": (2.0, self._op_translit_surname),
                "translit_father": (2.0, self._op_translit_father),
                "abbreviate_muhammad": (1.5, self._op_abbreviate_muhammad),
                "typo": (2.5, self._op_typo),
                "uppercase": (0.6, self._op_uppercase),
            }
        return {**extra, **both}

    def _respell(self, text: str, *indexes: dict[str, tuple[str, ...]]) -> str | None:
        """Replace one known name (a word or a run of words) by another spelling of it."""
        words = text.split(" ")
        spans = []
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                key = " ".join(words[i:j]).lower()
                for index in indexes:
                    spellings = index.get(key)
                    if spellings:
                        others = [s for s in spellings if s.lower() != key]
                        if others:
                            spans.append((i, j, others))
                        break
        if not spans:
            return None
        i, j, others = self._rng.choice(spans)
        return " ".join([*words[:i], self._rng.choice(others), *words[j:]])

    def _op_translit_given(self, s: dict) -> bool:
        new = self._respell(s["given_name"], _GIVEN_INDEX)
        if new is None:
            return False
        s["given_name"] = new
        return True

    def _op_translit_surname(self, s: dict) -> bool:
        new = self._respell(s["surname"], _SURNAME_INDEX) if s["surname"] else None
        if new is None:
            return False
        s["surname"] = new
        return True

    def _op_translit_father(self, s: dict) -> bool:
        key = "husband_name" if s["relation"] == "w/o" and s["husband_name"] else "father_name"
        new = self._respell(s[key], _GIVEN_INDEX, _SURNAME_INDEX, _HONORIFIC_INDEX)
        if new is None:
            return False
        s[key] = new
        return True

    def _name_fields(self, s: dict) -> list[tuple[str, str]]:
        pairs = [("given_name", "given_name_ur"), ("father_name", "father_name_ur")]
        if s["husband_name"]:
            pairs.append(("husband_name", "husband_name_ur"))
        return pairs

    def _op_drop_muhammad(self, s: dict) -> bool:
        options = []
        for latin, urdu in self._name_fields(s):
            words = s[latin].split(" ")
            if len(words) > 1 and words[0].lower() in _MUHAMMAD_FORMS_LOWER:
                options.append((latin, urdu))
        if not options:
            return False
        latin, urdu = options[0] if self._rng.random() < 0.7 else self._rng.choice(options)
        s[latin] = s[latin].split(" ", 1)[1]
        if s[urdu].startswith(MUHAMMAD_UR + " "):
            s[urdu] = s[urdu][len(MUHAMMAD_UR) + 1:]
        return True

    def _op_add_muhammad(self, s: dict) -> bool:
        words = s["given_name"].split(" ")
        if s["sex"] != "M" or words[0].lower() in _MUHAMMAD_FORMS_LOWER:
            return False
        s["given_name"] = f"{MUHAMMAD} {s['given_name']}"
        s["given_name_ur"] = f"{MUHAMMAD_UR} {s['given_name_ur']}"
        return True

    def _op_abbreviate_muhammad(self, s: dict) -> bool:
        options = []
        for latin, _urdu in self._name_fields(s):
            words = s[latin].split(" ")
            if len(words) > 1 and words[0].lower() in _MUHAMMAD_FORMS_LOWER:
                options.append(latin)
        if not options:
            return False
        key = self._rng.choice(options)
        first, rest = s[key].split(" ", 1)
        choices = [a for a in MUHAMMAD_ABBREVIATIONS if a != first]
        s[key] = f"{self._rng.choice(choices)} {rest}"
        return True

    def _op_honorific(self, s: dict) -> bool:
        rng = self._rng
        current = s["honorific"]
        if current:
            spellings = _HONORIFIC_INDEX.get(current.lower(), (current,))
            others = [h for h in spellings if h != current]
            s["honorific"] = rng.choice(others) if others and rng.random() < 0.4 else ""
            return True
        age = max(0, (TODAY - s["dob"]).days // 365)
        surname = self._surname_entry(s["surname"])
        for _ in range(4):
            new = self._draw_honorific(s["sex"], age, surname, married=bool(s["husband_name"]))
            if new:
                s["honorific"] = new
                return True
        return False

    def _op_typo(self, s: dict) -> bool:
        keys = [k for k in ("given_name", "given_name", "surname", "father_name") if s[k]]
        for key in self._rng.sample(keys, len(keys)):
            new = self._typo(s[key], _LATIN_CONFUSIONS, "abcdefghijklmnopqrstuvwxyz")
            if new is not None:
                s[key] = new
                return True
        return False

    def _op_urdu_typo(self, s: dict) -> bool:
        keys = [k for k in ("given_name_ur", "given_name_ur", "surname_ur", "father_name_ur")
                if s[k]]
        for key in self._rng.sample(keys, len(keys)):
            new = self._typo(s[key], _URDU_CONFUSIONS, "ابتثجحخدذرزسشصضطظعغفقکگلمنوہی")
            if new is not None:
                s[key] = new
                return True
        return False

    def _typo(self, text: str, confusions: dict[str, str], alphabet: str) -> str | None:
        """One substitution, deletion or transposition of letters (never the only letter)."""
        rng = self._rng
        letters = [i for i, ch in enumerate(text) if ch.isalpha()]
        if len(letters) < 2:
            return None
        kind = rng.choice(("substitution", "deletion", "transposition"))
        if kind == "transposition":
            pairs = [i for i in letters[:-1]
                     if text[i + 1].isalpha() and text[i].lower() != text[i + 1].lower()]
            if pairs:
                i = rng.choice(pairs)
                a, b = text[i], text[i + 1]
                if a.isupper() and i == letters[0]:
                    a, b = a.lower(), b.upper()
                return text[:i] + b + a + text[i + 2:]
            kind = "substitution"
        if kind == "deletion" and len(letters) > 2:
            i = rng.choice(letters[1:])  # a dropped first letter is rare in practice
            return text[:i] + text[i + 1:]
        i = rng.choice(letters[1:]) if rng.random() < 0.85 else letters[0]
        ch = text[i]
        pool = confusions.get(ch.lower()) or "".join(c for c in alphabet if c != ch.lower())
        new = rng.choice(pool)
        if ch.isupper():
            new = new.upper()
        return text[:i] + new + text[i + 1:]

    def _op_uppercase(self, s: dict) -> bool:
        keys = ("given_name", "surname", "father_name", "husband_name")
        if all(s[k] == s[k].upper() for k in keys):
            return False
        for k in keys:
            s[k] = s[k].upper()
        return True

    def _op_arabic_keyboard(self, s: dict) -> bool:
        changed = False
        for key in ("given_name_ur", "surname_ur", "father_name_ur", "husband_name_ur"):
            new = "".join(_ARABIC_KEYBOARD.get(ch, ch) for ch in s[key])
            changed |= new != s[key]
            s[key] = new
        return changed

    def _op_urdu_spacing(self, s: dict) -> bool:
        rewrites = (("عبدال", "عبد ال"), ("ماہ نور", "ماہنور"), ("اللہ ", "اللہ"))
        for key in ("given_name_ur", "father_name_ur"):
            for old, new in rewrites:
                if old in s[key]:
                    s[key] = s[key].replace(old, new, 1)
                    return True
        return False

    def _op_surname_dropped(self, s: dict) -> bool:
        if not s["surname"]:
            return False
        s["surname"], s["surname_ur"] = "", ""
        return True

    def _op_father_surname(self, s: dict) -> bool:
        """Father written with or without the family name ("Ghulam Rasool Khan")."""
        surname, surname_ur = s["surname"], s["surname_ur"]
        if not surname or not s["father_name"]:
            return False
        if s["father_name"].endswith(" " + surname):
            s["father_name"] = s["father_name"][: -len(surname) - 1]
            if s["father_name_ur"].endswith(" " + surname_ur):
                s["father_name_ur"] = s["father_name_ur"][: -len(surname_ur) - 1]
        else:
            s["father_name"] = f"{s['father_name']} {surname}"
            s["father_name_ur"] = f"{s['father_name_ur']} {surname_ur}"
        return True

    def _op_dob_year_only(self, s: dict) -> bool:
        if s["dob_precision"] == "year":
            return False
        s["dob"], s["dob_precision"] = date(s["dob"].year, *YEAR_ONLY_MONTH_DAY), "year"
        return True

    def _op_dob_jan1(self, s: dict) -> bool:
        if s["dob_precision"] == "jan1_default":
            return False
        s["dob"], s["dob_precision"] = date(s["dob"].year, 1, 1), "jan1_default"
        return True

    def _op_dob_swap(self, s: dict) -> bool:
        dob = s["dob"]
        if s["dob_precision"] != "day" or dob.day > 12 or dob.day == dob.month:
            return False
        s["dob"] = date(dob.year, dob.day, dob.month)
        return True

    def _op_dob_year_off(self, s: dict) -> bool:
        dob = s["dob"]
        year = dob.year + self._rng.choice((-1, 1))
        if year > TODAY.year:
            year = dob.year - 1
        s["dob"] = _with_year(dob, year)
        return True

    def _op_cnic_missing(self, s: dict) -> bool:
        if not s["cnic"]:
            return False
        s["cnic"] = ""
        return True

    def _op_cnic_digit(self, s: dict) -> bool:
        cnic = s["cnic"]
        if not cnic:
            return False
        i = self._rng.randrange(len(cnic))
        digit = self._rng.choice([d for d in "0123456789" if d != cnic[i]])
        s["cnic"] = cnic[:i] + digit + cnic[i + 1:]
        return True

    def _op_cnic_transposed(self, s: dict) -> bool:
        cnic = s["cnic"]
        positions = [i for i in range(len(cnic) - 1) if cnic[i] != cnic[i + 1]]
        if not positions:
            return False
        i = self._rng.choice(positions)
        s["cnic"] = cnic[:i] + cnic[i + 1] + cnic[i] + cnic[i + 2:]
        return True

    def _op_moved_district(self, s: dict) -> bool:
        others = [d for d in self.districts if d.code != s["district_code"]]
        if not others:
            return False
        district = self._rng.choice(others)
        s["district_code"], s["province_code"] = district.code, district.province_code
        s["address"] = self._address(district)
        return True

    def _op_address_rewritten(self, s: dict) -> bool:
        address = s["address"]
        options = [(a, b) for a, b in geo.ADDRESS_ABBREVIATIONS if a in address]
        if options and self._rng.random() < 0.7:
            old, new = self._rng.choice(options)
            s["address"] = address.replace(old, new)
            return True
        new_address = self._address(self._district_or_default(s["district_code"]))
        if new_address == address:
            return False
        s["address"] = new_address
        return True

    def _op_relation_switched(self, s: dict) -> bool:
        if not s["husband_name"]:
            return False
        s["relation"] = "d/o" if s["relation"] == "w/o" else "w/o"
        return True

    def _op_phone_changed(self, s: dict) -> bool:
        new = self._phone()
        if new == s["phone"]:
            return False
        s["phone"] = new
        return True


def _same_record(a: Person, b: Person) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(Person))
