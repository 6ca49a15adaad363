"""Webhook signing secrets at rest. The signature needs the secret itself (an HMAC key cannot be
hashed away), so it is kept sealed: Fernet (AES-128-CBC and HMAC-SHA256) under a key derived
from WEBHOOK_SECRET_KEY. A copy of the database alone then cannot forge a message that a
receiving system would take for ours."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import ColumnElement, Engine, select, update

from notification.adapters.delivery_tables import SubscriptionRow

SEALED = "sealed:v1:"

SUBSCRIPTIONS = SubscriptionRow.__table__  # type: ignore[attr-defined]

__all__ = ["SEALED", "InvalidToken", "SecretBox", "opens_stored", "seal_stored", "unseal_stored"]


class SecretBox:
    def __init__(self, key: str):
        digest = hashlib.sha256(key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, secret: str) -> str:
        return SEALED + self._fernet.encrypt(secret.encode()).decode()

    def open(self, stored: str) -> str:
        """The secret; a row written before secrets were sealed holds it as it is, until
        `seal_stored` has run (as the service starts). InvalidToken: sealed under another key."""
        if not stored.startswith(SEALED):
            return stored
        return self._fernet.decrypt(stored.removeprefix(SEALED).encode()).decode()


def seal_stored(engine: Engine, box: SecretBox) -> int:
    """Seals the secrets stored before they were sealed; how many."""
    return _rewrite(engine, SUBSCRIPTIONS.c.secret.not_like(f"{SEALED}%"), box.seal)


def unseal_stored(engine: Engine, box: SecretBox) -> int:
    """Back to plain secrets, for a rollback to a release that does not seal them; how many."""
    return _rewrite(engine, SUBSCRIPTIONS.c.secret.like(f"{SEALED}%"), box.open)


def opens_stored(engine: Engine, box: SecretBox) -> bool:
    """Whether the key opens a sealed secret stored (True when there is none)."""
    with engine.connect() as connection:
        stored = connection.execute(
            select(SUBSCRIPTIONS.c.secret).where(SUBSCRIPTIONS.c.secret.like(f"{SEALED}%")).limit(1)
        ).scalar()
    if stored is None:
        return True
    try:
        box.open(stored)
    except InvalidToken:
        return False
    return True


def _rewrite(engine: Engine, which: ColumnElement[bool], change: Callable[[str], str]) -> int:
    """Each row in a transaction of its own, changed only if it still holds what was read:
    replicas starting together change it once and never wait on each other's locks."""
    with engine.connect() as connection:
        rows = connection.execute(select(SUBSCRIPTIONS.c.id, SUBSCRIPTIONS.c.secret).where(which))
        found = rows.all()
    changed = 0
    for row_id, stored in found:
        with engine.begin() as connection:
            result = connection.execute(
                update(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.c.id == row_id, SUBSCRIPTIONS.c.secret == stored)
                .values(secret=change(stored))
            )
            changed += result.rowcount
    return changed
