"""Writing user data so a file always holds its old or its new content, never half of either."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(target: Path) -> Path:
    # The name is cut so that a target near the file system's name limit still gets a temp.
    return target.with_name(f".{target.name[:120]}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def write_atomically(target: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``target`` so that it holds either its old or its new content.

    A temp file in the same folder is written, flushed and fsynced, then moved over the
    target with ``os.replace`` (or hard-linked into place, failing with FileExistsError,
    when ``overwrite`` is False), and the folder is fsynced. Raises OSError.
    """
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise
            except OSError as exc:
                # Some file systems have no hard links: check, then move into place.
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                if os.path.lexists(target):
                    raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
                os.replace(temp, target)
            else:
                os.unlink(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(target.parent)
