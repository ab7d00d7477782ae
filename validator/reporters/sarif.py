"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Every rule fmlint knows is described in the driver (name, help as text and as Markdown, default
level, a link to its page on the documentation site), so viewers can explain a finding without
fmlint installed. Artifact locations are RFC 3986 URI references, percent-encoded (`my post #1.md`
is `my%20post%20%231.md`): a relative path is relative to `%SRCROOT%`, which `originalUriBaseIds`
gives as the current directory's `file:///.../` URI; an absolute path is a `file:///` URI. Each
result has a partial fingerprint that hashes its code, file and the text of its line (not the line
number), so it keeps its identity when lines above it move. Columns count characters (code points),
and the run says so (`columnKind`).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote_from_bytes

from .. import __version__
from ..codes import all_codes
from ..escape import dumps
from .ruledocs import DOCS_SITE, heading, markdown_body, options_text, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "fmlintFindingHash/v1"


def _encode(path: str) -> str:
    """A `/`-separated path, percent-encoded as a URI path (UTF-8; an undecodable name by bytes)."""
    return quote_from_bytes(os.fsencode(path), safe="/")


def artifact_location(path: str) -> dict:
    """The SARIF artifactLocation of a path as fmlint reports it."""
    pure = PurePath(path)
    if pure.is_absolute():
        posix = pure.as_posix()
        if pure.drive:  # C:/x -> file:///C:/x (the drive's colon stays)
            drive, rest = posix[: len(pure.drive)], posix[len(pure.drive) :]
            return {"uri": f"file:///{_encode(drive).replace('%3A', ':')}{_encode(rest)}"}
        return {"uri": "file://" + _encode(posix)}
    return {"uri": _encode(pure.as_posix()), "uriBaseId": SRCROOT}


def _base_ids() -> dict:
    try:
        cwd = Path.cwd()
    except OSError:  # the current directory was removed: relative URIs keep their base name
        return {}
    uri = artifact_location(str(cwd))["uri"]
    return {SRCROOT: {"uri": uri if uri.endswith("/") else uri + "/"}}


def help_markdown(code) -> str:
    body = markdown_body(code.documentation + "\n" + options_text(code))
    return "\n".join([f"**{heading(code)}**", "", *body]).rstrip("\n") + "\n"


def _rule(code) -> dict:
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary},
        "fullDescription": {"text": code.documentation},
        "help": {"text": code.documentation, "markdown": help_markdown(code)},
        "helpUri": rule_url(code),
        "defaultConfiguration": {"level": code.severity},
    }


def _fingerprints(results) -> dict:
    """Each diagnostic's hash of code, path and line text, numbered among its equals."""
    seen: Counter = Counter()
    out = {}
    for result in results.files:
        for d in result.diagnostics:
            text = (result.lines.get(d.line) or "").strip()
            identity = (d.code, d.path, text)
            seen[identity] += 1
            data = "\0".join((*identity, str(seen[identity]))).encode("utf-8", "surrogatepass")
            out[id(d)] = hashlib.sha256(data).hexdigest()
    return out


def render(results, *, color: bool = False) -> str:
    codes = all_codes()
    index = {code.code: i for i, code in enumerate(codes)}
    fingerprints = _fingerprints(results)
    findings = [
        {
            "ruleId": d.code,
            **({"ruleIndex": index[d.code]} if d.code in index else {}),
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(d.path),
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprints[id(d)]},
        }
        for result in results.files
        for d in result.diagnostics
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fmlint",
                        "version": __version__,
                        "informationUri": DOCS_SITE,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "originalUriBaseIds": _base_ids(),
                # fmlint counts columns in characters (code points), not SARIF's default UTF-16
                # code units: said here, so a viewer places a column after an emoji right
                "columnKind": "unicodeCodePoints",
                "results": findings,
            }
        ],
    }
    return dumps(log, indent=2) + "\n"
