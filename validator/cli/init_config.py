"""The `.fmlint.toml` text `fmlint init` writes: the settings the site's generator asks for,
then its collections, every name from the tree escaped as a TOML string can hold it.
"""

from __future__ import annotations

from ..source.files import escape_glob


def render_config(found) -> str:
    """The `.fmlint.toml` text of an `init.Plan`: the settings the generator asks for, then one
    collection a line, the first match deciding."""
    lines = [
        "# Written by `fmlint init`. Each file is checked against the schema of the first glob",
        "# that matches it; a file in no collection gets only the checks that hold for any front",
        "# matter (it opens and closes, parses, no duplicate keys or tags).",
    ]
    if found.yaml_version is not None:
        lines.append("# Jekyll reads YAML 1.1 (Ruby's Psych): `published: no` is false.")
        lines.append(f"yaml-version = {_toml_string(found.yaml_version)}")
    if found.excluded:
        lines.append("# the generator's templates, data and output: no content")
        globs = ", ".join(_toml_string(_folder_glob(name)) for name, _count in found.excluded)
        lines.append(f"extend-exclude = [{globs}]")
    if found.heat is not None:
        lines.append("")
        lines.append("[consistency]")
        lines.append(f"# {found.heat.evidence}")
        lines.append(f"published-heat = {found.heat.threshold}")
    lines.append("")
    lines.append("[collections]")
    for folder in found.folders:
        if folder.schema is not None:
            lines.append(f"{_toml_string(folder.glob)} = {_toml_string(folder.schema)}")
    return "\n".join(lines) + "\n"


def _folder_glob(name: str) -> str:
    """An `exclude` glob for one folder of the site (anchored at the site: `/layouts/`)."""
    return "/" + "/".join(escape_glob(part) for part in name.split("/")) + "/"


_TOML_SHORT = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string: `"` and `\\` escaped, and every character that is not
    printable (controls, DEL, U+2028, ...) as `\\uXXXX` (TOML forbids the controls raw). `text`
    holds no lone surrogate (`_is_text`), which no TOML escape can hold."""
    out = []
    for char in text:
        if char in _TOML_SHORT:
            out.append(_TOML_SHORT[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(f"\\U{ord(char):08X}")
    return '"' + "".join(out) + '"'
