"""Anti-Rape Crisis Cells and Violence Against Women Centres: the survivor's case from
intake to FIR under a pseudonymous code, with consent per use, clinical windows,
medico-legal examination, chain of custody, counselling and legal aid."""
