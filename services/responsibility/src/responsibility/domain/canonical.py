"""The canonical text a decision's fingerprint is the hash of: `json.dumps(value,
sort_keys=True, separators=(",", ":"))`, ASCII with `\\uXXXX` escapes — as every stored
fingerprint was made — produced by orjson where it gives the very same bytes, in about two
fifths of the time (a fingerprint per decision, issue 11)."""

from __future__ import annotations

import codecs
import json

import orjson

from .serial import JsonObject

_ESCAPES = "json-ascii-escapes"


def canonical_json(value: JsonObject) -> bytes:
    try:
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # what orjson refuses (a non-str key, a lone surrogate): as ever
        return _standard(value)
    if b"\x7f" in text:  # the standard library escapes DEL; orjson leaves it
        return _standard(value)
    return text if text.isascii() else text.decode().encode("ascii", _ESCAPES)


def _standard(value: JsonObject) -> bytes:
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
