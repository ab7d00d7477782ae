"""`fmlint server` as an editor starts it, fed raw bytes over a pipe: `--stdio` is accepted, and
bad headers never stop it serving the next valid request nor print a traceback."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from validator.server.transport import FramedReader

TIMEOUT = 15.0  # seconds; a healthy server answers in well under one


def _body(message: dict) -> bytes:
    return json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")


def _framed(message: dict, newline: bytes = b"\r\n") -> bytes:
    body = _body(message)
    return b"Content-Length: %d%s%s%s" % (len(body), newline, newline, body)


def _request(id_: int, method: str, params: dict | None = None) -> dict:
    return {"id": id_, "method": method, "params": params}


def _hover(id_: int) -> dict:
    return _request(
        id_,
        "textDocument/hover",
        {"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}},
    )


NOTHING = _body({"method": "$/nothing"})  # a notification that asks for nothing back

BAD_HEADERS = {
    "no Content-Length": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
    + NOTHING,
    "a non-numeric Content-Length": b"Content-Length: twelve\r\n\r\n" + NOTHING,
    "an empty Content-Length": b"Content-Length:\r\n\r\n" + NOTHING,
    "a negative Content-Length": b"Content-Length: -5\r\n\r\n" + NOTHING,
    "a Content-Length of 400 digits": b"Content-Length: " + b"9" * 400 + b"\r\n\r\n" + NOTHING,
    "no headers at all": b"hello\r\n\r\n",
    "a body that is not JSON": b"Content-Length: 5\r\n\r\n{oops",
    "a body that is not JSON-RPC": b"Content-Length: 5\r\n\r\n[1,2]",
    "a long line without a newline": b"x" * 200_000,
}


class _Server:
    """`python -m validator server ARGS` with a thread that splits its stdout into messages."""

    def __init__(self, *args: str, command: tuple[str, ...] = ("-m", "validator", "server")):
        self.process = subprocess.Popen(
            [sys.executable, *command, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue = queue.Queue()
        self._stderr: list[bytes] = []  # drained all along: a full pipe would block the server
        threading.Thread(target=self._read, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()

    def _read_stderr(self) -> None:
        while chunk := self.process.stderr.read1(65536):
            self._stderr.append(chunk)

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def response(self, id_: int) -> dict:
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if message.get("id") == id_:
                return message

    def finish(self) -> str:
        """Shut down and exit as a client does; the exit code must be 0. Returns stderr."""
        self.send(_framed(_request(10_000, "shutdown")))
        assert "error" not in self.response(10_000)
        self.send(_framed({"method": "exit"}))
        self.process.stdin.close()
        try:
            code = self.process.wait(timeout=TIMEOUT)
        finally:
            self.process.kill()
        self._stderr_reader.join(timeout=TIMEOUT)
        stderr = b"".join(self._stderr).decode("utf-8", "replace")
        assert code == 0, stderr
        return stderr


def _initialize(server: _Server) -> None:
    server.send(_framed(_request(1, "initialize", {"processId": None, "capabilities": {}})))
    assert "capabilities" in server.response(1)["result"]
    server.send(_framed({"method": "initialized", "params": {}}))


@pytest.mark.parametrize(
    "args", [(), ("--stdio",), ("--stdio", "--clientProcessId=4242")], ids=" ".join
)
def test_the_arguments_editors_pass_are_accepted(args):
    server = _Server(*args)
    _initialize(server)
    assert "Traceback" not in server.finish()


def test_bad_headers_never_stop_the_server_serving_the_next_request():
    server = _Server("--stdio")
    _initialize(server)
    for number, (name, data) in enumerate(BAD_HEADERS.items(), start=2):
        server.send(data)
        server.send(_framed(_hover(number)))
        try:
            response = server.response(number)
        except queue.Empty:
            pytest.fail(f"no answer to the request after {name}")
        assert response["result"] is None, name  # nothing to show: the file is not open
    stderr = server.finish()
    assert "Traceback" not in stderr
    assert "a message was skipped" in stderr


@pytest.mark.parametrize(
    "framing",
    [
        pytest.param(lambda m: _framed(m, b"\n"), id="LF-only lines"),
        pytest.param(
            lambda m: b"content-length:%d\r\n\r\n%s" % (len(_body(m)), _body(m)),
            id="a lower-case name, no space",
        ),
        pytest.param(
            lambda m: (
                b"Content-Type: application/vscode-jsonrpc\r\nContent-Length: %d\r\n\r\n%s"
                % (len(_body(m)), _body(m))
            ),
            id="Content-Type first",
        ),
    ],
)
def test_headers_written_loosely_are_still_understood(framing):
    server = _Server()
    server.send(framing(_request(1, "initialize", {"processId": None, "capabilities": {}})))
    assert "capabilities" in server.response(1)["result"]
    server.send(framing(_hover(2)))
    assert server.response(2)["result"] is None
    assert "Traceback" not in server.finish()


class _Bytes:
    def __init__(self, data: bytes):
        import io

        self._stream = io.BytesIO(data)

    def readline(self, limit: int = -1) -> bytes:
        return self._stream.readline(limit)

    def read(self, size: int) -> bytes:
        return self._stream.read(size)


def test_the_reader_hands_pygls_one_canonical_header_per_message():
    body = _body({"method": "$/nothing"})
    data = (
        b"Content-Length: x\r\n\r\n"
        + body
        + b"Content-Length: %d\n\n" % len(body)
        + body
        + b"Content-Length: %d\r\n\r\n" % len(body)
        + body[:-3]  # cut short by the end of input
    )
    reader = FramedReader(_Bytes(data))
    got = []
    while line := reader.readline():
        assert line == b"Content-Length: %d\r\n" % len(body)
        assert reader.readline() == b"\r\n"
        got.append(reader.read(len(body)))
    assert got == [body, body[:-3]]


def test_a_header_split_across_read_chunks_is_found():
    body = _body({"method": "$/nothing"})
    cut = FramedReader._LIMIT - 5  # `Content-Length:` straddles the end of the first chunk
    data = b"x" * cut + b"Content-Length: %d\r\n\r\n" % len(body) + body
    reader = FramedReader(_Bytes(data))
    assert reader.readline() == b"Content-Length: %d\r\n" % len(body)
    assert reader.readline() == b"\r\n"
    assert reader.read(len(body)) == body
    assert reader.readline() == b""


# --- abuse: huge lengths, invalid params, many edits -------------------------------------------


def test_a_huge_content_length_is_refused_and_the_next_request_answered():
    server = _Server("--stdio")
    _initialize(server)
    for number, length in enumerate((FramedReader.MAX_BODY + 1, 10**14, 10**15 - 1), start=2):
        server.send(b"Content-Length: %d\r\n\r\n" % length + NOTHING)
        server.send(_framed(_hover(number)))
        assert server.response(number)["result"] is None, length
    stderr = server.finish()
    assert "is over the limit of" in stderr
    assert "Traceback" not in stderr


def test_a_body_of_the_largest_allowed_size_is_read_in_chunks():
    reader = FramedReader(_Bytes(b"Content-Length: %d\r\n\r\n" % FramedReader.MAX_BODY + b"{}"))
    assert reader.readline() == b"Content-Length: %d\r\n" % FramedReader.MAX_BODY
    assert reader.readline() == b"\r\n"
    assert reader.read(FramedReader.MAX_BODY) == b"{}"  # what arrived, not a 64 MB buffer


def test_a_refused_length_is_skipped_up_to_the_next_header():
    body = _body({"method": "$/nothing"})
    data = b"Content-Length: %d\r\n\r\n" % (FramedReader.MAX_BODY + 1) + b"x" * 300_000
    data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    reader = FramedReader(_Bytes(data))
    assert reader.readline() == b"Content-Length: %d\r\n" % len(body)
    assert reader.readline() == b"\r\n"
    assert reader.read(len(body)) == body


@pytest.mark.parametrize(
    "method, params",
    [
        ("textDocument/hover", {"textDocument": 5}),
        ("textDocument/hover", {"textDocument": {"uri": "file:///a.md"}}),
        ("textDocument/codeAction", {"textDocument": {"uri": "file:///a.md"}}),
        ("textDocument/codeAction", {}),
        ("codeAction/resolve", 5),
    ],
)
def test_a_request_with_invalid_params_gets_an_invalid_params_error(method, params):
    server = _Server("--stdio")
    _initialize(server)
    server.send(_framed(_request(2, method, params)))
    response = server.response(2)
    assert response["error"]["code"] == -32602, response
    assert method in response["error"]["message"]
    server.send(_framed(_hover(3)))  # and it keeps serving
    assert server.response(3)["result"] is None
    assert "Traceback" not in server.finish()


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/status")
def test_memory_stays_flat_over_many_edits():
    server = _Server("--stdio")
    _initialize(server)
    uri = "file:///nowhere/edited.md"
    text = "---\ntitle: An edited record\n---\nbody\n"
    server.send(
        _framed(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "markdown",
                        "version": 0,
                        "text": text,
                    }
                },
            }
        )
    )

    def edits(first: int, count: int) -> None:
        batch = []
        for version in range(first, first + count):
            change = {"text": f"{text}edit {version}\n"}
            params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
            batch.append(_framed({"method": "textDocument/didChange", "params": params}))
            if len(batch) == 500:
                server.send(b"".join(batch))
                batch = []
        server.send(b"".join(batch))

    def synced(id_: int) -> int:
        server.send(_framed(_hover(id_)))
        deadline = TIMEOUT * 8  # 20,000 notifications: seconds, not minutes
        message = None
        while message is None or message.get("id") != id_:
            message = server.messages.get(timeout=deadline)
        return _rss_kb(server.process.pid)

    edits(1, 5_000)  # warm-up: caches, allocator arenas, lazily imported modules
    before = synced(2)
    edits(5_001, 20_000)
    after = synced(3)
    assert after - before < 10 * 1024, f"RSS grew by {after - before} KB over 20,000 edits"
    assert "Traceback" not in server.finish()


def _open(uri: str, text: str) -> bytes:
    document = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
    return _framed({"method": "textDocument/didOpen", "params": {"textDocument": document}})


def _published(server: _Server, uri: str) -> list[dict]:
    while True:
        message = server.messages.get(timeout=TIMEOUT)
        params = message.get("params") or {}
        if message.get("method") == "textDocument/publishDiagnostics" and params["uri"] == uri:
            return params["diagnostics"]


def test_a_document_slow_to_lint_gets_one_diagnostic_and_the_server_goes_on():
    probe = str(Path(__file__).with_name("lsp_slow.py"))
    server = _Server(command=(probe,))
    _initialize(server)
    slow, quick = "file:///nowhere/slow.md", "file:///nowhere/quick.md"
    started = time.monotonic()
    server.send(_open(slow, "---\ntitle: slow-lint\n---\n"))
    diagnostics = _published(server, slow)
    assert [d["message"] for d in diagnostics] == ["fmlint took too long on this document"]
    assert diagnostics[0]["severity"] == 2
    assert time.monotonic() - started < 10  # the budget (0.5 s), not the lint (60 s)
    server.send(_framed(_hover(2)))
    assert server.response(2)["result"] is None
    server.send(_open(quick, "---\ntitle: 5\n---\n"))
    assert "fmlint took too long on this document" not in [
        d["message"] for d in _published(server, quick)
    ]
    stderr = server.finish()
    assert "took over 0.5 s" in stderr
    assert "Traceback" not in stderr
