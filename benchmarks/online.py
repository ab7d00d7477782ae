"""`fmlint check --online` against the ideal time its concurrency limits allow, and a cached run.

5,000 distinct image and page URLs from the real records of `../shared/corpus/` (records taken
in path order until their URLs reach `--urls`), copied with every URL rewritten to plain http on
the local server's port; the host names stay, and `--resolve '*=127.0.0.1'` connects every one
to the server (an aiohttp server in its own process, 127.0.0.1 only), which waits a fixed
`--latency` (50 ms) before each answer: a small PNG for an image request, a short page else.

The ideal time is what the limits allow with an instant client: the larger of
ceil(N / max-concurrency) latencies (every slot busy) and, for the busiest host, its n URLs
spaced by host-request-interval, or ceil(n / host-concurrency) latencies. Floors: the first
run within 2x the ideal; the second, answered from `.fmlint_cache/`, under a tenth of the first.

    .venv/bin/python benchmarks/online.py
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from validator.config import Settings  # noqa: E402
from validator.engine import Engine  # noqa: E402
from validator.online.collect import wanted_urls  # noqa: E402
from validator.online.settings import NetworkSettings  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
ONLINE_CODES = "FM207,FM208,FM209,FM405,FM406"
_URL = re.compile(r"https?://([A-Za-z0-9.-]+)(?=[/?\"#])")


def serve(port_pipe, latency: float) -> None:
    """The local server (its own process): every answer after `latency` seconds."""
    import asyncio

    from aiohttp import web
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "PNG")
    png = out.getvalue()

    async def answer(request):
        await asyncio.sleep(latency)
        if "image" in request.headers.get("Accept", ""):
            return web.Response(body=png, content_type="image/png")
        return web.Response(text="<!DOCTYPE html><p>ok</p>", content_type="text/html")

    async def main():
        app = web.Application()
        app.router.add_get("/{tail:.*}", answer)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
        await site.start()
        port_pipe.send(site._server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(main())


def records(limit: int, port: int, out: Path) -> dict:
    """Copy records until their URLs (rewritten to the local port) reach `limit`; the wanted
    URLs, as the run will collect them."""
    engine = Engine(settings=Settings(select=tuple(ONLINE_CODES.split(","))))
    network = NetworkSettings.from_written()
    wanted: dict = {}
    for path in sorted(CORPUS.rglob("*.md")):
        text = _URL.sub(lambda m: f"http://{m.group(1)}:{port}", path.read_text("utf-8"))
        found = wanted_urls([(str(path), text.encode())], engine, network).wanted
        engine.parsed.clear()  # the documents kept for a lint: none follows here
        new = {url: kind for url, kind in found.items() if url not in wanted}
        if len(wanted) + len(new) > limit:
            break
        wanted.update(new)
        target = out / path.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return wanted


def ideal(wanted: dict, latency: float, network: NetworkSettings) -> float:
    from urllib.parse import urlsplit

    per_host = Counter(urlsplit(url).hostname for url in wanted)
    overall = math.ceil(len(wanted) / network.max_concurrency) * latency
    busiest = max(
        max(
            (n - 1) * network.host_request_interval + latency,
            math.ceil(n / network.host_concurrency) * latency,
        )
        for n in per_host.values()
    )
    return max(overall, busiest)


def fmlint(folder: Path, cache: Path) -> tuple[float, str]:
    command = [
        str(ROOT / ".venv" / "bin" / "fmlint"),
        "check",
        "--isolated",
        "--online",
        "--allow-private-hosts",
        "--resolve",
        "*=127.0.0.1",
        "--cache-dir",
        str(cache),
        "--select",
        ONLINE_CODES,
        "--output-format",
        "concise",
        "--exit-zero",
        str(folder),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"fmlint failed ({done.returncode}): {done.stderr[-2000:]}")
    line = next((x for x in done.stderr.splitlines() if x.startswith("Online:")), "")
    return seconds, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not here: {CORPUS}")
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(send, args.latency), daemon=True)
    server.start()
    work = Path(tempfile.mkdtemp(prefix="fmlint-online-"))
    try:
        port = receive.recv()
        wanted = records(args.urls, port, work / "records")
        network = NetworkSettings.from_written()
        images = sum(kind == "image" for kind in wanted.values())
        hosts = len({url.split("/")[2] for url in wanted})
        files = sum(1 for _ in (work / "records").rglob("*.md"))
        best = ideal(wanted, args.latency, network)
        print(
            f"{len(wanted)} URLs ({images} images, {len(wanted) - images} pages) on {hosts} "
            f"hosts, from {files} records; {args.latency * 1000:.0f} ms a request"
        )
        print(
            f"limits: max-concurrency {network.max_concurrency}, host-concurrency "
            f"{network.host_concurrency}, host-request-interval {network.host_request_interval} s"
        )
        first, said = fmlint(work / "records", work / "cache")
        print(f"ideal time the limits allow: {best:6.2f} s")
        print(
            f"fmlint --online, cold:       {first:6.2f} s  ({first / best:.2f}x the ideal; "
            f"floor 2x)   {said}"
        )
        second, said = fmlint(work / "records", work / "cache")
        print(
            f"fmlint --online, cached:     {second:6.2f} s  ({second / first:.3f} of the cold "
            f"run; floor 0.1)   {said}"
        )
    finally:
        server.terminate()
        server.join(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("FMLINT_CACHE_DIR", None)
    main()
