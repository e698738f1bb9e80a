"""Notifications between agencies: an inbox per user and per agency, acknowledgement
with a deadline, escalation when unacknowledged, e-mail and SMS channels. Notices carry
references and codes only, never a survivor's identity."""
