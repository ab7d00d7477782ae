"""JUnit XML: one testsuite per file, a failing testcase per finding, a passing one per clean file.

CI systems that only read test reports (Jenkins, Azure Pipelines, GitLab's test tab) show these.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET


def render(results, *, color: bool = False) -> str:
    root = ET.Element("testsuites", name="fmlint")
    total = failures = 0
    for result in results.files:
        suite = ET.SubElement(root, "testsuite", name=result.path)
        cases = len(result.diagnostics) or 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(result.diagnostics)))
        total += cases
        failures += len(result.diagnostics)
        if not result.diagnostics:
            ET.SubElement(suite, "testcase", name="front matter", classname=result.path)
        for d in result.diagnostics:
            case = ET.SubElement(
                suite, "testcase", name=f"{d.code} at {d.line}:{d.column}", classname=result.path
            )
            failure = ET.SubElement(case, "failure", message=d.message, type=d.code)
            failure.text = f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
