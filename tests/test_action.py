"""The GitHub Action (`action.yml`), run step by step as the runner would: its install step puts
the action's own checkout into a fresh environment, the lint step annotates and writes the job
summary, the SARIF step writes a log that the OASIS schema accepts."""

from __future__ import annotations

import json
import os
import re
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT, SHARED

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _steps(inputs: dict) -> list[tuple[str, str, dict]]:
    """(name, script, env) of each `run` step, `${{ inputs.X }}` filled in as the runner does
    (a step whose `if` names an empty input is left out, as `inputs.sarif != ''` says)."""
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update(inputs)

    def fill(text: str) -> str:
        return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], text)

    steps = []
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            continue
        condition = step.get("if", "")
        if "inputs.sarif != ''" in condition and not values["sarif"]:
            continue
        assert "${{" not in step["run"], "inputs go through env, never into the script"
        env = {key: fill(str(value)) for key, value in step.get("env", {}).items()}
        steps.append((step["name"], step["run"], env))
    return steps


def test_the_action_is_composite_and_pins_fmlint_to_its_own_ref():
    assert ACTION["runs"]["using"] == "composite"
    install = [script for name, script, _ in _steps({}) if name.startswith("Install")]
    assert install == ['python -m pip install --quiet "$GITHUB_ACTION_PATH"']


@pytest.fixture(scope="module")
def runner_path(tmp_path_factory) -> str:
    """A fresh environment whose `python` comes first on PATH, as setup-python leaves it."""
    environment = tmp_path_factory.mktemp("runner") / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    return f"{environment / 'bin'}{os.pathsep}{os.environ['PATH']}"


def test_the_action_runs_step_by_step(tmp_path, runner_path):
    workspace = tmp_path / "workspace"
    (workspace / "posts").mkdir(parents=True)
    (workspace / "posts" / "bad.md").write_bytes(
        (EXAMPLES / "invalid" / "FM101-unknown-key.md").read_bytes()
    )
    summary = tmp_path / "summary.md"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FMLINT_CACHE_DIR")},
        "PATH": runner_path,
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(summary),
        # no network here: the dependencies come from this environment's site-packages
        "PYTHONPATH": os.pathsep.join(site.getsitepackages()),
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads a "no-" option set to 0 as given
        "PIP_NO_INDEX": "1",
    }
    results = {}
    for name, script, step_env in _steps({"paths": "posts", "sarif": "fmlint.sarif"}):
        results[name] = subprocess.run(
            ["bash", "-c", script],
            cwd=workspace,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert results["Install fmlint (this action's ref)"].returncode == 0, results[
        "Install fmlint (this action's ref)"
    ].stderr
    lint = results["Lint"]
    assert lint.returncode == 1
    assert lint.stdout.startswith("::error file=posts/bad.md,line=3,")
    assert "FM101" in summary.read_text(encoding="utf-8")
    assert results["SARIF"].returncode == 0, results["SARIF"].stderr
    log = json.loads((workspace / "fmlint.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["FM101"]
    where = subprocess.run(
        ["python", "-c", "import validator; print(validator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not where.stdout.startswith(str(ROOT)), "the action's install, not the checkout"
    schema = SHARED / "schemas"
    if schema.is_dir():
        from jsonschema import Draft4Validator

        files = sorted(schema.glob("sarif*.json"))
        if files:
            Draft4Validator(json.loads(files[0].read_text(encoding="utf-8"))).validate(log)


def test_sys_executable_is_not_what_the_action_runs(runner_path):
    assert not runner_path.startswith(str(Path(sys.executable).parent))
