"""Webhook signing secrets are kept sealed (adapters/secret_box)."""

from __future__ import annotations

import pytest
from cryptography.fernet import InvalidToken
from notification.adapters.secret_box import SEALED, SecretBox
from notification.settings import NotificationSettings

SECRET = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF"


def test_a_sealed_secret_opens_with_the_same_key_only() -> None:
    sealed = SecretBox("k" * 40).seal(SECRET)
    assert sealed.startswith(SEALED) and SECRET not in sealed
    assert SecretBox("k" * 40).open(sealed) == SECRET
    with pytest.raises(InvalidToken):
        SecretBox("other" * 8).open(sealed)


def test_a_secret_stored_before_sealing_opens_as_it_is() -> None:
    assert SecretBox("k" * 40).open(SECRET) == SECRET


def test_production_needs_a_key_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBHOOK_SECRET_KEY", raising=False)
    assert any("WEBHOOK_SECRET_KEY" in p for p in NotificationSettings().unsafe_defaults())
    monkeypatch.setenv("WEBHOOK_SECRET_KEY", "short")
    assert any("WEBHOOK_SECRET_KEY" in p for p in NotificationSettings().unsafe_defaults())
    monkeypatch.setenv("WEBHOOK_SECRET_KEY", "x" * 32)
    assert not any("WEBHOOK_SECRET_KEY" in p for p in NotificationSettings().unsafe_defaults())
