"""The canonical text a decision's fingerprint is the hash of: `json.dumps(value,
sort_keys=True, separators=(",", ":"))`, ASCII with `\\uXXXX` escapes — as every stored
fingerprint was made — produced by orjson where it gives the very same bytes, in about two
fifths of the time (a fingerprint per decision, issue 11)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable

import orjson

from .serial import JsonObject

_ESCAPES = "json-ascii-escapes"
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS  # a dataclass: vars()


def canonical_json(value: object, plain: Callable[[], JsonObject] | None = None) -> bytes:
    """`value` may hold dataclasses whose fields are their own machine form: each is written
    as the object of its fields, keys sorted like a dictionary's. `plain` then gives the same
    value as plain JSON, for what orjson cannot write as the standard library does."""
    try:
        text = orjson.dumps(value, default=vars, option=_OPTIONS)
    except TypeError:  # what orjson refuses (a non-str key, a lone surrogate): as ever
        return _standard(plain() if plain else value)
    if b"\x7f" in text:  # the standard library escapes DEL; orjson leaves it
        return _standard(plain() if plain else value)
    return text if text.isascii() else text.decode().encode("ascii", _ESCAPES)


def _standard(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _escaped(error: UnicodeError) -> tuple[str, int]:
    """Each character ASCII cannot hold as the standard library writes it: `\\u00e5`, and an
    astral one as its surrogate pair."""
    assert isinstance(error, UnicodeEncodeError)
    return "".join(map(_escape, error.object[error.start : error.end])), error.end


def _escape(character: str) -> str:
    code = ord(character)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


codecs.register_error(_ESCAPES, _escaped)
