"""Blocking: the keys under which two records become a candidate pair.

Several independent keys, so that a record whose CNIC is missing or mistyped, whose
birth date is only a year, or who moved district is still paired with itself through
another key. Keys are script-agnostic (built on consonant keys).

Keys that survive typos:

* CNIC deletion neighbourhood: the number with each one of its digits deleted (13 keys
  for a CNIC, fewer when a digit repeats). Two numbers one wrong digit apart share the
  key that deletes that digit; two numbers with adjacent digits swapped ("...ab..." and
  "...ba...") share the key deleting the first of the pair from one and the second from
  the other. Exact numbers share all of them.
* Letters of a name in any order (``letters_key``): the consonants of the canonical
  spelling, sorted, so "Kahsif" and "Kashif" meet where their consonant skeletons
  (ksf, kSf) do not.
* Name + father + district: a record without date of birth and CNIC (common in Urdu
  registers) has only its names and district, and the broad name keys it has are the
  blocks most often too big to use.
"""

from __future__ import annotations

from functools import lru_cache

from hifazat.identity import rules
from hifazat.identity.records import Prepared

# Name of each key rule and how it is built. Order matters only for reporting.
RULES = ("cnic deletions", "given+year", "father+district", "given+father",
         "surname+father+year", "given+surname+district", "surname+date", "date+district",
         "given+surname", "given letters+year", "given letters+father letters",
         "given+father+district")
# Identity numbers shorter than this (other registers' short ids) get no deletion keys:
# a 4-digit deletion would pair a thousandth of the file.
MIN_DELETION_LENGTH = 7
_NOT_CONSONANT = frozenset(rules.KEY_DROPPED) | {" "}


def cnic_deletions(cnic: str) -> list[str]:
    """The number with each one of its digits deleted, distinct, in order ("" when too
    short). Two numbers one substitution or one adjacent transposition apart share at
    least one."""
    if len(cnic) < MIN_DELETION_LENGTH:
        return []
    return list(dict.fromkeys(cnic[:i] + cnic[i + 1:] for i in range(len(cnic))))


@lru_cache(maxsize=200_000)
def letters_key(canon: str) -> str:
    """Consonants of a canonical spelling in sorted order: the same for two spellings
    that differ by transposed letters ("kashif", "kahsif" -> "fks")."""
    return "".join(sorted(ch for ch in canon if ch not in _NOT_CONSONANT))


def keys_for(p: Prepared) -> list[str]:
    """Blocking keys of one record; rules whose fields are missing give no key."""
    out = [f"cx:{d}" for d in cnic_deletions(p.cnic)]
    given = p.given.core_key
    father = p.father.core_key
    year = p.dob.year
    if given and year:
        out.append(f"gy:{given}:{year}")
    # A record without surname is also keyed on its father's name without the last
    # word, which may be the family name the other record wrote as surname.
    for f in (father, p.father_head) if p.father_head else (father,):
        if f and p.district:
            out.append(f"fd:{f}:{p.district}")
        if given and f:
            out.append(f"gf:{given}:{f}")
            if p.district:
                out.append(f"gfd:{given}:{f}:{p.district}")
    given_letters = letters_key(p.given.core_canon)
    if given_letters and year:
        out.append(f"ly:{given_letters}:{year}")
        if father:
            # With the father's initial, on the pairs of years (2k, 2k+1) and (2k+1,
            # 2k+2) the year falls in: birth years one apart share one of the two.
            initial = father[0]
            out.extend((f"lfy:{given_letters}:{initial}:{year // 2}",
                        f"lfy+:{given_letters}:{initial}:{(year + 1) // 2}"))
    father_letters = letters_key(p.father.core_canon)
    if given_letters and father_letters:
        out.append(f"lf:{given_letters}:{father_letters}")
    if p.surname.key and father and year:
        out.extend((f"sfy:{p.surname.key}:{father}:{year // 2}",
                    f"sfy+:{p.surname.key}:{father}:{(year + 1) // 2}"))
    if given and p.surname.key and p.district:
        out.append(f"gsd:{given}:{p.surname.key}:{p.district}")
    # Keys that need no father's name (many files have none).
    full_date = p.dob.value.isoformat() if p.dob.precision == "day" else ""
    if p.surname.key and full_date:
        out.append(f"sd:{p.surname.key}:{full_date}")
    if full_date and p.district:
        out.append(f"dd:{full_date}:{p.district}")
    if given and p.surname.key:
        out.append(f"gs:{given}:{p.surname.key}")
    return out


# Keys the store keeps besides the linkage keys, for online search only. In a national
# store the broad keys (given+year: every Muhammad Bilal born in 2004) hold thousands of
# records, and a person whose father's name carries a typo shares nothing else with the
# probe. These narrow such a block by a second field, so that record still ranks among
# those scored. Batch linkage does not need them: each is the subset of a linkage block
# (given+year+district) or adds pairs no better than father+district (father+year).
SEARCH_RULES = ("given+year+district", "father+year")


def search_keys_for(p: Prepared) -> list[str]:
    """Keys under which the store indexes a record and online search looks it up: the
    linkage keys and the narrowing ``SEARCH_RULES``."""
    out = keys_for(p)
    given, father, year = p.given.core_key, p.father.core_key, p.dob.year
    if given and year and p.district:
        out.append(f"gyd:{given}:{year}:{p.district}")
    if father and year:
        out.append(f"fy:{father}:{year}")
    return out
