"""A cache file's seal: one signature over the whole file, as it was written.

A warm run of a large site reads every note's index entry and shown findings: with
the file's seal good, none of its entries is signed again to be checked. The seal is
the file's last member, under a name no note can have (a NUL), so a file edited by
hand or by an older version reads as unsealed, and then each entry's own signature
decides, as before.
"""

from __future__ import annotations

SEAL = "\0seal"
_LAST = b',"\\u0000seal":"'
_ONLY = b'{"\\u0000seal":"'


def with_seal(text: str, seal: str) -> str:
    """`text`, a JSON object, with `seal` as its last member."""
    member = '"\\u0000seal":"' + seal + '"}'
    return text[:-1] + ("," if text != "{}" else "") + member


def unsealed(raw: bytes) -> tuple[bytes, str] | None:
    """The bytes a file's seal was made over, and the seal; None when it has none.

    Inside a JSON string a quote is escaped, so the seal's opening cannot be part of
    an entry: the last one found is the seal's.
    """
    if not raw.endswith(b'"}'):
        return None
    at = raw.rfind(_LAST)
    if at >= 0:
        return raw[:at] + b"}", raw[at + len(_LAST) : -2].decode("ascii", "replace")
    if raw.startswith(_ONLY):
        return b"{}", raw[len(_ONLY) : -2].decode("ascii", "replace")
    return None
