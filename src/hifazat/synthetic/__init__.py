"""Synthetic Pakistani-style people for demos, tests and benchmarks. Never real people.

Pure Python (standard library only, no Django), deterministic with a seed::

    from hifazat.synthetic import PeopleGenerator
    gen = PeopleGenerator(seed=42)
    man = gen.offender()
    same_man_elsewhere = gen.variant_of(man, urdu=True)   # same person_id
    brother = gen.sibling_of(man)                          # a hard negative
"""

from hifazat.synthetic.people import DEFAULT_DISTRICTS, PeopleGenerator, Person, cnic_formatted

__all__ = ["DEFAULT_DISTRICTS", "PeopleGenerator", "Person", "cnic_formatted"]
