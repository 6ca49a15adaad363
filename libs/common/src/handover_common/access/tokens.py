"""Bearer tokens (JWT) verified against an OpenID Connect provider's published keys (JWKS)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse
from urllib.request import url2pathname

import jwt

from handover_common.access.caller import Caller, InvalidIdentity

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
VERIFIED_TOKENS_KEPT = 4096


class TokenRejected(Exception):
    """Missing, malformed, expired, wrongly signed or for another audience: 401."""


class KeysUnavailable(Exception):
    """The provider's keys could not be fetched: the caller is not at fault (503)."""


class SigningKeys(Protocol):
    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK: ...


class FileKeys:
    """A JWKS kept in a local file (the development issuer's), read again on an unknown key."""

    def __init__(self, path: Path):
        self._path = path
        self._keys: dict[str, jwt.PyJWK] = {}

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        kid = str(jwt.get_unverified_header(token).get("kid"))
        if kid not in self._keys:
            self._keys = self._read()
        try:
            return self._keys[kid]
        except KeyError:
            raise jwt.PyJWKClientError(f"no key {kid!r} in {self._path}") from None

    def _read(self) -> dict[str, jwt.PyJWK]:
        try:
            keys = jwt.PyJWKSet.from_json(self._path.read_text()).keys
        except OSError as error:
            raise jwt.PyJWKClientConnectionError(str(error)) from None
        return {str(key.key_id): key for key in keys}


def signing_keys(jwks_url: str) -> SigningKeys:
    """The provider's keys over HTTPS (cached, refetched on an unknown key id), or a file."""
    if jwks_url.startswith("file:"):
        return FileKeys(Path(url2pathname(urlparse(jwks_url).path)))
    return jwt.PyJWKClient(jwks_url, cache_jwk_set=True, lifespan=300, timeout=5)


class TokenVerifier:
    def __init__(
        self,
        jwks_url: str,
        issuer: str,
        audience: str,
        algorithms: Sequence[str] = ("ES256", "RS256"),
        leeway_seconds: int = 30,
    ):
        self._keys = signing_keys(jwks_url)
        self._issuer = issuer
        self._audience = audience
        self._algorithms = list(algorithms)
        self._leeway = leeway_seconds
        self._verified: dict[str, tuple[Caller, float]] = {}

    def remembered(self, token: str) -> Caller | None:
        """A token verified before is taken from memory until it expires: an integrator sends
        the same token with every request, and its signature check would cost more than the
        request's own work. The same bytes verify the same way; only time can change that."""
        known = self._verified.get(token)
        if known is not None and time.time() < known[1]:
            return known[0]
        return None

    def verify(self, token: str) -> Caller:
        """`remembered`, or the signature checked (the keys fetched when unknown: blocking)."""
        if (known := self.remembered(token)) is not None:
            return known
        caller, expires = self._verify(token)
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            self._verified.clear()
        self._verified[token] = (caller, expires)
        return caller

    def _verify(self, token: str) -> tuple[Caller, float]:
        try:
            key = self._keys.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as error:
            raise KeysUnavailable(str(error)) from None
        except (jwt.PyJWKClientError, jwt.DecodeError) as error:
            raise TokenRejected(f"the token's signing key is not known: {error}") from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=self._algorithms,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as error:
            raise TokenRejected(str(error)) from None
        try:
            return Caller.from_claims(claims), float(claims["exp"]) + self._leeway
        except InvalidIdentity as error:
            raise TokenRejected(str(error)) from None
