"""From uploaded bytes to text, or a message that tells the person what to do instead.

Offices export from Excel and older tools: UTF-8 with or without a byte-order mark, or
Windows-1252. Anything else (a PDF, an .xlsx workbook, an image, UTF-16 "Unicode text") is
refused with an :class:`~service.errors.IngestFileError` that names the file type and the fix.
"""

from __future__ import annotations

import re

from service.errors import IngestFileError, Msg
from service.i18n import N_

_EXPORT_AGAIN = Msg(N_("Export the course list from the source system as CSV or JSON instead."))
_SAVE_AS_CSV = Msg(N_("Open it in Excel and use Save as > 'CSV UTF-8' (German Excel separates columns with ';')."))
_MAGIC: tuple[tuple[bytes, Msg, Msg], ...] = (
    (b"%PDF", Msg(N_("a PDF document")), _EXPORT_AGAIN),
    (b"PK\x03\x04", Msg(N_("a ZIP archive or an Excel/OpenDocument workbook (.xlsx, .ods)")), _SAVE_AS_CSV),
    (b"\xd0\xcf\x11\xe0", Msg(N_("an old Excel or Word file (.xls, .doc)")), _SAVE_AS_CSV),
    (b"\x89PNG", Msg(N_("a PNG image")), _EXPORT_AGAIN),
    (b"\xff\xd8\xff", Msg(N_("a JPEG image")), _EXPORT_AGAIN),
    (b"GIF8", Msg(N_("a GIF image")), _EXPORT_AGAIN),
    (b"\x1f\x8b", Msg(N_("a gzip archive")), Msg(N_("Unpack it and upload the file inside."))),
    (b"{\\rtf", Msg(N_("an RTF document")), _EXPORT_AGAIN),
)
_UTF16 = (
    Msg(N_("UTF-16 text (Excel calls it 'Unicode Text')")),
    Msg(N_("Save it as UTF-8 instead: in Excel use Save as > 'CSV UTF-8'.")),
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
        return _UTF16 if utf16 else (Msg(N_("a binary file (it contains NUL bytes)")), _EXPORT_AGAIN)
    return None


def reject_binary(data: bytes, expected: str) -> None:
    """Raise IngestFileError if ``data`` is empty or not a text file; ``expected`` names the format."""
    if not data.strip():
        raise IngestFileError(template=N_("The file is empty. Upload %(expected)s."), params={"expected": expected})
    found = binary_kind(data)
    if found is not None:
        kind, fix = found
        raise IngestFileError(template=N_("This file is %(kind)s, but Kursfinder needs %(expected)s. %(fix)s"),
                              params={"kind": kind, "expected": expected, "fix": fix})


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
        raise IngestFileError(template=N_("This looks like a binary file, not %(expected)s. %(fix)s"),
                              params={"expected": expected, "fix": _EXPORT_AGAIN})
    return text, encoding


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestFileError(
            template=N_("The file is neither UTF-8 nor Windows-1252 text (byte 0x%(byte)s at "
                        "position %(position)s fits neither). Save it as UTF-8. %(fix)s"),
            params={"byte": f"{data[exc.start]:02x}", "position": exc.start, "fix": _SAVE_AS_CSV},
        ) from None
