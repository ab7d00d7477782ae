"""What fmlint reads and writes of its own, safely: capped reads that follow no link where asked,
atomic writes, and whether a folder of state may be believed."""
