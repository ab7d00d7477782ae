"""JUnit XML: one testsuite per file, a testcase per finding, a passing one per clean file.

CI systems that only read test reports (Jenkins, Azure Pipelines, GitLab's test tab) show these.
The shape is the common Jenkins JUnit format (tests/schemas/junit-10.xsd): every `testsuite`
states `tests`, `failures`, `errors` and `skipped`. An error is a testcase with a `<failure>`; a
warning is a passing testcase whose `<system-out>` says what was found, so a report of warnings
only fails nothing (as the exit code is 0). XML 1.0 cannot hold most control characters even as
character references, so every non-printable character is written as a visible escape (`\\x1b`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..escape import visible


def _line(d) -> str:
    return visible(f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}")


def render(results, *, color: bool = False) -> str:
    root = ET.Element("testsuites", name="fmlint")
    total = failures = 0
    for result in results.files:
        name = visible(result.path)
        suite = ET.SubElement(root, "testsuite", name=name)
        cases = len(result.diagnostics) or 1
        failed = sum(d.severity != "warning" for d in result.diagnostics)
        suite.set("tests", str(cases))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += cases
        failures += failed
        if not result.diagnostics:
            ET.SubElement(suite, "testcase", name="front matter", classname=name)
        for d in result.diagnostics:
            case = ET.SubElement(
                suite,
                "testcase",
                name=visible(f"{d.code} at {d.line}:{d.column}"),
                classname=name,
            )
            if d.severity == "warning":
                ET.SubElement(case, "system-out").text = _line(d)
            else:
                failure = ET.SubElement(
                    case, "failure", message=visible(d.message), type=visible(d.code)
                )
                failure.text = _line(d)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
