"""Unit vectors in a compact form for the claim index: int8 components and one float32 scale.

A MiniLM vector of 384 float32 components takes 1,536 bytes; packed it takes 388, and the cosine
of two unpacked vectors stays within about 0.002 of the float one (each component is rounded to
1/254 of the vector's largest one, and the rounding errors of 384 components mostly cancel).
Unpacked vectors are scaled back to unit length.

While a corpus links, the unit vectors are held in half precision (:data:`STORED`): a million
units take 0.6 GB instead of 1.2, and every product is computed in float32 from them
(:func:`cosines`), within 1e-4 of the cosine of the float32 vectors.
"""

from __future__ import annotations

from typing import Sequence

SCALE_BYTES = 4
STORED = "float16"  # the dtype of the unit vectors held while a corpus links


def cosines(a, b):
    """The cosines of the rows of ``a`` with those of ``b`` (unit vectors of any float dtype),
    computed in float32."""
    import numpy as np

    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T


def pack(vector) -> bytes:
    """``vector`` (float, any length) as the float32 scale followed by its int8 components."""
    import numpy as np

    v = np.asarray(vector, dtype=np.float32).ravel()
    top = float(np.abs(v).max()) if len(v) else 0.0
    scale = np.float32(top / 127.0 if top > 0 else 1.0)
    q = np.clip(np.rint(v / scale), -127, 127).astype(np.int8)
    return scale.tobytes() + q.tobytes()


def unpack(blob: bytes):
    """The unit-length float32 vector of :func:`pack`'s bytes."""
    return unpack_many([blob])[0]


def unpack_many(blobs: Sequence[bytes]):
    """One unit-length float32 row per packed vector (all of one length)."""
    import numpy as np

    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    width = len(blobs[0])
    if any(len(b) != width for b in blobs) or width <= SCALE_BYTES:
        raise ValueError("packed vectors of different lengths (or empty); the claim index is damaged")
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), width)
    scale = raw[:, :SCALE_BYTES].copy().view(np.float32)
    out = raw[:, SCALE_BYTES:].copy().view(np.int8).astype(np.float32) * scale
    norm = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norm > 0, norm, 1.0)
