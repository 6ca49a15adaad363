"""Webhook signing secrets at rest. The signature needs the secret itself (an HMAC key cannot be
hashed away), so it is kept sealed: Fernet (AES-128-CBC and HMAC-SHA256) under a key derived
from WEBHOOK_SECRET_KEY. A copy of the database alone then cannot forge a message that a
receiving system would take for ours."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from sqlalchemy import Engine, select, update

from notification.adapters.delivery_tables import SubscriptionRow

SEALED = "sealed:v1:"

SUBSCRIPTIONS = SubscriptionRow.__table__  # type: ignore[attr-defined]


class SecretBox:
    def __init__(self, key: str):
        digest = hashlib.sha256(key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, secret: str) -> str:
        return SEALED + self._fernet.encrypt(secret.encode()).decode()

    def open(self, stored: str) -> str:
        """The secret; a row written before secrets were sealed holds it as it is, until
        `seal_stored` has run (as the service starts)."""
        if not stored.startswith(SEALED):
            return stored
        return self._fernet.decrypt(stored.removeprefix(SEALED).encode()).decode()


def seal_stored(engine: Engine, box: SecretBox) -> int:
    """Seals the secrets stored before they were sealed; how many. Each row is changed only if
    it still holds what was read, so replicas starting together seal it once."""
    sealed = 0
    with engine.begin() as connection:
        rows = connection.execute(
            select(SUBSCRIPTIONS.c.id, SUBSCRIPTIONS.c.secret).where(
                SUBSCRIPTIONS.c.secret.not_like(f"{SEALED}%")
            )
        ).all()
        for row_id, plain in rows:
            changed = connection.execute(
                update(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.c.id == row_id, SUBSCRIPTIONS.c.secret == plain)
                .values(secret=box.seal(plain))
            )
            sealed += changed.rowcount
    return sealed
