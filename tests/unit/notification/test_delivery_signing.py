"""The webhook signature as a receiver checks it."""

from __future__ import annotations

import hashlib
import hmac
import uuid

from notification.domain.delivery.signing import message_id, signature, verify

SECRET, STAMP, BODY = "whsec_test", 1_800_000_000, b'{"message_id":"m"}'


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), b"1800000000." + BODY, hashlib.sha256).hexdigest()
    assert signature(SECRET, STAMP, BODY) == f"sha256={expected}"


def test_a_receiver_accepts_only_the_untouched_request_within_the_window() -> None:
    signed = signature(SECRET, STAMP, BODY)
    assert verify(SECRET, str(STAMP), BODY, signed, now=STAMP + 299)
    assert not verify(SECRET, str(STAMP), BODY + b" ", signed, now=STAMP)  # body changed
    assert not verify("whsec_other", str(STAMP), BODY, signed, now=STAMP)  # another secret
    assert not verify(SECRET, str(STAMP + 1), BODY, signed, now=STAMP)  # timestamp changed
    assert not verify(SECRET, str(STAMP), BODY, signed, now=STAMP + 301)  # a replay, later
    assert not verify(SECRET, "soon", BODY, signed, now=STAMP)


def test_a_message_keeps_its_id_and_each_organisation_has_its_own() -> None:
    event = uuid.uuid4()
    assert message_id(event, "municipality:2380") == message_id(event, "municipality:2380")
    assert message_id(event, "municipality:2380") != message_id(event, "region:23")
