"""Which HTTP client `fmlint --online` uses: aiohttp or httpx, 2,000 URLs against a local server.

One run each, the same server (aiohttp.web on 127.0.0.1, a small PNG for every path), the same
global concurrency (128): the time to fetch every URL and read its body. Run:

    .venv/bin/python benchmarks/online_client.py
"""

from __future__ import annotations

import asyncio
import io
import threading
import time

import aiohttp
import httpx
from aiohttp import web
from PIL import Image

URLS = 2000
CONCURRENCY = 128


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "PNG")
    return out.getvalue()


def serve() -> tuple[int, callable]:
    """An aiohttp server in a thread of its own; returns its port and a stop function."""
    body = _png()
    ready = threading.Event()
    state = {}

    async def answer(request):
        return web.Response(body=body, content_type="image/png")

    async def main():
        app = web.Application()
        app.router.add_get("/{tail:.*}", answer)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        state["port"] = site._server.sockets[0].getsockname()[1]
        state["stop"] = asyncio.Event()
        state["loop"] = asyncio.get_running_loop()
        ready.set()
        await state["stop"].wait()
        await runner.cleanup()

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    ready.wait(10)

    def stop():
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(10)

    return state["port"], stop


async def with_aiohttp(urls: list[str]) -> int:
    limit = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(url):
            async with limit, session.get(url) as response:
                return len(await response.read())

        return sum(await asyncio.gather(*(one(url) for url in urls)))


async def with_httpx(urls: list[str]) -> int:
    limit = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one(url):
            async with limit:
                response = await client.get(url)
                return len(response.content)

        return sum(await asyncio.gather(*(one(url) for url in urls)))


def main() -> None:
    port, stop = serve()
    urls = [f"http://127.0.0.1:{port}/image/{n}.png" for n in range(URLS)]
    try:
        times = {}
        for name, client in (("aiohttp", with_aiohttp), ("httpx", with_httpx)):
            start = time.perf_counter()
            asyncio.run(client(urls))
            times[name] = time.perf_counter() - start
    finally:
        stop()
    fastest = min(times.values())
    for name, seconds in times.items():
        print(f"{name:8} {URLS} URLs in {seconds:6.2f} s  ({seconds / fastest:.2f}x the fastest)")


if __name__ == "__main__":
    main()
