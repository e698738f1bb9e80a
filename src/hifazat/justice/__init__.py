"""The justice pipeline (Anti-Rape (Investigation and Trial) Act 2021): FIR at a police
station, SSOIU investigation, prosecution, Special Court trial, verdict and appeal."""
