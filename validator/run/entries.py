"""A cached result's bytes: a checksum, then the result as plain tuples in `marshal`'s format.

`marshal` is built in (no import cost) and fast, but it trusts its input: a count in the bytes is
allocated before it is read. So an entry is believed only when its checksum holds and every count
in it fits the bytes there are (`bounded`); anything else is a miss, never an error. Entries with
findings are written in packs (`pack_entries`), one file that many entries are hard links to.
"""

from __future__ import annotations

import marshal

try:  # the built-in module: importing hashlib (OpenSSL) costs a one-file run ~2 ms
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from ..diagnostic import Diagnostic, Fix
from ..model import FileResult

MAGIC = b"FMC1"
PACK_MAGIC = b"FMP1"  # entries with findings, written together (`Cache._write_pack`)
DIGEST = 16


def encode(result: FileResult) -> bytes | None:
    """The entry's bytes, or None for a result marshal cannot hold exactly (then not stored)."""
    payload = (
        result.path,
        tuple(
            (
                d.path,
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.code,
                d.severity,
                d.message,
                None
                if d.fix is None
                else (
                    d.fix.path,
                    d.fix.description,
                    d.fix.value,
                    d.fix.safety,
                    d.fix.delete,
                    d.fix.insert_key,
                    d.fix.after,
                ),
            )
            for d in result.diagnostics
        ),
        tuple(sorted(result.lines.items())),
        result.facts,
    )
    try:
        body = marshal.dumps(payload)
    except ValueError:  # a value of a type marshal does not know exactly
        return None
    return MAGIC + blake2b(body, digest_size=DIGEST).digest() + body


def pack_entries(batch: list[tuple[str, bytes]]) -> bytes:
    """A pack: its magic, then each entry as its key (hex), its length (4 bytes) and its bytes."""
    parts = [PACK_MAGIC]
    for key, blob in batch:
        parts += (key.encode("ascii"), len(blob).to_bytes(4, "big"), blob)
    return b"".join(parts)


def _records(pack: bytes):
    """(key, entry) for each entry of a pack, then (None, b"") if it is cut short."""
    at, width = len(PACK_MAGIC), 40
    while at < len(pack):
        start = at + width + 4
        size = int.from_bytes(pack[at + width : start], "big")
        if start > len(pack) or start + size > len(pack):
            yield None, b""
            return
        yield pack[at : at + width], pack[start : start + size]
        at = start + size


def unpack_entry(pack: bytes, key: str) -> bytes:
    """The entry for `key` in a pack (b"" when it is not there or the pack is cut short: a miss)."""
    wanted = key.encode("ascii")
    for found, blob in _records(pack):
        if found == wanted:
            return blob
    return b""


def intact(blob: bytes) -> bool:
    """Whether an entry's bytes are whole: its checksum holds (each entry's, in a pack)."""
    if blob.startswith(PACK_MAGIC):
        records = list(_records(blob))
        return bool(records) and all(key is not None and intact(b) for key, b in records)
    head = len(MAGIC) + DIGEST
    if len(blob) <= head or not blob.startswith(MAGIC):
        return False
    return blake2b(blob[head:], digest_size=DIGEST).digest() == blob[len(MAGIC) : head]


def decode(blob: bytes, path: str) -> FileResult | None:
    if not intact(blob):
        return None
    body = blob[len(MAGIC) + DIGEST :]
    if not bounded(body):
        return None
    try:
        stored_path, diagnostics, lines, facts = marshal.loads(body)
        if stored_path != path:
            return None
        return FileResult(
            path,
            tuple(
                Diagnostic(*fields, None if fix is None else Fix(*fix))
                for *fields, fix in diagnostics
            ),
            dict(lines),
            facts,
        )
    except Exception:  # well-formed marshal of the wrong shape: a foreign entry
        return None


# -- an entry's marshal bytes are walked before `marshal.loads`: a count is believed only when
# the bytes left could hold it (an item takes one byte at least), so a forged count cannot make
# marshal allocate gigabytes for a 5-byte entry
_NO_PAYLOAD = frozenset(b"0NFTS.")
_FIXED = {ord("i"): 4, ord("g"): 8, ord("y"): 16, ord("r"): 4}
_STRINGS = frozenset(b"stuaA")
_SHORT_STRINGS = frozenset(b"zZ")
_CONTAINERS = frozenset(b"([<>")
_OPEN = -1  # a dict's frame: items until a NULL (`0`)


def bounded(body: bytes) -> bool:
    """Whether `body` holds marshal objects of the kinds an entry holds, every count and length
    within the bytes there are (not whether `marshal.loads` will accept it)."""
    at, end, frames = 0, len(body), [1]
    while True:
        while frames and frames[-1] == 0:
            frames.pop()
        if not frames:
            return at == end
        if at >= end or len(frames) > 64:
            return False
        code = body[at] & 0x7F  # the high bit marks an object a later `r` may name
        at += 1
        if frames[-1] == _OPEN:
            if code == ord("0"):
                frames.pop()
                continue
        else:
            frames[-1] -= 1
        if code in _NO_PAYLOAD:
            continue
        if code in _FIXED:
            at += _FIXED[code]
        elif code in _SHORT_STRINGS:
            at += 1 + (body[at] if at < end else 0)
        elif code in _STRINGS or code == ord("l"):
            count = int.from_bytes(body[at : at + 4], "little", signed=True)
            size = 2 * abs(count) if code == ord("l") else count
            if size < 0:
                return False
            at += 4 + size
        elif code == ord(")"):
            frames.append(body[at] if at < end else 0)
            at += 1
        elif code in _CONTAINERS:
            count = int.from_bytes(body[at : at + 4], "little", signed=True)
            if not 0 <= count <= end - at - 4:
                return False
            frames.append(count)
            at += 4
        elif code == ord("{"):
            frames.append(_OPEN)
        else:
            return False  # code objects, floats as text: nothing an entry holds
        if at > end:
            return False
