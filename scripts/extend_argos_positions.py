"""Give a tiny Argos package a longer position table, leaving every other weight as it is.

CTranslate2 refuses inputs and outputs longer than a model's stored position table ("No position
encodings are defined for positions >= 128"). The tiny de->en fixture was built with 128 rows,
shorter than a long sentence from a course description. This rewrites ``model/model.bin`` with
the table extended by the same sinusoid formula, after checking that the stored rows follow it,
so everything the package translated before comes out the same:

    .venv/bin/python scripts/extend_argos_positions.py tests/fixtures/argos/translate-de_en-0_1.argosmodel 320
"""

from __future__ import annotations

import argparse
import io
import logging
import math
import struct
import zipfile
from pathlib import Path

import numpy as np

log = logging.getLogger("extend_argos_positions")

ENCODINGS = "/position_encodings/encodings"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def sinusoid_table(positions: int, d_model: int) -> np.ndarray:
    """Sin and cos halves, as CTranslate2 lays them out (and scripts/tiny_argos_model.py stores them)."""
    half = d_model // 2
    inv = np.exp(np.arange(half, dtype=np.float64) * -(math.log(10000.0) / (half - 1)))
    angles = np.arange(positions, dtype=np.float64)[:, None] * inv[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


def _string(data: bytes, offset: int) -> tuple[str, int]:
    (size,) = struct.unpack_from("<H", data, offset)
    return data[offset + 2 : offset + 1 + size].decode(), offset + 2 + size


def _pack_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<H", len(raw) + 1) + raw + b"\0"


def extend_model_bin(data: bytes, rows: int) -> bytes:
    """model.bin (CTranslate2 binary version 6) with every position table extended to ``rows``."""
    (version,) = struct.unpack_from("<I", data, 0)
    if version != 6:
        raise SystemExit(f"unsupported model.bin version {version}")
    spec, offset = _string(data, 4)
    (revision, count) = struct.unpack_from("<II", data, offset)
    offset += 8
    out = io.BytesIO()
    out.write(struct.pack("<I", version) + _pack_string(spec) + struct.pack("<II", revision, count))
    for _ in range(count):
        name, offset = _string(data, offset)
        (rank,) = struct.unpack_from("<B", data, offset)
        shape = struct.unpack_from("<" + "I" * rank, data, offset + 1)
        offset += 1 + 4 * rank
        dtype, size = struct.unpack_from("<BI", data, offset)
        offset += 5
        value = data[offset : offset + size]
        offset += size
        if name.endswith(ENCODINGS):
            stored = np.frombuffer(value, dtype=np.float32).reshape(shape)
            table = sinusoid_table(max(rows, shape[0]), shape[1])
            if np.abs(table[: shape[0]] - stored).max() > 1e-5:
                raise SystemExit(f"{name} does not follow the sinusoid formula; not extending it")
            table[: shape[0]] = stored  # keep the stored rows bit for bit
            shape, value = table.shape, table.tobytes()
            log.info("%s: %d -> %d rows", name, stored.shape[0], shape[0])
        out.write(_pack_string(name) + struct.pack("<B", len(shape)) + struct.pack("<" + "I" * len(shape), *shape))
        out.write(struct.pack("<BI", dtype, len(value)) + value)
    out.write(data[offset:])  # the aliases
    return out.getvalue()


def extend_package(path: Path, rows: int) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            if name.endswith("/model/model.bin"):
                content = extend_model_bin(content, rows)
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    log.info("wrote %s (%.2f MB)", path, path.stat().st_size / 1e6)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("rows", type=int)
    args = parser.parse_args()
    extend_package(args.package, args.rows)
