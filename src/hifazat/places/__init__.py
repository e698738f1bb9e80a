"""Places: provinces and territories, districts, and facilities (hospitals with crisis
cells, VAWC centres, police stations, SSOIUs, prosecution offices, prisons, Special
Courts, NPB, NADRA). Reference data, loaded idempotently by ``load_places``.
"""
