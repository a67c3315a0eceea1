"""Evidence files: originals kept byte-exact, working copies with no metadata, refusals kept."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from ceasefire.domain.reports import Report, Source
from ceasefire.domain.statuses import ReportKind, Role, SourceKind
from ceasefire.errors import NotFound
from ceasefire.intake.evidence_files import RefusedFile, display_name
from ceasefire.storage import audit_log, reports_repo
from ceasefire.storage.record import Record
from ceasefire.storage.schema import evidence_files, evidence_links, quarantine
from ceasefire.workflows.evidence import add_evidence, open_evidence

GPS = 0x8825
METADATA_TAGS = ("GPS", "Make", "Model", "Serial", "Thumbnail", "Artist", "Copyright", "Comment", "XMP")


def _ifd(at: int, entries: list[tuple[int, int, int, bytes]], next_ifd: int) -> bytes:
    """One little-endian TIFF IFD at offset `at`, with values over 4 bytes after it."""
    data_at = at + 2 + 12 * len(entries) + 4
    head, data = struct.pack("<H", len(entries)), b""
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            field = value.ljust(4, b"\0")
        else:
            field = struct.pack("<I", data_at + len(data))
            data += value + (b"\0" if len(value) % 2 else b"")
        head += struct.pack("<HHI", tag, kind, count) + field
    return head + struct.pack("<I", next_ifd) + data


def _rational(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack("<II", a, b) for a, b in pairs)


def exif_with_gps_and_thumbnail(thumbnail: bytes) -> bytes:
    """EXIF as a camera writes it: Make, Model, a GPS fix and a JPEG thumbnail in IFD1."""
    gps = [
        (0, 1, 4, b"\x02\x02\x00\x00"),
        (1, 2, 2, b"N\0"),
        (2, 5, 3, _rational((35, 1), (55, 1), (5028, 100))),
        (3, 2, 2, b"E\0"),
        (4, 5, 3, _rational((36, 1), (38, 1), (201, 100))),
    ]

    def ifd0(gps_at: int, ifd1_at: int) -> bytes:
        entries = [
            (0x010F, 2, 6, b"Canon\0"),
            (0x0110, 2, 13, b"Canon EOS 5D\0"),
            (GPS, 4, 1, struct.pack("<I", gps_at)),
        ]
        return _ifd(8, entries, ifd1_at)

    def ifd1(at: int, thumb_at: int) -> bytes:
        entries = [
            (0x0103, 3, 1, struct.pack("<H", 6)),
            (0x0201, 4, 1, struct.pack("<I", thumb_at)),
            (0x0202, 4, 1, struct.pack("<I", len(thumbnail))),
        ]
        return _ifd(at, entries, 0)

    gps_at = 8 + len(ifd0(0, 0))
    ifd1_at = gps_at + len(_ifd(gps_at, gps, 0))
    thumb_at = ifd1_at + len(ifd1(ifd1_at, 0))
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd0(gps_at, ifd1_at) + _ifd(gps_at, gps, 0)
    return b"Exif\0\0" + tiff + ifd1(ifd1_at, thumb_at) + thumbnail


def photo_with_gps() -> bytes:
    thumb = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(thumb, format="JPEG")
    image = Image.new("RGB", (640, 480), (40, 90, 160))
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif_with_gps_and_thumbnail(thumb.getvalue()), comment=b"taken by monitor 7")
    return out.getvalue()


def png_with_text_chunks() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "monitor 7")
    info.add_itxt("Location", "35.9306 N, 36.6339 E")
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    Image.new("RGBA", (32, 32), (0, 0, 0, 128)).save(out, format="PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def png_chunks(data: bytes) -> list[bytes]:
    at, kinds = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


@pytest.fixture
def report(record: Record) -> str:
    """Two stored monitor reports; the first one's id is returned."""
    received = datetime(2017, 6, 10, tzinfo=UTC)
    with record.transaction("test") as tx:
        reports_repo.ensure_source(tx.conn, Source("monitor:m7", "m7", SourceKind.MONITOR))
        for rid, sha in (("rpt-evidence-test", "0" * 64), ("rpt-evidence-two", "1" * 64)):
            reports_repo.insert_report(tx.conn, Report(rid, "monitor:m7", ReportKind.MONITOR_REPORT, sha, received), [])
    return "rpt-evidence-test"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_photo_keeps_its_original_and_loses_gps_maker_and_thumbnail_in_the_working_copy(
    record: Record, report: str, tmp_path: Path
) -> None:
    data = photo_with_gps()
    with Image.open(io.BytesIO(data)) as im:  # the fixture really carries what must go
        exif = im.getexif()
        assert exif[0x010F] == "Canon" and exif.get_ifd(GPS)[2] and exif.get_ifd(ExifTags.IFD.IFD1)
    added = add_evidence(record, report, write(tmp_path, "IMG_0001.jpg", data), data_dir=tmp_path / "data")
    assert added.evidence.sha256 == hashlib.sha256(data).hexdigest()
    original, _ = open_evidence(
        record, added.evidence.sha256, role=Role.ANALYST, variant="original", data_dir=tmp_path / "data"
    )
    assert original.read_bytes() == data
    working, mime = open_evidence(record, added.evidence.sha256, role=Role.MONITOR, data_dir=tmp_path / "data")
    assert mime == "image/jpeg"
    clean = working.read_bytes()
    with Image.open(working) as im:
        assert im.size == (640, 480)
        assert len(im.getexif()) == 0 and "exif" not in im.info and "comment" not in im.info
    assert b"Exif" not in clean and b"Canon" not in clean and clean.count(b"\xff\xd8") == 1
    if shutil.which("exiftool"):
        tags = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", str(working)], capture_output=True).stdout)[0]
        assert not [k for k in tags if any(word in k for word in METADATA_TAGS)]


def test_png_text_and_exif_chunks_are_dropped_from_the_working_copy(
    record: Record, report: str, tmp_path: Path
) -> None:
    data = png_with_text_chunks()
    assert {b"tEXt", b"iTXt", b"eXIf"} <= set(png_chunks(data))
    added = add_evidence(record, report, write(tmp_path, "map.png", data), data_dir=tmp_path / "data")
    working, _ = open_evidence(record, added.evidence.sha256, role=Role.PUBLIC, data_dir=tmp_path / "data")
    assert set(png_chunks(working.read_bytes())) == {b"IHDR", b"IDAT", b"IEND"}


def test_the_same_file_twice_is_stored_once_and_linked_to_both_reports(
    record: Record, report: str, tmp_path: Path
) -> None:  # row 59
    data, data_dir = photo_with_gps(), tmp_path / "data"
    first = add_evidence(record, report, write(tmp_path, "a.jpg", data), data_dir=data_dir)
    second = add_evidence(record, "rpt-evidence-two", write(tmp_path, "b.jpg", data), data_dir=data_dir)
    again = add_evidence(record, "rpt-evidence-two", write(tmp_path, "c.jpg", data), data_dir=data_dir)
    assert (first.new_file, second.new_file, second.new_link, again.new_link) == (True, False, True, False)
    with record.reader() as conn:
        assert conn.execute(select(func.count()).select_from(evidence_files)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(evidence_links)).scalar_one() == 2
        actions = [e.action for e in audit_log.events_for(conn, "evidence", first.evidence.sha256)]
    assert actions == [
        "evidence.received",
        "evidence.derived",
        "evidence.linked",
        "evidence.linked",
        "evidence.custody",
    ]
    assert len(list((data_dir / "evidence" / "originals").rglob("*"))) == 2  # one folder, one file


def test_originals_are_for_analysts_only_and_every_access_is_logged(
    record: Record, report: str, tmp_path: Path
) -> None:
    added = add_evidence(record, report, write(tmp_path, "a.jpg", photo_with_gps()), data_dir=tmp_path / "data")
    with pytest.raises(NotFound):
        open_evidence(record, added.evidence.sha256, role=Role.PARTY_LIAISON, variant="original", data_dir=tmp_path)
    open_evidence(record, added.evidence.sha256, role=Role.ANALYST, variant="original", data_dir=tmp_path / "data")
    with record.reader() as conn:
        accesses = [e.payload for e in audit_log.events_for(conn, "evidence", added.evidence.sha256)]
    assert {"variant": "original", "role": "analyst"} in accesses


def test_storage_names_are_hashes_and_the_given_name_is_escaped_metadata(
    record: Record, report: str, tmp_path: Path
) -> None:  # rows 42, 56
    added = add_evidence(
        record, report, write(tmp_path, "x.jpg", photo_with_gps()), name="../../etc/\u202egpj.exe", data_dir=tmp_path
    )
    assert added.name == "../../etc/gpj.exe"
    stored = list((tmp_path / "evidence" / "originals").rglob(added.evidence.sha256))
    assert len(stored) == 1 and stored[0].is_relative_to(tmp_path)
    assert display_name("a\x00b\nc" + "x" * 400).startswith("a\\u0000b\\u000ac") and len(display_name("y" * 400)) == 255


def _bomb() -> bytes:
    """A valid PNG of 8000 x 8000 one-bit pixels: 64 megapixels in a few kilobytes."""
    width = height = 8000
    row = b"\0" + bytes(width // 8)
    idat = zlib.compress(row * height, 9)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "0" * 1_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("map.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "SVG"),  # row 54
        ("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "SVG, HTML"),  # row 57
        ("cut.jpg", photo_with_gps()[:2000], "truncated"),  # row 58
        ("bomb.png", _bomb(), "pixels"),  # row 52
        ("report.docx", _zip(), "ZIP"),  # rows 51, 60
        ("clip.gif", b"GIF89a" + bytes(100), "not accepted"),
        ("report.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "truncated"),  # row 58
    ],
)
def test_files_outside_the_allowlist_are_refused_and_kept_in_the_quarantine(
    record: Record, report: str, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    with pytest.raises(RefusedFile, match=words):
        add_evidence(record, report, write(tmp_path, name, data), data_dir=tmp_path / "data")
    sha = hashlib.sha256(data).hexdigest()
    with record.reader() as conn:
        held = conn.execute(select(quarantine).where(quarantine.c.file_sha256 == sha)).one()
        assert conn.execute(select(func.count()).select_from(evidence_files)).scalar_one() == 0
    assert held.kind == "evidence" and held.raw["report"] == report
    assert (tmp_path / "data" / "evidence" / "refused" / sha[:2] / sha).read_bytes() == data


def test_a_polyglot_tail_does_not_survive_in_the_working_copy(record: Record, report: str, tmp_path: Path) -> None:
    data = photo_with_gps() + b"<html><script>alert(document.cookie)</script></html>"  # row 53
    added = add_evidence(record, report, write(tmp_path, "poly.jpg", data), data_dir=tmp_path / "data")
    working, _ = open_evidence(record, added.evidence.sha256, role=Role.OBSERVER, data_dir=tmp_path / "data")
    assert b"<script" not in working.read_bytes()


def test_a_pdf_is_kept_for_analysts_without_a_working_copy(record: Record, report: str, tmp_path: Path) -> None:
    data = b"%PDF-1.4\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF\n"  # row 60
    added = add_evidence(record, report, write(tmp_path, "r.pdf", data), data_dir=tmp_path / "data")
    assert added.evidence.mime == "application/pdf" and added.evidence.working_sha256 is None
    with pytest.raises(NotFound):
        open_evidence(record, added.evidence.sha256, role=Role.MONITOR, data_dir=tmp_path / "data")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read_whole(
    record: Record, report: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.workflows import evidence

    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    with pytest.raises(RefusedFile, match="larger than the limit"):
        add_evidence(record, report, write(tmp_path, "big.txt", b"a" * 5000), data_dir=tmp_path / "data")


def test_an_mp4_keeps_its_media_and_loses_its_location_box() -> None:
    from ceasefire.intake.evidence_files import derive

    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", 8 + len(body)) + kind + body

    xyz = box(b"\xa9xyz", b"\x00\x12\x15\xc7+35.9306+036.6339/")
    movie = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + box(
        b"moov", box(b"mvhd", bytes(100)) + box(b"udta", xyz) + box(b"trak", box(b"meta", b"Apple iPhone 12"))
    )
    movie += box(b"mdat", b"\x00\x01\x02media")
    found = derive(movie)
    assert found.mime == "video/mp4" and found.working is not None and len(found.working) == len(movie)
    assert b"xyz" not in found.working and b"iPhone" not in found.working and found.working.endswith(b"media")
