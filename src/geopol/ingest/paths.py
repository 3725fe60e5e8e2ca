"""Walking the user's paths: files and folders (recursive), with include/exclude globs."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from geopol.errors import InputNotFound
from geopol.ingest.metadata import validate_user_date
from geopol.ingest.readers import READERS, Item, format_suffix, read_file
from geopol.records import Skipped


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """A glob matches the file name or its path relative to the folder given."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(relative, p) for p in patterns)


def iter_files(
    paths: Iterable[str | Path], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[Path]:
    """Files to read, in a stable (sorted) order. Paths that do not exist are left out:
    :func:`missing_paths` reports them."""
    for given in paths:
        path = Path(given)
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from _walk(path, include, exclude)


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path]:
    for found in sorted(p for p in folder.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in found.relative_to(folder).parts):
            continue  # hidden files and folders (.git, .DS_Store)
        if include and not _matches(found, folder, include):
            continue
        if not include and format_suffix(found) not in READERS:
            continue  # a folder walk only picks files geopol can read
        if exclude and _matches(found, folder, exclude):
            continue
        yield found


def missing_paths(paths: Iterable[str | Path]) -> list[Skipped]:
    """A Skipped for each given path that is neither a file nor a folder."""
    return [
        InputNotFound("no such file or folder", source=str(p)).skipped()
        for p in paths
        if not Path(p).is_file() and not Path(p).is_dir()
    ]


def read_paths(
    paths: Iterable[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    date: str | None = None,
) -> Iterator[Item]:
    """Documents from files and folders; bad files become Skipped and the batch goes on."""
    user_date = validate_user_date(date)
    paths = list(paths)
    yield from missing_paths(paths)
    for path in iter_files(paths, include=include, exclude=exclude):
        yield from read_file(path, date=user_date)
