"""Turn bytes into text: byte-order marks, declared charsets, detection, and refusal of binaries."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from newstrace.errors import InputError
from newstrace.stages.ingest._source import IngestParams

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Magic numbers of common binary formats people drop into a folder of articles.
_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"PK\x03\x04": "a ZIP archive or an Office document",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Office document (.doc/.xls/.ppt)",
    b"\x1f\x8b": "a gzip archive (name it .gz to have it read)",
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"SQLite format 3\x00": "an SQLite database",
    b"PAR1": "a Parquet file (name it .parquet to have it read)",
    b"wOFF": "a web font",
    b"wOF2": "a web font",
    b"OggS": "an audio or video file",
    b"fLaC": "an audio file",
    b"ID3\x03": "an MP3 file",
    b"ID3\x04": "an MP3 file",
    b"\x1a\x45\xdf\xa3": "a video file (Matroska/WebM)",
    b"RIFF": "a media file (WAV/AVI/WebP)",
    b"\x7fELF": "an executable",
    b"MZ\x90\x00": "a Windows executable",
    b"\xca\xfe\xba\xbe": "a Java class or Mac executable",
    b"\xcf\xfa\xed\xfe": "a Mac executable",
}


def sniff_binary(head: bytes, control_share: float = IngestParams().binary_control_share) -> str | None:
    """Why ``head`` is the start of a binary file (``looks like a PNG image``), or None if it may be text.

    Text whose share of control characters is over ``control_share`` is not text.
    """
    if head[4:8] == b"ftyp":
        return "looks like an MP4/MOV video or HEIC image"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"looks like {what}"
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = head[:4096]
    if not sample:
        return None
    if b"\x00" in sample:
        return "it contains NUL bytes"
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if control / len(sample) > control_share:
        return "mostly control characters"
    return None


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # bytes that were not valid UTF-8 in a file otherwise UTF-8, read as U+FFFD


def mostly_utf8(data: bytes) -> Decoded | None:
    """``data`` read as UTF-8 with its few invalid bytes replaced, when it is UTF-8 with a few stray bytes.

    Text in a legacy charset (Windows-1252, Latin-1) has high bytes that almost never form valid
    UTF-8 sequences by chance, so a text that has valid multi-byte sequences and only a few invalid
    bytes beside them is UTF-8 with damage, not another charset: re-decoding all of it as a guessed
    charset would turn every curly quote into mojibake.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and 0 < bad <= max(3, multibyte // 20):
        return Decoded(text, "utf-8", bad)
    return None


def decode_bytes(
    data: bytes, source: str, *, declared: str | None = None, params: IngestParams | None = None
) -> Decoded:
    """Decode ``data`` to text; return ``(text, encoding, replaced)``. Raise InputError for binaries.

    Order: a byte-order mark, strict UTF-8, UTF-8 with a few stray bytes replaced (``replaced``
    counts them, and readers record a note), a charset the container declares (HTTP header, HTML
    meta), then charset-normalizer's detection.
    """
    what = sniff_binary(data[:8192], (params or IngestParams()).binary_control_share)
    if what:
        raise InputError(
            f"{source}: a binary file ({what}), not an article; remove it or convert it to text/HTML", code="E102"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = mostly_utf8(data)
    if damaged is not None:
        return damaged
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding.lower())
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{source}: cannot tell its text encoding; re-save it as UTF-8", code="E103")
    return Decoded(str(best), best.encoding)
