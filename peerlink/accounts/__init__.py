"""Accounts: registration, e-mail confirmation, log in, passwords, API tokens, roles."""
