"""An account's status (services/common/vocab.py ACCOUNT_STATUSES) and what may change it.

invited → active: the invitation is accepted (a password set).
active → locked: too many failed sign-ins (domain/throttle.py), or an admin.
locked → active: an admin unlocks.
any → disabled: an admin; disabled → active (or invited, if no password was ever set).
Only an active account signs in or refreshes."""

from __future__ import annotations

from services.common.vocab import ACCOUNT_STATUSES

INVITED, ACTIVE, LOCKED, DISABLED = ACCOUNT_STATUSES
PERSON, SERVICE = "person", "service"

# admin action → (statuses it applies to, the status it leads to); enable is special
CHANGES = {
    "lock": ((ACTIVE,), LOCKED),
    "unlock": ((LOCKED,), ACTIVE),
    "disable": ((INVITED, ACTIVE, LOCKED), DISABLED),
    "enable": ((DISABLED,), ACTIVE),
}


def next_status(action: str, current: str, has_password: bool) -> str | None:
    """The status `action` leads to from `current`, or None when it does not apply."""
    allowed, target = CHANGES[action]
    if current not in allowed:
        return None
    if action == "enable" and not has_password:
        return INVITED
    return target
