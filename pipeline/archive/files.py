"""Atomic file operations: a temp file in the target folder, fsync, then os.replace.

A reader (or a crash) sees either the old file or the new one, never a half-written one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_CHUNK = 1 << 20
TEMP_SUFFIX = ".tmp"
NAME_MAX_BYTES = 255
_SUFFIX_MAX_BYTES = 16


@functools.cache
def _host_tag() -> str:
    """This machine, in temp names: several nodes write into one shared outbox, and a process
    id means something only on the machine that gave it."""
    try:
        machine = Path("/etc/machine-id").read_text(encoding="ascii").strip()
    except OSError:
        machine = ""
    return hashlib.sha256((machine or socket.gethostname()).encode()).hexdigest()[:8]


def _writer_tag() -> str:
    """`<pid>-<host>`: who writes a temp file, for the sweep of those left by a killed one."""
    return f"{os.getpid()}-{_host_tag()}"


def _file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp makes 0600: archivists must read ours)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


class NotRegularFileError(OSError):
    """A path that is a FIFO, socket, device or symlink where a regular file was expected."""


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in the words of a note (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "tautan (symlink)"
    if stat.S_ISFIFO(mode):
        return "pipa bernama (FIFO)"
    if stat.S_ISSOCK(mode):
        return "soket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "berkas perangkat"
    return "folder" if stat.S_ISDIR(mode) else "berkas khusus"


def open_regular(path: Path) -> IO[bytes]:
    """Open a file for reading only when it is a regular file. Opening a FIFO for reading
    waits for a writer for good, so: not through a symlink, without blocking, and checked
    again on the opened descriptor (the name may have been swapped after a look)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFileError(errno.EINVAL, "bukan berkas biasa", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path, sync_dir: bool = True) -> Iterator[IO[bytes]]:
    """Yield a binary handle; on clean exit the bytes replace `target` in one step.

    `sync_dir=False` leaves the folder's fsync to the caller, who writes several files there
    and syncs once (`fsync_dir`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The name is cut short: a long letter name plus the temp parts must stay under 255 bytes.
    fd, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name[:40]}.{_writer_tag()}.", suffix=TEMP_SUFFIX
    )
    temp = Path(temp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if sync_dir:
        fsync_dir(target.parent)


def atomic_write_bytes(target: Path, data: bytes, sync_dir: bool = True) -> None:
    with atomic_writer(target, sync_dir) as handle:
        handle.write(data)


def atomic_write_text(target: Path, text: str, sync_dir: bool = True) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), sync_dir)


def atomic_copy(source: Path, target: Path) -> str:
    """Copy `source` to `target` atomically; return the SHA-256 of the bytes written."""
    digest = hashlib.sha256()
    with open_regular(source) as reader, atomic_writer(target) as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def _candidates(folder: Path, name: str) -> Iterator[Path]:
    """`folder/name`, then `folder/stem (2).ext`, `folder/stem (3).ext`, ..., each shortened
    (in its stem) to what the filesystem takes."""
    stem, suffix = Path(name).stem, Path(name).suffix
    if len(os.fsencode(suffix)) > _SUFFIX_MAX_BYTES:
        stem, suffix = name, ""
    yield folder / fit_name(stem, suffix)
    counter = 2
    while True:
        yield folder / fit_name(stem, f" ({counter}){suffix}")
        counter += 1


def fit_name(stem: str, ending: str) -> str:
    """`stem + ending`, the stem cut so that the name is at most 255 bytes, never inside a
    UTF-8 character (bytes that are not UTF-8 stay as they are)."""
    room = NAME_MAX_BYTES - len(os.fsencode(ending))
    raw = os.fsencode(stem)
    if len(raw) <= room:
        return stem + ending
    cut = raw[:room]
    while cut and cut[-1] & 0xC0 == 0x80:  # continuation bytes of a cut character
        cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:  # the lead byte of that character
        cut = cut[:-1]
    return os.fsdecode(cut) + ending


def _claim(source: Path, folder: Path, name: str) -> Path:
    """Move `source` (on the same filesystem) to a free name in `folder`: a hard link claims the
    name atomically, so two processes never take the same one (a check-then-rename could)."""
    for candidate in _candidates(folder, name):
        try:
            # A symlink is moved as itself, never the file it points to.
            os.link(source, candidate, follow_symlinks=False)
        except FileExistsError:
            continue
        source.unlink()
        fsync_dir(folder)
        return candidate
    raise AssertionError("unreachable")


def move_to_free_name(source: Path, folder: Path, name: str | None = None) -> Path:
    """Move `source` into `folder` under its name, or `name (2)` ... if taken; never overwrites.
    Across filesystems the bytes are copied (verified) before the source goes."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = name or source.name
    try:
        return _claim(source, folder, wanted)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    copy = copy_to_free_name(source, folder, wanted)
    if sha256_of(copy) == sha256_of(source):
        source.unlink()
    return copy


def copy_to_free_name(source: Path, folder: Path, name: str | None = None) -> Path:
    """Copy `source` into `folder` atomically under a free name; the source stays."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".copy.{_writer_tag()}.",
                                      suffix=TEMP_SUFFIX)
    os.close(fd)
    temp = Path(temp_name)
    try:
        atomic_copy(source, temp)
        return _claim(temp, folder, name or source.name)
    finally:
        temp.unlink(missing_ok=True)


def write_text_to_free_name(folder: Path, name: str, text: str) -> Path:
    return write_to_free_name(folder, name, text.encode("utf-8"))


def write_to_free_name(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` into `folder` atomically under `name`, or a free variant of it."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".part.{_writer_tag()}.",
                                      suffix=TEMP_SUFFIX)
    os.close(fd)
    temp = Path(temp_name)
    try:
        atomic_write_bytes(temp, data)
        return _claim(temp, folder, name)
    finally:
        temp.unlink(missing_ok=True)


def sweep_orphan_temp_files(root: Path, recursive: bool = True) -> list[Path]:
    """Remove temp files whose writer process is gone (killed mid-write); return them.

    Temp names carry the writer (`.<name>.<pid>-<host>.<random>.tmp`), so a file that a live
    process, or any process on another node sharing the outbox, is still writing is left
    alone. Names without a host (older releases) count as this machine's.
    """
    removed = []
    for temp in (root.rglob if recursive else root.glob)(f".*{TEMP_SUFFIX}"):
        parts = temp.name.rsplit(".", 3)
        pid_text, _, host = parts[1].partition("-") if len(parts) == 4 else ("", "", "")
        if not pid_text.isdigit() or host not in ("", _host_tag()):
            continue
        if not process_alive(int(pid_text)):
            temp.unlink(missing_ok=True)
            removed.append(temp)
    return removed


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process may linger a moment as a zombie: it writes nothing more
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def readable_name(path: Path) -> str:
    """The file's name as text that can be written anywhere: bytes that are not UTF-8 (from
    old Windows or Samba clients) become U+FFFD instead of breaking notes and the database."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """One writer at a time in `folder` (an exclusive lock on the folder itself): a service
    worker, a command and the desk may all come to publish one case, render its PDFs or file
    one month's register; the others wait, then find the work done."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
