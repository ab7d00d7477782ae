"""The language server's transport: stdio that survives malformed messages, and a time budget.

- `FramedReader`: stdin with every header block made well-formed before pygls reads it.
- `FmlintProtocol`: a request with params that do not fit gets an error reply, not silence, and a
  notification's Future does not stay behind in pygls's table.
- `within`: work in a worker thread with a time budget, so one slow document never wedges the
  server.
- `log_without_tracebacks`: stderr logging, a record a line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

logger = logging.getLogger(__name__)


class FramedReader:
    """stdin as pygls reads it, with every header block made well-formed first.

    pygls takes a message only after a `Content-Length: N\\r\\n` line exactly; without one (no
    length, a non-numeric one, LF-only lines) it reads the body as headers and loses every message
    after it. This reader parses each header block itself (CRLF or LF lines, names in any case,
    other headers ignored), skips a block without a valid length, and resynchronises on the next
    `Content-Length:` even when it follows the remains of a skipped body on the same line; pygls
    is then handed one canonical header line, a blank line and the body.

    A length over MAX_BODY (64 MB) is refused the same way: the block is skipped with a log line,
    and whatever body follows is read past in bounded lines until the next header, so a huge or
    lying length costs neither a huge allocation nor every message after it.
    """

    _NAME = b"content-length:"
    _LIMIT = 1 << 16  # a header line is short; longer runs are a skipped body, read in chunks
    _CHUNK = 1 << 20
    _DIGITS = 15  # a longer length is no message anyone sends
    MAX_BODY = 64 << 20  # a larger body is refused: its header block is skipped, as a bad one

    def __init__(self, raw):
        self._raw = raw
        self._pending: list[bytes] = []
        self._carry = b""  # the tail of a chunk cut mid-line: a header name may straddle it

    def readline(self) -> bytes:
        if not self._pending:
            length = self._next_length()
            if length is None:
                return b""  # end of input
            self._pending = [b"Content-Length: %d\r\n" % length, b"\r\n"]
        return self._pending.pop(0)

    def read(self, size: int) -> bytes:
        """`size` bytes, or fewer at the end of input; read in chunks, so that a lying length
        costs the bytes that really arrive, not an allocation of that size."""
        chunks = []
        while size > 0:
            chunk = self._raw.read(min(size, self._CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _line(self) -> bytes:
        line = self._carry + self._raw.readline(self._LIMIT)
        self._carry = b""
        if line and not line.endswith(b"\n") and len(line) >= self._LIMIT:
            keep = len(self._NAME) - 1
            line, self._carry = line[:-keep], line[-keep:]
        return line

    def _next_length(self) -> int | None:
        length, skipped = None, ""  # skipped: why the block read so far carries no message
        while True:
            line = self._line()
            if not line:
                return None
            text = line.rstrip(b"\r\n")
            if not text.strip():
                if length is not None:
                    return length
                if skipped:
                    logger.warning("a message was skipped: %s", skipped)
                    skipped = ""
                continue
            found = text.lower().find(self._NAME)
            if found > 0:  # a header after the remains of a skipped body
                text = text[found:]
            name, _, value = text.partition(b":")
            if name.strip().lower() == b"content-length":
                value = value.strip()
                if value.isdigit() and len(value) <= self._DIGITS:
                    length = int(value)
                    if length <= self.MAX_BODY:
                        continue
                    skipped = f"Content-Length {length} is over the limit of {self.MAX_BODY}"
                else:
                    skipped = f"Content-Length is not a number: {value[:40]!r}"
                length = None
            elif length is None and not skipped:
                skipped = "no Content-Length header"


class FmlintProtocol(LanguageServerProtocol):
    """pygls 2.1's protocol with two holes closed.

    - A request whose params do not fit its method (`{"textDocument": 5}` for a hover) fails while
      pygls turns the JSON into a message, before it knows there is a request to answer: it logs
      and answers nothing, so the client waits forever. Here it gets a `-32602` error reply.
    - pygls keeps the Future of every handler that is a generator (its own didOpen, didChange,
      didClose... are, and they call ours) in `_request_futures` under a fresh id, and only a
      request's reply takes it out: each notification leaked one (~2 KB). Here a Future leaves
      that table once it is done.
    """

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = data.get("id")
            if "method" in data and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool):
                if not isinstance(error, JsonRpcInvalidParams):
                    error = JsonRpcInvalidParams()
                cause = error.__cause__
                message = f"{error.message}: {data.get('method')!r}"
                if cause is not None:
                    message += f": {str(cause).splitlines()[0][:200]}"
                self._send_response(
                    msg_id, error=JsonRpcInvalidParams(message=message).to_response_error()
                )
            raise

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id, future) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]


def within(seconds: float, work: Callable[[], Any]) -> tuple[bool, Any]:
    """`work()` in a worker thread with `seconds` to finish: (True, what it returned), or
    (False, None) when it is over its budget; what it raised is raised here.

    A thread cannot be stopped: work over its budget runs on in the background and its result is
    dropped.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the waiting thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="fmlint lint", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        return False, None
    if "error" in outcome:
        raise outcome["error"]
    return True, outcome["result"]


class _OneLineFormatter(logging.Formatter):
    """A log record on one line: an exception as its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        text = super().format(record)
        # pygls formats some tracebacks into the message itself ("Unable to deserialize message")
        if "Traceback (most recent call last)" in text:
            text = text.split("\n", 1)[0]
        if error is not None:
            text += f": {error!r}"
        return text.replace("\n", "\\n")


def log_without_tracebacks() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLineFormatter("fmlint server: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
