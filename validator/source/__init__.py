"""Where a file's text comes from and what it holds: safe reads, the walk, the one reader (decode,
fences, parse) and suppressions."""
