"""Identity resolution for Pakistani names: normalisation (Latin and Urdu script),
CNIC and birth-date comparison, blocking, Fellegi-Sunter scoring with explanations,
online candidate search and batch linkage. Other apps use ``identity.services`` (index a
person) and ``identity.selectors`` (``find_candidates``, ``parse_dob``); batch jobs use
``identity.linkage.link`` through the ``link_records`` command.

The matching core (rules, normalize, parsing, blocking, scoring, linkage) is pure Python
plus numpy/rapidfuzz, so it runs outside Django too (parsing reads the CNIC through
``core.validation``, which needs Django's translation only).
"""
