"""Accounts (issue 13): people and service accounts, their grants, sign-in, and the
Ed25519 keys every other service verifies access tokens with."""
