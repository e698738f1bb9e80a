"""Accounts: users, agencies, roles with a jurisdiction, the second factor (TOTP),
lockout and idle sign-out. Agency administrators manage their own agency's users.
"""
