"""Audit: the append-only, SHA-256 hash-chained log of every read and write of personal
data and every security event. ``hifazat.audit.services.record`` is the one way in;
``manage.py audit_verify`` proves the chain.
"""
