"""National Sex Offenders Register (Act s.24; Sex Offenders Register Rules 2023):
confidential entries proposed by prosecution and verified by an NPB registrar
(maker–checker), purpose-bound retrieval, every read and write audited."""
