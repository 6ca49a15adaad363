"""Bearer tokens: what verifies, what is refused, and the JWKS fetched over HTTP (issue 7)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from handover_common.access.dev_issuer import DEV_ISSUER, DevIssuer
from handover_common.access.roles import OrgKind, Role
from handover_common.access.tokens import TokenRejected, TokenVerifier

UNIT = "SE2321000016-E000000000101"


@pytest.fixture
def issuer(tmp_path: Path) -> DevIssuer:
    return DevIssuer(tmp_path / "issuer").ensure()


@pytest.fixture
def jwks_over_http(issuer: DevIssuer) -> Iterator[str]:
    """The issuer's JWKS served on loopback, as an OpenID Connect provider publishes it."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(issuer.directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()


def test_a_token_from_the_providers_https_keys_names_the_caller(issuer, jwks_over_http) -> None:
    verifier = TokenVerifier(jwks_over_http, DEV_ISSUER, "handover")
    caller = verifier.verify(issuer.token("region:23", "hospital-unit", unit=UNIT, name="A. Berg"))
    assert caller.organisation.kind is OrgKind.REGION
    assert caller.organisation.code == "23"
    assert caller.role is Role.HOSPITAL_UNIT
    assert caller.unit == UNIT
    assert caller.person.startswith("SE")
    assert caller.name == "A. Berg"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"lifetime_seconds": -120}, "expired"),
        ({"aud": "another-system"}, "(?i)audience"),
        ({"iss": "https://someone-else.example"}, "(?i)issuer"),
        ({"org": "region:2"}, "region code"),
        ({"org": "county:23"}, "organisation kind"),
        ({"role": "municipal-nurse"}, "cannot give the role"),
        ({"role": "superuser"}, "unknown role"),
        ({"sub": "19121212-1212"}, "HSA id"),
    ],
)
def test_tokens_that_do_not_describe_a_known_caller_are_refused(issuer, claims, reason) -> None:
    verifier = TokenVerifier(issuer.jwks_url, DEV_ISSUER, "handover")
    org = claims.pop("org", "region:23")
    role = claims.pop("role", "hospital-unit")
    lifetime = claims.pop("lifetime_seconds", 600)
    person = claims.pop("sub", "SE2321000016-P000000000001")
    token = issuer.token(org, role, person, UNIT, lifetime_seconds=lifetime, **claims)
    with pytest.raises(TokenRejected, match=reason):
        verifier.verify(token)


def test_a_token_signed_by_another_key_is_refused(issuer, tmp_path: Path) -> None:
    stranger = DevIssuer(tmp_path / "stranger")
    verifier = TokenVerifier(issuer.jwks_url, DEV_ISSUER, "handover")
    with pytest.raises(TokenRejected, match="signing key"):
        verifier.verify(stranger.token("region:23", "finance"))


def test_an_altered_token_is_refused(issuer) -> None:
    verifier = TokenVerifier(issuer.jwks_url, DEV_ISSUER, "handover")
    header, claims, signature = issuer.token("municipality:2380", "finance").split(".")
    forged = issuer.token("municipality:2326", "finance").split(".")[1]
    with pytest.raises(TokenRejected):
        verifier.verify(f"{header}.{forged[:-2]}{claims[-2:]}.{signature}")
    with pytest.raises(TokenRejected):
        verifier.verify(f"{header}.{forged}.{signature}")


def test_a_remembered_token_is_refused_once_it_expires(issuer) -> None:
    """Verified tokens are kept in memory (the signature check is the costliest part of a
    request); keeping one must not outlive its `exp` (plus the leeway)."""
    verifier = TokenVerifier(issuer.jwks_url, DEV_ISSUER, "handover", leeway_seconds=0)
    token = issuer.token("region:23", "hospital-unit", lifetime_seconds=1)
    assert verifier.verify(token).role is Role.HOSPITAL_UNIT
    assert verifier.verify(token).role is Role.HOSPITAL_UNIT  # from memory
    time.sleep(2.1)
    with pytest.raises(TokenRejected, match="expired"):
        verifier.verify(token)
