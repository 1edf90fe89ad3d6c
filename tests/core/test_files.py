"""A user's file is read bounded, and only when it is a regular file; errors name it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from displace.core.errors import DealFileError, InputError
from displace.core.files import read_limited


def test_it_reads_a_file_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert read_limited(path, 8, "CSV file") == b"a,b\n1,2\n"


@pytest.mark.parametrize(("name", "message"), [
    ("missing.csv", "missing.csv: no such CSV file"),
    (".", "is a folder; expected a CSV file"),
    ("big.csv", "over the 4-byte limit for a CSV file"),
    ("pipe", "is not a regular file (a device, pipe or socket); expected a CSV file"),
])
def test_it_refuses_what_is_not_a_readable_file_within_the_limit(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "big.csv").write_bytes(b"12345")
    os.mkfifo(tmp_path / "pipe")  # reading it would block until someone writes
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_limited(tmp_path / name, 4, "CSV file")


def test_it_raises_the_callers_own_error(tmp_path: Path) -> None:
    with pytest.raises(DealFileError, match="no such deal file"):
        read_limited(tmp_path / "x.toml", 10, "deal file", DealFileError)
