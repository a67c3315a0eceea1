"""Files by content: the original bytes of every import and evidence file, named by SHA-256.

Sits under the workflows that receive files (dataset imports, evidence). A file is streamed
into a temporary file in the same folder tree while it is hashed, flushed to disk (fsync),
then renamed to its hash: a crash leaves either no file or the whole file, never half of
one, and a name always matches its bytes. The same bytes arriving twice are stored once.
Names are generated here, never taken from the user (BAD_INPUTS row 56).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ceasefire.errors import InvalidInput, NotFound

CHUNK = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


class TooLarge(InvalidInput):
    """A file over the size cap; refused before more than the cap was read."""

    code = "too_large"


@dataclass(frozen=True, slots=True)
class StoredBlob:
    """A file in the store: its hash, size and path, and whether this call added it."""

    sha256: str
    size: int
    path: Path
    new: bool


def hash_stream(stream: BinaryIO, *, on_chunk: Callable[[int], None] | None = None) -> tuple[str, int]:
    """SHA-256 and size of a stream read in chunks, for when nothing may be written (dry runs)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        if on_chunk is not None:
            on_chunk(size)
    return digest.hexdigest(), size


class BlobStore:
    """One area of the content-addressed store, e.g. `<data_dir>/imports`."""

    def __init__(self, data_dir: Path, area: str) -> None:
        self.root = Path(data_dir)
        self.area = self.root / area

    def path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise InvalidInput(f"{sha256!r} is not a SHA-256 in lower-case hex")
        return self.area / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        path = self.path(sha256)
        if not path.is_file():
            raise NotFound(f"no stored file with SHA-256 {sha256} under {self.area}")
        return path.open("rb")

    def put_stream(
        self, stream: BinaryIO, *, max_bytes: int | None = None, on_chunk: Callable[[int], None] | None = None
    ) -> StoredBlob:
        """Store the stream's bytes; `max_bytes` refuses a larger file having read at most one chunk past it."""
        tmp_dir = self.root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in iter(lambda: stream.read(CHUNK), b""):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge(f"the file is larger than the limit of {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                    if on_chunk is not None:
                        on_chunk(size)
                out.flush()
                os.fsync(out.fileno())
            return self._commit(tmp, digest.hexdigest(), size)
        finally:
            tmp.unlink(missing_ok=True)

    def move_to(self, sha256: str, other: BlobStore) -> Path:
        """Move a stored file to another area of the store (same file system: one rename)."""
        source, final = self.path(sha256), other.path(sha256)
        if final.is_file():
            source.unlink(missing_ok=True)
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, final)
        except FileNotFoundError:
            if not final.is_file():  # not moved there by a concurrent arrival of the same bytes
                raise
        _fsync_dir(final.parent)
        return final

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_stream(io.BytesIO(data))

    def _commit(self, tmp: Path, sha256: str, size: int) -> StoredBlob:
        final = self.path(sha256)
        if final.is_file():
            return StoredBlob(sha256, size, final, new=False)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp.chmod(0o444)  # an original is evidence: nothing in the product writes to it again
        os.replace(tmp, final)
        _fsync_dir(final.parent)
        return StoredBlob(sha256, size, final, new=True)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can forget the new name."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
