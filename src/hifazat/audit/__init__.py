"""Audit: the append-only log of every read and write of personal data and every security
event, SHA-256 hash-chained, MACed with keys kept outside the database, and anchored by
signed checkpoints in an append-only file. ``hifazat.audit.services.record`` is the one
way in; ``manage.py audit_verify [--checkpoints]`` proves it (docs/security.md).
"""
