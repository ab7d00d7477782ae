"""A release as `python -m build` makes it: an sdist and a wheel that `twine check` accepts, that
install into a fresh environment without the checkout, and whose `fmlint` lints the examples."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from validator import __version__

from .conftest import EXAMPLES, ROOT

pytest.importorskip("build", reason="the dev extra's `build`")
pytest.importorskip("twine", reason="the dev extra's `twine`")


def _run(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """`python -m build` of a copy of the tracked files (no stray build folders in the tree)."""
    work = tmp_path_factory.mktemp("release")
    tracked = _run("git", "-C", str(ROOT), "ls-files", "-z")
    if tracked.returncode != 0:
        pytest.skip("needs the checkout's git to list the tracked files")
    source = work / "source"
    for name in filter(None, tracked.stdout.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = _run(
        sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist"), str(source)
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "dist"


def test_the_sdist_and_the_wheel_carry_the_version_and_pass_twine_check(dist):
    names = sorted(path.name for path in dist.iterdir())
    assert names == [f"fmlint-{__version__}-py3-none-any.whl", f"fmlint-{__version__}.tar.gz"]
    checked = _run(sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir()))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2


def test_the_wheel_installs_and_lints_the_examples_without_the_checkout(dist, tmp_path):
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    # the dependencies come from the running environment's site-packages, on PYTHONPATH (no
    # network); its .pth files are not read from there, so an editable fmlint stays out
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "-q",
        str(wheel),
    )
    if installed.returncode != 0 and "no such option: --python" in installed.stderr:
        pytest.skip("needs pip 22.3 or newer (--python)")
    assert installed.returncode == 0, installed.stderr
    env = {k: v for k, v in os.environ.items() if k != "FMLINT_CACHE_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(site.getsitepackages())
    ran = subprocess.run(
        [str(environment / "bin" / "fmlint"), "check", "--no-cache", "valid/"],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (ran.returncode, ran.stdout) == (0, ""), ran.stderr
    assert ran.stderr.startswith("All checks passed (")
    where = subprocess.run(
        [str(python), "-c", "import validator; print(validator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert where.stdout.startswith(str(environment)), where.stdout  # the wheel's, not the checkout
    version = subprocess.run(
        [str(environment / "bin" / "fmlint"), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert __version__ in version.stdout
