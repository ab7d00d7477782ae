"""`guarded(call)`: how every fmlint entry point ends, never with a traceback.

A leaf (it imports only `sys`), so both the lean launcher and the click command line use it
without importing each other.
"""

from __future__ import annotations

import sys


def guarded(call) -> None:
    """Run `call`; turn a closed pipe, Ctrl-C or a bug into one line and an exit code."""
    try:
        call()
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`fmlint check | head`): not an error
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("fmlint: interrupted\n")
        sys.exit(130)
    except Exception as error:  # the last line of defence
        sys.stderr.write(f"fmlint: internal error: {error!r}\n")
        sys.exit(2)
