"""Reading a user's file from disk: bounded, a regular file only, errors that name it."""

from __future__ import annotations

import stat
from pathlib import Path

from displace.core.errors import DisplaceError, InputError

__all__ = ["read_limited"]


def read_limited(path: Path, most: int, what: str,
                 error: type[DisplaceError] = InputError) -> bytes:
    """The bytes of the file at `path`, or `error` naming it and saying why not: missing, a
    folder, a device or pipe (`/dev/zero` never ends, a FIFO blocks), unreadable, or over
    `most` bytes (never more than `most + 1` are read). `what` names the kind of file the user
    meant ("deal file", "file of examples") in the messages."""
    try:
        if path.is_dir():
            raise error(f"{path}: is a folder; expected a {what}")
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            raise error(f"{path}: is not a regular file (a device, pipe or socket); "
                        f"expected a {what}")
        with path.open("rb") as handle:
            data = handle.read(most + 1)  # bounded, even if the file grows meanwhile
    except FileNotFoundError:
        raise error(f"{path}: no such {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > most:
        raise error(f"{path}: over the {most:,}-byte limit for a {what}")
    return data
