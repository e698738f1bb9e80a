"""Synthetic demo: agencies for the demo facilities and one user per role, each with an
authenticator. Development only: every command here refuses to run in production."""
