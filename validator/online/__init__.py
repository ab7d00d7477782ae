"""`fmlint check --online`: what the network says about a record's URLs, fetched once per run.

The run collects every URL of every file first (`collect`), asks the answers cache (`store`),
fetches the rest with one shared `Fetcher` (asynchronous, global and per-host limits, retries,
an SSRF guard in `resolver` and `addresses`), and hands the answers to the rules through their
`Context` (`context.answer(url)`). Rules never fetch; the engine stays pure. Only this package
knows an HTTP client (aiohttp) or an image library (Pillow), and it is imported only with
`--online`.
"""
