"""Reading a file a user (or another program) may have put anything at.

Every user file (briefings, bookmarks, settings, the parse cache, the index's own state) is
opened through :func:`read_regular`: only a regular file, and only up to a size limit. A FIFO
would block the reader forever, a device can be endless (``/dev/zero``) or have side effects,
and a huge file would freeze the app; each is refused with an :class:`UnusableFile` instead.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class UnusableFile(OSError):
    """The path exists but is not a regular file, or is larger than the limit.

    An OSError, so every handler of unreadable files handles it too; ``strerror`` is the
    one-line reason ("not a regular file (a FIFO)").
    """


def kind_of(mode: int) -> str:
    """``"a FIFO"``, ``"a socket"``... for a file mode that is not a regular file's."""
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def _check(found: os.stat_result, path: Path, limit: int | None) -> None:
    if not stat.S_ISREG(found.st_mode):
        raise UnusableFile(0, f"not a regular file ({kind_of(found.st_mode)})", str(path))
    if limit is not None and found.st_size > limit:
        raise UnusableFile(0, f"too large ({_size(found.st_size)}; read up to {_size(limit)})", str(path))


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MB"
    return f"{max(1, n // 1024)} KB"


def check_regular(path: Path, limit: int | None = None) -> os.stat_result:
    """The file's stat (through symlinks); UnusableFile if it is not a regular file within
    ``limit`` bytes, FileNotFoundError and other OSErrors as ``os.stat`` raises them."""
    found = os.stat(path)
    _check(found, Path(path), limit)
    return found


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``, only if it is a regular file of at most ``limit`` bytes.

    Checked before opening (so a FIFO or a device is never opened) and again on the open
    descriptor (it may have been swapped in between); opened non-blocking, so a FIFO that
    slips through still cannot block. Raises UnusableFile or another OSError.
    """
    path = Path(path)
    check_regular(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        found = os.fstat(fd)
        _check(found, path, limit)
        chunks: list[bytes] = []
        total = 0
        cap = limit if limit is not None else None
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if cap is not None and total > cap:  # grew while we read
                raise UnusableFile(0, f"too large (read up to {_size(cap)})", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


#: What an OSError means, in a few words a user can act on.
_ERRNO_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a parent of it is not a folder",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "a symlink loop",
    errno.EIO: "an input/output error",
    errno.ENAMETOOLONG: "the name is too long",
}


def describe_oserror(exc: OSError) -> str:
    """A few words for why a path could not be used, without a traceback: every surface
    (loading, bookmarks, export, the command line) says it the same way."""
    if isinstance(exc, UnusableFile):
        return exc.strerror or "not a regular file"
    words = _ERRNO_WORDS.get(exc.errno or 0)
    if words:
        return words
    return (exc.strerror or str(exc) or type(exc).__name__).strip().lower()
