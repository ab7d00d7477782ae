"""`secured` is not two base64 parts, a ciphertext and a 16-byte IV, joined by `;`.

`secured` holds the site's encrypted payload as `base64(ciphertext);base64(iv)`: AES in a block
mode, so the ciphertext is a whole number of 16-byte blocks (at least one) and the IV exactly
16 bytes. The site decrypts it in the browser; a payload of any other shape fails there,
silently. Each part must be standard base64 (`A-Z a-z 0-9 + /`, `=` padding, no spaces or line
breaks). The corpus shows ciphertexts of 240 to 416 bytes; the rule checks the shape, not the
length. An empty value is the schema's finding (FM107) and a whitespace-only one FM501's. Runs
where the schema marks the payload (`"x-fmlint-role": "secured"`, as the article schema does
for `secured`).

Bad (no IV):

    secured: "Tboza6osc7iJl9Bl/gf7rxhbr6jNPlaCzVt76OwcgwY="

Good:

    secured: "Tboza6osc7iJl9Bl/gf7rxhbr6jNPlaCzVt76OwcgwY=;uhaHxG2U0wSdCJfjqE6BaA=="

Fix: none; only the site's encryption can make a payload.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path

CODE = "FM504"
NAME = "secured-format"
SEVERITY = ERROR
APPLIES_TO = "annotated"
FIX = ""

BLOCK = 16
IV_BYTES = 16


def check(record: dict, context) -> Iterable[Finding]:
    for path, value in context.record(record).in_item((), record, "secured"):
        if not isinstance(value, str) or context.rejected(path):
            continue
        if not value.strip() and (not value or context.runs("FM501")):  # FM107's, or FM501's
            continue
        problem = _problem(value)
        if problem:
            yield Finding(
                CODE,
                f"{format_path(path)}: {problem}; expected base64(ciphertext);base64(16-byte IV)",
                path,
            )


def _problem(value: str) -> str:
    parts = value.split(";")
    if len(parts) != 2:
        return "no ';' between the parts" if len(parts) == 1 else f"{len(parts)} parts, not 2"
    sizes = []
    for name, part in (("ciphertext (before ';')", parts[0]), ("IV (after ';')", parts[1])):
        try:
            size = len(b64decode(part, validate=True))
        except (binascii.Error, ValueError) as error:
            return f"the {name} is not valid base64 ({_reason(error)})"
        if not size:
            return f"the {name} is empty"
        sizes.append(size)
    cipher_bytes, iv_bytes = sizes
    if cipher_bytes % BLOCK:
        return f"the ciphertext is {cipher_bytes} bytes, not a whole number of {BLOCK}-byte blocks"
    if iv_bytes != IV_BYTES:
        return f"the IV is {iv_bytes} bytes, not {IV_BYTES}"
    return ""


def _reason(error: Exception) -> str:
    text = str(error).split(":")[0].strip().rstrip(".")
    return text[:1].lower() + text[1:]
