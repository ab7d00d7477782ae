"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Every rule fmlint knows is described in the driver (name, help text, default level), so viewers
can explain a finding without fmlint installed.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from .. import __version__
from ..codes import all_codes

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://github.com/fmlint/fmlint/blob/main/docs/rules.md"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def render(results, *, color: bool = False) -> str:
    codes = all_codes()
    index = {code.code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code.code,
            "name": code.name,
            "shortDescription": {"text": code.summary},
            "fullDescription": {"text": code.documentation},
            "help": {"text": code.documentation},
            "helpUri": f"{DOCS}#{code.code.lower()}",
            "defaultConfiguration": {"level": code.severity},
        }
        for code in codes
    ]
    findings = [
        {
            "ruleId": d.code,
            **({"ruleIndex": index[d.code]} if d.code in index else {}),
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
        }
        for d in results.diagnostics
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
                        "informationUri": DOCS.rsplit("/blob/", 1)[0],
                        "rules": rules,
                    }
                },
                "results": findings,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
