"""Identity resolution for Pakistani names: normalisation (Latin and Urdu script),
CNIC and birth-date comparison, blocking, Fellegi-Sunter scoring with explanations,
online candidate search and batch linkage. The register and the justice pipeline ask
``identity.selectors.find_candidates``; batch jobs use ``identity.linkage.link``.

The matching core (rules, normalize, fields, blocking, model, linkage) is pure Python
plus numpy/rapidfuzz, so it runs outside Django too.
"""
