"""Writing user data so a file always holds its old or its new content, never half of either."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from briefing.content.userfiles import UnusableFile, kind_of


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


def _resolve(target: Path) -> Path:
    """The file a symlinked target names (links followed), so that writing replaces the
    file and keeps the link, as a user who linked it into a synced folder expects."""
    if not os.path.islink(target):
        return target
    return Path(os.path.realpath(target))


def write_atomically(
    target: Path,
    data: bytes,
    *,
    overwrite: bool = True,
    mode: int | None = None,
    replace_special: bool = False,
) -> None:
    """Write ``data`` to ``target`` so that it holds either its old or its new content.

    A temp file in the same folder is written, flushed and fsynced, then moved over the
    target with ``os.replace`` (or hard-linked into place, failing with FileExistsError,
    when ``overwrite`` is False), and the folder is fsynced. Raises OSError.

    A symlinked target is written through (the link stays, its file is replaced); the
    new file keeps the old one's permission bits (or gets ``mode``); a target that exists
    but is not a regular file (a FIFO, a device) is refused with UnusableFile, unless
    ``replace_special`` (the app's own cache files, which nobody else should have made).
    """
    target = _resolve(Path(target))
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode) and not replace_special:
        raise UnusableFile(0, f"not a regular file ({kind_of(existing.st_mode)})", str(target))
    if mode is None and existing is not None and stat.S_ISREG(existing.st_mode):
        mode = stat.S_IMODE(existing.st_mode)
    temp = temp_name(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        # Name the file the user knows, not our temp beside it (a read-only folder, say).
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            if existing is not None and stat.S_ISREG(existing.st_mode) and os.geteuid() == 0:
                # root saving a user's file must not hand it to root
                with contextlib.suppress(OSError):
                    os.fchown(fd, existing.st_uid, existing.st_gid)
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
