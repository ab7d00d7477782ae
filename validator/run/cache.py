"""What `fmlint check` remembers between runs: each file's result, keyed by what decides it.

As ruff keeps one: a folder `.fmlint_cache/` beside the configuration file (the current folder
without one), or `--cache-dir` / `FMLINT_CACHE_DIR`, with its own `.gitignore` (`*`) and a
`CACHEDIR.TAG`. One entry per file, named by a hash of

- the file's bytes and the path it is reported under (the path is in every diagnostic, and
  per-file-ignores match it: with them, the path relative to the project root counts too),
- the run's key (`run_key`): the settings that decide results (everything but where they came
  from), the schema (its canonical JSON), fmlint's version and a fingerprint of its source files,
  and the Python that runs it.

A clean file's entry is an empty file named `<key>-ok` (nothing to decode, no disk block: a hard
link to one marker file, so a hit is one `stat`); a file with findings has a `<key>` entry: a
checksum, then its result in `marshal` format (built in: no import cost). Entries with findings are
written `PACK` at a time as one file each of them is a hard link to (`Cache._write_pack`: a new
file costs ~100 times a link). A corrupt, truncated or foreign entry fails its checksum or its
decoding and is a miss, never an error. Writes are atomic (a whole file under a temporary name,
then linked or renamed), so two runs can share a cache; any trouble writing just stops this run
from writing. The run's process looks files up itself (`runner`); workers only store.

Never stale: a file that a clock-dependent rule could judge differently later is not stored
(`volatile`, which the runner asks), nor one whose rules looked its pictures up in the site
(FM407, FM408: a picture can appear, go or change while the file stays the same; `job`). The
entries' bytes are `entries`' business; whether a cache folder may be believed at all is
`trust`'s.

Size: entries not used for `MAX_AGE` are removed, then the least recently used ones while the
cache is above `MAX_BYTES`; pruning runs at the end of a run at most once a day (a `pruned` stamp),
or after a run that wrote many entries. A hit refreshes an entry's time at most once a day.

One module past 400 lines, on purpose: keys, lookups, writes, packs and pruning are one store's
lifecycle over one folder layout; the entries' bytes (`entries`), the clock (`volatile`) and
the trust in the folder (`disk.trust`) are elsewhere.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from stat import S_ISREG

from ..disk.write import CACHEDIR_TAG, GITIGNORE, ensure_folder, real_folder, unlink, write_new
from ..model import FileResult
from .entries import PACK_MAGIC, blake2b, decode, encode, pack_entries, unpack_entry

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # nothing under the cache folder is read through a link
_O_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | _NOFOLLOW

FOLDER = ".fmlint_cache"
ENTRIES = "entries-v1"  # inside the cache folder; other files (urls.py's PSL list) coexist
STAMP = "pruned"
HINT_STAMP = "collections-hint"  # the hint on collections was given (`cli.outputs`): once
MAX_AGE = 30 * 86400.0  # seconds an entry may go unused
MAX_BYTES = 256 * 1024 * 1024  # entries' size (each counted at least ENTRY_COST)
ENTRY_COST = 256  # what an entry costs beyond its bytes (directory entry, inode)
PRUNE_EVERY = 86400.0
PRUNE_AFTER_WRITES = 5000
TOUCH_AFTER = 86400.0
TEMPORARY_AGE = 3600.0  # a temporary file this old was left by a run that was killed
_PACK_NAME = "pack."  # inside the entries folder, while a pack is being written and linked
PACK = 64  # entries with findings held before they are written as one pack
_CLEAN = "-ok"
_MARKER = "clean."  # inside the entries folder: the file every clean entry is a link to


def folder_for(settings, given: str | os.PathLike | None = None) -> Path:
    """`--cache-dir`, else `FMLINT_CACHE_DIR`, else `.fmlint_cache` beside the config file (or
    in the current folder when there is none)."""
    if given:
        return Path(given)
    env = os.environ.get("FMLINT_CACHE_DIR")
    if env:
        return Path(env)
    config = getattr(settings, "config_file", None)
    base = Path(config).parent if config is not None else Path.cwd()
    return base / FOLDER


def run_key(settings, schema: dict) -> bytes:
    """Everything besides the file that decides a result, as one digest."""
    import json

    # the package is imported before any of its modules (read, not imported: no import cycle)
    __version__ = getattr(sys.modules[__package__.partition(".")[0]], "__version__", "")
    decisive = [
        (name, getattr(settings, name))
        for name in settings.FIELDS
        if name not in ("root", "config_file", "sources", "options")
    ]
    options = settings.options
    # by name (Option objects compare by identity); the clock (`now`) is not a key: volatile
    # rules are handled by what gets stored
    written = sorted((option.name, repr(raw)) for option, raw in options.written)
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = blake2b(digest_size=20)
    for part in (
        __version__,
        _source_fingerprint(),
        sys.implementation.cache_tag or "",
        sys.version,
        repr(decisive),
        repr(written),
    ):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(blake2b(canonical.encode("utf-8", "surrogatepass")).digest())
    return digest.digest()


def _source_fingerprint() -> str:
    """Each of fmlint's own files with its size and time: a changed checkout is a new version."""
    package = Path(__file__).parent.parent  # the whole package, not only this folder
    parts = []
    stack = [package]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(Path(entry.path))
            elif entry.name.endswith((".py", ".json")):
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


class Cache:
    """One run's view of a cache folder. Counts `hits` and `stored`; never raises on I/O."""

    def __init__(self, folder: str | os.PathLike, key: bytes):
        self.folder = Path(folder)
        self.entries = os.path.join(self.folder, ENTRIES)
        self.run_key = key
        self._base = blake2b(key, digest_size=20)  # the run's part of every key, hashed once
        self.hits = 0
        self.stored = 0
        self.writable = True
        self._ready = False
        self._now = time.time()
        self._shards: set[str] = set()
        self._marker: str | None = None
        self._present: set[str] | None = None  # shard folders there were at the first lookup
        self._batch: list[tuple[str, bytes]] = []  # entries with findings not yet written

    # -- keys and paths
    def key(self, path: str, data: bytes, relative: str | None = None) -> str:
        digest = self._base.copy()
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        if relative is not None:
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\1")
        digest.update(data)
        return digest.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self.entries, key[:2], key[2:])

    # -- reading
    def get(self, key: str, path: str) -> FileResult | None:
        """The stored result for this key, or None (a miss: absent, corrupt or foreign)."""
        result = self.lookup(key, path)
        return FileResult(path, ()) if isinstance(result, str) else result

    def lookup(self, key: str, path: str) -> str | FileResult | None:
        """As `get`, but a clean file's hit is just its path (no result to build): one `stat`."""
        present = self._present
        if present is None:
            present = self._present = self._shards_present()
        if key[:2] not in present:  # a cold cache: no syscall for a miss
            return None
        entry = f"{self.entries}{os.sep}{key[:2]}{os.sep}{key[2:]}"
        try:
            stat = os.stat(entry + _CLEAN, follow_symlinks=False)
        except OSError:
            pass
        else:
            if not S_ISREG(stat.st_mode):
                return None  # a link or a folder planted under an entry's name
            if self._now - stat.st_mtime > TOUCH_AFTER:
                self._touch(entry + _CLEAN, stat, clean=True)
            self.hits += 1
            return path
        try:
            descriptor = os.open(entry, _O_READ)
        except OSError:
            return None
        try:
            stat = os.fstat(descriptor)
            blob = os.read(descriptor, stat.st_size + 1)
        except OSError:
            return None
        finally:
            os.close(descriptor)
        if blob.startswith(PACK_MAGIC):
            blob = unpack_entry(blob, key)
        result = decode(blob, path)
        if result is not None:
            self._touch(entry, stat)
            self.hits += 1
        return result

    def _shards_present(self) -> set[str]:
        if os.path.islink(self.entries):
            return set()  # read through a real folder only
        try:
            with os.scandir(self.entries) as found:
                return {
                    s.name for s in found if len(s.name) == 2 and s.is_dir(follow_symlinks=False)
                }
        except OSError:
            return set()

    def _touch(self, entry: str, stat, clean: bool = False) -> None:
        """Mark an entry used (at most once a day): a clean one is linked to this run's marker."""
        if self._now - stat.st_mtime <= TOUCH_AFTER or not self.writable:
            return
        try:
            if clean:
                self._link_clean(entry, replace=True)
            else:
                os.utime(entry)
        except OSError:
            pass

    # -- writing
    def put(self, key: str, result: FileResult) -> None:
        if not self.writable:
            return
        blob = b"" if not result.diagnostics else encode(result)
        if blob is None:
            return
        self.stored += 1
        if blob:
            self._batch.append((key, blob))
            if len(self._batch) >= PACK:
                self.flush()
            return
        try:
            entry = self._entry(key)
            self._prepare(entry)
            self._link_clean(entry + _CLEAN)
        except OSError:
            self.writable = False  # a read-only or full disk: lint on, stop writing

    def flush(self) -> None:
        """Write the entries with findings held so far as one pack (see `_write_pack`)."""
        batch, self._batch = self._batch, []
        if not batch or not self.writable:
            return
        try:
            self._write_pack(batch)
        except OSError:
            self.writable = False

    def _write_pack(self, batch: list) -> None:
        """Entries with findings, written as one file that each entry is a hard link to: creating
        a file costs this VM's ext4 ~100-300 us, a link ~3 us. The pack is whole before any entry
        names it (written under a temporary name, then linked), so a reader sees all or nothing."""
        for key, _ in batch:
            self._prepare(self._entry(key))
        pack = os.path.join(self.entries, f"{_PACK_NAME}{os.getpid()}.{os.urandom(4).hex()}.tmp")
        write_new(pack, pack_entries(batch))
        try:
            for key, _ in batch:
                entry = self._entry(key)
                try:
                    os.link(pack, entry)
                except FileExistsError:  # another run's (same key: the same verdict), or a
                    temporary = f"{entry}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                    os.link(pack, temporary)  # corrupt one: replaced whole
                    os.replace(temporary, entry)
        finally:
            unlink(pack)

    def _link_clean(self, target: str, replace: bool = False) -> None:
        """A clean entry is a hard link to an empty marker file: creating an inode costs ~60 times
        what a link costs (measured on a VM's ext4: 160 us against 2.5 us). The marker's time is
        when its entries were last used, which pruning reads."""
        for _ in range(3):
            if self._marker is None:
                self._prepare(os.path.join(self.entries, "x"))
                marker = os.path.join(self.entries, f"{_MARKER}{os.getpid()}.{os.urandom(4).hex()}")
                os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
                self._marker = marker
            try:
                if replace:
                    temporary = f"{target}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                    os.link(self._marker, temporary)
                    os.replace(temporary, target)
                else:
                    os.link(self._marker, target)
                return
            except FileExistsError:
                return  # another run stored it: the same verdict
            except OSError as error:
                if error.errno not in (errno.EMLINK, errno.ENOENT):  # marker full, or pruned
                    raise
                self._marker = None
        raise OSError("cannot link a cache entry")

    def _prepare(self, entry: str) -> None:
        if not self._ready:  # the folder and its entries folder, checked once a run
            ensure_folder(self.folder)
            real_folder(self.entries)
            self._shards.add(self.entries)
            self._ready = True
        shard = os.path.dirname(entry)
        if shard not in self._shards:
            real_folder(shard)
            self._shards.add(shard)

    # -- pruning
    def prune_due(self) -> bool:
        if self.stored >= PRUNE_AFTER_WRITES:
            return True
        if not self.stored and not self.hits:
            return False
        try:
            return self._now - os.stat(os.path.join(self.folder, STAMP)).st_mtime > PRUNE_EVERY
        except OSError:
            return os.path.isdir(self.entries)

    def prune(self, max_age: float = MAX_AGE, max_bytes: int = MAX_BYTES) -> int:
        removed = prune(self.folder, max_age=max_age, max_bytes=max_bytes, now=self._now)
        try:
            stamp = os.path.join(self.folder, STAMP)
            os.close(os.open(stamp, os.O_WRONLY | os.O_CREAT | _NOFOLLOW, 0o644))
            os.utime(stamp, follow_symlinks=False)
        except OSError:
            pass
        return removed


def prune(
    folder: str | os.PathLike,
    *,
    max_age: float = MAX_AGE,
    max_bytes: int = MAX_BYTES,
    now: float | None = None,
) -> int:
    """Remove entries unused for `max_age` seconds, then the oldest while above `max_bytes`, and
    temporary files left by killed runs. Returns how many files went."""
    now = time.time() if now is None else now
    entries = os.path.join(folder, ENTRIES)
    kept, removed = [], 0
    if not os.path.isdir(entries) or os.path.islink(entries):
        return 0  # pruning goes through a real folder only: a link could lead anywhere
    try:
        shards = list(os.scandir(entries))
    except OSError:
        return 0
    markers = []
    for shard in shards:
        if shard.name.startswith(_MARKER):
            markers.append(shard)
            continue
        if shard.name.startswith(_PACK_NAME):  # left by a run killed while writing it
            try:
                if now - shard.stat(follow_symlinks=False).st_mtime > TEMPORARY_AGE:
                    removed += unlink(shard.path)
            except OSError:
                pass
            continue
        if not shard.is_dir(follow_symlinks=False):
            continue
        try:
            names = list(os.scandir(shard.path))
        except OSError:
            continue
        for entry in names:
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            age = now - stat.st_mtime
            stale = entry.name.endswith(".tmp") and age > TEMPORARY_AGE
            if stale or age > max_age:
                removed += unlink(entry.path)
            elif not entry.name.endswith(".tmp"):
                # a pack's bytes are shared by the entries that link to it
                size = max(stat.st_size, 0) // max(stat.st_nlink, 1)
                kept.append((stat.st_mtime, size + ENTRY_COST, entry.path))
    total = sum(size for _, size, _ in kept)
    if total > max_bytes:
        kept.sort()
        for _, size, path in kept:
            if total <= max_bytes * 0.8:
                break
            removed += unlink(path)
            total -= size
    for marker in markers:  # a marker no entry links to any more
        try:
            stat = marker.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.st_nlink <= 1 and now - stat.st_mtime > TEMPORARY_AGE:
            unlink(marker.path)
    return removed


def clean(folder: str | os.PathLike) -> bool:
    """`fmlint clean`: remove the cache folder. Only what fmlint puts there goes (its entries,
    `.gitignore`, `CACHEDIR.TAG`, the prune and hint stamps, the parsed PSL, `--online`'s
    answers); the folder itself
    goes when that leaves it empty, so a mistaken `--cache-dir` cannot delete someone's files.
    Returns whether there was a cache."""
    import contextlib
    import shutil

    from ..online.store import NAME as ANSWERS  # `--online`'s answers (the module is light)

    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        return False
    shutil.rmtree(folder / ENTRIES, ignore_errors=True)
    written = {".gitignore": GITIGNORE, "CACHEDIR.TAG": CACHEDIR_TAG}
    for path in folder.iterdir():
        name = path.name
        if path.is_dir() or path.is_symlink():
            continue
        if name in written:
            try:
                ours = path.read_text(encoding="utf-8") == written[name]
            except (OSError, UnicodeDecodeError):
                ours = False
        else:
            ours = (
                name in (STAMP, HINT_STAMP, ANSWERS)
                or (name.startswith("psl-") and name.endswith((".marshal", ".pickle", ".tmp")))
                or (name.startswith(ANSWERS + ".") and name.endswith(".tmp"))  # a killed write
            )
        if ours:
            unlink(str(path))
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when nothing else is left in it
    return True
