"""From uploaded bytes to text, or a message that tells the person what to do instead.

Offices export from Excel and older tools: UTF-8 with or without a byte-order mark, or
Windows-1252. Anything else (a PDF, an .xlsx workbook, an image, UTF-16 "Unicode text") is
refused with an :class:`~service.errors.IngestFileError` that names the file type and the fix.
"""

from __future__ import annotations

import re

from service.errors import IngestFileError

_EXPORT_AGAIN = "Export the course list from the source system as CSV or JSON instead."
_SAVE_AS_CSV = "Open it in Excel and use Save as > 'CSV UTF-8' (German Excel separates columns with ';')."
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", _EXPORT_AGAIN),
    (b"PK\x03\x04", "a ZIP archive or an Excel/OpenDocument workbook (.xlsx, .ods)", _SAVE_AS_CSV),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls, .doc)", _SAVE_AS_CSV),
    (b"\x89PNG", "a PNG image", _EXPORT_AGAIN),
    (b"\xff\xd8\xff", "a JPEG image", _EXPORT_AGAIN),
    (b"GIF8", "a GIF image", _EXPORT_AGAIN),
    (b"\x1f\x8b", "a gzip archive", "Unpack it and upload the file inside."),
    (b"{\\rtf", "an RTF document", _EXPORT_AGAIN),
)
_UTF16 = (
    "UTF-16 text (Excel calls it 'Unicode Text')",
    "Save it as UTF-8 instead: in Excel use Save as > 'CSV UTF-8'.",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """(what the file is, how to fix it) if it is not UTF-8/Windows-1252 text, else None."""
    for magic, kind, fix in _MAGIC:
        if data.startswith(magic):
            return kind, fix
    head = data[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _UTF16
    if b"\x00" in head:
        # UTF-16 without a byte-order mark has a NUL in every other byte of Latin text.
        utf16 = head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
        return _UTF16 if utf16 else ("a binary file (it contains NUL bytes)", _EXPORT_AGAIN)
    return None


def reject_binary(data: bytes, expected: str) -> None:
    """Raise IngestFileError if ``data`` is empty or not a text file; ``expected`` names the format."""
    if not data.strip():
        raise IngestFileError(f"The file is empty. Upload {expected}.")
    found = binary_kind(data)
    if found is not None:
        kind, fix = found
        raise IngestFileError(f"This file is {kind}, but Kursfinder needs {expected}. {fix}")


def decode_text(data: bytes, expected: str) -> tuple[str, str]:
    """(text, encoding): strict UTF-8 (BOM optional) first, then Windows-1252."""
    reject_binary(data, expected)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_cp1252(data), "cp1252"
    sample = text[:65_536]
    # Both encodings accept control characters, which text files do not have in any number.
    if len(_CONTROL.findall(sample)) > max(3, len(sample) // 1000):
        raise IngestFileError(f"This looks like a binary file, not {expected}. {_EXPORT_AGAIN}")
    return text, encoding


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestFileError(
            f"The file is neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x} at "
            f"position {exc.start} fits neither). Save it as UTF-8. {_SAVE_AS_CSV}"
        ) from None
