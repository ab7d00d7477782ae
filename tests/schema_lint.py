"""One file linted against a hand-written schema, as a user runs it: the rules by schema role."""

from __future__ import annotations

import json


def lint_with_schema(run, tmp_path, schema: dict, front: str, *options: str) -> list[str]:
    """`fmlint check --schema` on one file of front matter `front`: `LINE:COL CODE message` of
    each finding."""
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "post.md").write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    result = run(
        "check",
        "--isolated",
        "--no-cache",
        "--output-format",
        "concise",
        "--schema",
        str(tmp_path / "schema.json"),
        *options,
        str(tmp_path / "post.md"),
    )
    assert result.exit_code in (0, 1), result.output
    return [line.split(":", 1)[1].strip() for line in result.stdout.splitlines()]
