"""Blocking: the keys under which two records become a candidate pair.

Several independent keys, so that a record whose CNIC is missing or mistyped, whose
birth date is only a year, or who moved district is still paired with itself through
another key. Keys are script-agnostic (built on consonant keys).
"""

from __future__ import annotations

from hifazat.identity.records import Prepared

# Name of each key rule and how it is built. Order matters only for reporting.
RULES = ("cnic first 9", "cnic last 8", "given+year", "father+district", "given+father",
         "surname+father+year", "given+surname+district", "surname+date", "date+district",
         "given+surname")


def keys_for(p: Prepared) -> list[str]:
    """Blocking keys of one record; rules whose fields are missing give no key."""
    out = []
    if p.cnic:
        # Two overlapping parts of the CNIC: equal CNICs share both, and one mistyped
        # digit or two swapped digits leave at least one intact.
        out.extend((f"ca:{p.cnic[:9]}", f"cb:{p.cnic[5:]}"))
    given = p.given.core_key
    father = p.father.core_key
    year = p.dob.year
    if given and year:
        out.append(f"gy:{given}:{year}")
    if father and p.district:
        out.append(f"fd:{father}:{p.district}")
    if given and father:
        out.append(f"gf:{given}:{father}")
    if p.surname.key and father and year:
        out.append(f"sfy:{p.surname.key}:{father}:{year}")
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
