"""Intake of evidence files, as pure functions over bytes: what a file is (sniffed from its
bytes, never from its name or a Content-Type), whether it is allowed, and its working copy
with every metadata block removed. `workflows.evidence` runs these in a separate process
with resource limits and keeps the original byte-exact beside the working copy.

Allowed (BAD_INPUTS §4.6): JPEG, PNG, PDF, MP4 and plain UTF-8 text. Refused: SVG and HTML
(scriptable, rows 54 and 57), archives and office documents (zip bombs and macros, rows 51
and 60), anything else unknown. Images are decoded under a pixel cap with Pillow's
decompression-bomb warning made an error (row 52); a truncated image or PDF is refused (row
58). Working copies (row 55):

- JPEG and PNG are re-encoded from their pixels alone (EXIF orientation applied first), so
  EXIF with GPS, maker and serial tags, the embedded thumbnail, XMP, IPTC, ICC, comments and
  PNG tEXt/iTXt/zTXt/eXIf chunks are all gone, and so is any polyglot tail (row 53);
- MP4 keeps its media, but every `udta`, `meta` and `uuid` box (where the ©xyz location, the
  device and XMP live) is overwritten in place by a `free` box of the same size, so chunk
  offsets stay valid;
- plain text has no metadata and is its own working copy;
- a PDF gets none: its metadata and scripts are not removed without a sandboxed converter,
  so only analysts see it, as the original.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from ceasefire.errors import InvalidInput

MAX_PIXELS = 40_000_000
#: Box types whose content can identify a device or a place; MP4 carries them in these.
METADATA_BOXES = frozenset({b"udta", b"meta", b"uuid"})
#: Container boxes walked to find metadata boxes nested in tracks and media.
CONTAINER_BOXES = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"moof", b"traf"})
MP4_BRANDS = frozenset({b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"})
_MARKUP = (b"<svg", b"<html", b"<!doctype", b"<?xml", b"<script", b"<body", b"<head", b"<iframe")
_MAX_NAME = 255
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


class RefusedFile(InvalidInput):
    """A file that is not accepted as evidence; the message says what it looks like and why."""

    code = "refused_file"


@dataclass(frozen=True, slots=True)
class Derived:
    """What the checks found and the working copy made (None when none is made, with why)."""

    mime: str
    width: int | None
    height: int | None
    working: bytes | None
    working_mime: str | None
    note: str


def sniff(data: bytes) -> str:
    """The MIME type of an allowed file, from its bytes; refuses everything else by name."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        if head[8:12] in MP4_BRANDS:
            return "video/mp4"
        raise RefusedFile(f"an ISO media file of brand {head[8:12]!r} is not an accepted video (MP4 only)")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise RefusedFile("a ZIP archive (or an office document, which is one) is not accepted as evidence")
    if head.startswith((b"GIF8", b"II*\x00", b"MM\x00*", b"RIFF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        raise RefusedFile("this kind of file is not accepted; send JPEG, PNG, PDF, MP4 or plain text")
    return _text_kind(data)


def _text_kind(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedFile("not a JPEG, PNG, PDF, MP4 or UTF-8 text file (unknown binary content)") from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text):
        raise RefusedFile("text with control characters (a binary file?) is not accepted")
    start = text.lstrip("\ufeff \t\r\n")[:2048].lower().encode()
    if start.startswith(b"<") and any(tag in start for tag in _MARKUP):
        raise RefusedFile("SVG, HTML and XML are refused: they can carry scripts (send a PNG or PDF instead)")
    return "text/plain"


def derive(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Derived:
    """Check a file and make its working copy; raises `RefusedFile` for anything not allowed."""
    mime = sniff(data)
    if mime in ("image/jpeg", "image/png"):
        return _image(data, mime, max_pixels)
    if mime == "application/pdf":
        if b"%%EOF" not in data[-1024:]:
            raise RefusedFile("the PDF is truncated or corrupt (no %%EOF marker at its end)")
        note = "no working copy: a PDF's metadata and scripts are not removed without a sandboxed converter"
        return Derived(mime, None, None, None, None, note)
    if mime == "video/mp4":
        return Derived(mime, None, None, strip_mp4(data), mime, "udta/meta/uuid boxes overwritten by free boxes")
    return Derived(mime, None, None, data, mime, "plain text carries no metadata")


def _image(data: bytes, mime: str, max_pixels: int) -> Derived:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > max_pixels:
                    raise RefusedFile(f"the image is {width} x {height} pixels; the limit is {max_pixels:,} pixels")
                im.load()
                upright = ImageOps.exif_transpose(im)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise RefusedFile(f"the image would decode to too many pixels ({exc})") from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise RefusedFile(f"the image is truncated or corrupt: {exc}") from None
        finally:
            Image.MAX_IMAGE_PIXELS = previous
    return Derived(mime, width, height, _reencode(upright, mime), mime, "re-encoded from pixels; all metadata removed")


def _reencode(im: Image.Image, mime: str) -> bytes:
    """A new image from the pixels alone: nothing of the original's `info` can follow it."""
    keep_alpha = mime == "image/png" and ("A" in im.getbands() or "transparency" in im.info)
    mode = im.mode if im.mode in ("L", "RGB") else ("RGBA" if keep_alpha else "RGB")
    pixels = im.convert(mode) if im.mode != mode else im
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if mime == "image/jpeg":
        clean.save(out, format="JPEG", quality=92)
    else:
        clean.save(out, format="PNG")
    return out.getvalue()


def strip_mp4(data: bytes) -> bytes:
    """The same MP4 with every metadata box overwritten in place by a `free` box."""
    out = bytearray(data)
    _free_boxes(out, 0, len(out))
    return bytes(out)


def _free_boxes(buf: bytearray, start: int, end: int) -> None:
    at = start
    while at < end:
        if end - at < 8:
            raise RefusedFile(f"the MP4 is truncated or corrupt (a box header at byte {at} is cut off)")
        size = int.from_bytes(buf[at : at + 4], "big")
        kind = bytes(buf[at + 4 : at + 8])
        header = 8
        if size == 1:
            size, header = int.from_bytes(buf[at + 8 : at + 16], "big"), 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise RefusedFile(f"the MP4 is truncated or corrupt (box {kind!r} at byte {at} runs past its parent)")
        if kind in METADATA_BOXES:
            buf[at + 4 : at + 8] = b"free"
            buf[at + header : at + size] = bytes(size - header)
        elif kind in CONTAINER_BOXES:
            _free_boxes(buf, at + header, at + size)
        at += size


def display_name(name: str) -> str:
    """The name a file arrived under, as metadata only: NFC, bidi controls stripped (so
    `…gpj.exe` shows as it is), other invisible or control characters escaped, capped."""
    text = unicodedata.normalize("NFC", name).translate(_BIDI)
    shown = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in text
    )
    return shown if len(shown) <= _MAX_NAME else shown[: _MAX_NAME - 1] + "…"
