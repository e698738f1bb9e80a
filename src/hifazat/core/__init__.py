"""Shared kernel: the one permission API (deny by default), request ids, the clock.

Every other app plugs its policy into ``hifazat.core.permissions``; nothing here knows
about any domain app.
"""
