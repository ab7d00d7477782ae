"""Running the engine over many files: the runner (one process or a pool), the cache, and whether a
cache may be believed."""
