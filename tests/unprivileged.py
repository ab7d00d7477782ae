"""Running fmlint as an unprivileged user (`nobody`) from the tests, where this machine allows it.

It needs root (to switch user), `setpriv` or `runuser`, and a checkout `nobody` can read: a clone
under a home folder of mode 700 (`/root/...`) is not, and there the tests skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _switch() -> list[str] | None:
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


def _probe() -> tuple[list[str] | None, str]:
    """(the command prefix that runs as nobody, or None; why not)."""
    if not IS_ROOT:
        return None, "needs root to run fmlint as another user"
    switch = _switch()
    if switch is None:
        return None, "needs setpriv or runuser to run fmlint as another user"
    try:
        done = subprocess.run(
            [*switch, sys.executable, "-c", "import validator.cli.launch"],
            cwd="/",
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"cannot run a process as nobody: {error}"
    if done.returncode != 0:
        return None, (
            f"the user nobody cannot import fmlint from {ROOT} (a checkout under a private "
            "home folder, say)"
        )
    return switch, ""


AS_NOBODY, WHY_NOT = _probe()


def shared_folder(prefix: str) -> Path:
    """A folder anyone may write (pytest's tmp_path is the runner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o777)
    return folder
