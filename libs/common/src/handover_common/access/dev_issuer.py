"""The local token issuer that ships with the project, for `make run` and the tests only.

It keeps one ES256 key in a directory (created on first use) and publishes its public half as
a JWKS file, which the services read through the same JWKS code path as a real provider's URL.
Services accept it only in development mode. Mint a token in one command:

    .venv/bin/python -m handover_common.access.dev_issuer --org municipality:2380 \
        --role municipal-nurse
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

DEV_ISSUER = "urn:handover:dev-issuer"
DEV_AUDIENCE = "handover"
DEFAULT_DIRECTORY = "var/dev-issuer"
KEY_FILE = "private-key.pem"
DEFAULT_UNITS = {
    "hospital-unit": "SE2321000016-E000000000101",
    "health-centre": "SE2321000016-E000000000201",
    "specialised-outpatient": "SE2321000016-E000000000301",
    "municipal-nurse": "SE2120002411-E000000000401",
}
"""Example HSA ids of care units, used when a development token names none."""
DEFAULT_PROVIDER = "SE2321000016"
JWKS_FILE = "jwks.json"


class DevIssuer:
    def __init__(self, directory: str | Path = DEFAULT_DIRECTORY):
        self.directory = Path(directory).resolve()

    @property
    def jwks_url(self) -> str:
        return (self.directory / JWKS_FILE).as_uri()

    def ensure(self) -> DevIssuer:
        """Create the key unless it exists; safe when several processes start at once."""
        if not (self.directory / JWKS_FILE).exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            if _publish(self.directory / KEY_FILE, pem):
                _publish(self.directory / JWKS_FILE, json.dumps(_jwks(key)).encode())
        while not (self.directory / JWKS_FILE).exists():  # another process is writing it
            time.sleep(0.01)
        return self

    def token(
        self,
        org: str,
        role: str,
        person: str | None = None,
        unit: str | None = None,
        lifetime_seconds: int = 8 * 3600,
        **extra: Any,
    ) -> str:
        self.ensure()
        unit = unit or DEFAULT_UNITS.get(role)
        person = person or f"{(unit or DEFAULT_PROVIDER).split('-')[0]}-P000000000001"
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": DEV_ISSUER,
            "aud": DEV_AUDIENCE,
            "sub": person,
            "org": org,
            "role": role,
            "iat": now,
            "exp": now + lifetime_seconds,
            **({"unit": unit} if unit else {}),
            **extra,
        }
        key = serialization.load_pem_private_key((self.directory / KEY_FILE).read_bytes(), None)
        return jwt.encode(claims, key, algorithm="ES256", headers={"kid": _kid(key)})  # type: ignore[arg-type]


def _publish(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` unless it exists (atomically); True if this call wrote it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    try:
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)


def _jwks(key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": _kid(key), "use": "sig", "alg": "ES256"}]}


def _kid(key: Any) -> str:
    numbers = key.public_key().public_numbers()
    return f"dev-{numbers.x % 10**12:012d}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mint a development token (never production).")
    parser.add_argument("--org", required=True, help="region:23, municipality:2380, operator:drift")
    parser.add_argument("--role", required=True, help="hospital-unit, municipal-nurse, finance, …")
    parser.add_argument("--person", default=None, help="HSA id of the person acting")
    parser.add_argument("--unit", default=None, help="HSA id of the care unit (unit roles)")
    parser.add_argument("--name", default=None)
    parser.add_argument("--directory", default=os.environ.get("DEV_ISSUER_DIR", DEFAULT_DIRECTORY))
    args = parser.parse_args(argv)
    extra = {"name": args.name} if args.name else {}
    print(DevIssuer(args.directory).token(args.org, args.role, args.person, args.unit, **extra))


if __name__ == "__main__":
    main()
