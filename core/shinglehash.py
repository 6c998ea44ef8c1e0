"""MinHash values of a text's character shingles, computed over arrays.

`core.reprints.signature` gives the same values through datasketch's `MinHash.update_batch`, which
hashes each shingle in a Python loop (CRC-32 of its UTF-32 bytes): about 150 us of a 350-character
story's 480 us of import preparation. Here the CRC-32 of every window is one array expression:
CRC-32 of a fixed-length message is affine over GF(2) in its bits, so it is the CRC of the
all-zero message XORed with one table value per (byte position, byte value); the values are then
put through datasketch's `affine32` scheme (MurmurHash3's fmix32, then `a * h + b` modulo 2^32,
with the permutations of the `MinHash` given) and the minimum taken per permutation.
`tests/core/test_reprint_matching.py` checks the values equal datasketch's own on every text kind.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash


@lru_cache(maxsize=4)
def _crc_table(width: int) -> tuple[np.ndarray, int]:
    """(table[position, byte] of each byte's part of a `width`-byte message's CRC-32, the CRC-32 of
    `width` zero bytes)."""
    zero = zlib.crc32(bytes(width))
    table = np.zeros((width, 256), dtype=np.uint32)
    message = bytearray(width)
    for position in range(width):
        for value in range(256):
            message[position] = value
            table[position, value] = zlib.crc32(message) ^ zero
        message[position] = 0
    table.setflags(write=False)
    return table, zero


@lru_cache(maxsize=4)
def _char_table(size: int) -> np.ndarray:
    """table[offset, code]: a BMP character's part of a `size`-character window's CRC-32 at each
    offset (its two high UTF-32 bytes are zero)."""
    table, _ = _crc_table(4 * size)
    codes = np.arange(65536)
    found = np.stack([table[4 * q][codes & 255] ^ table[4 * q + 1][codes >> 8] for q in range(size)])
    found.setflags(write=False)
    return found


def window_crcs(text: str, size: int) -> np.ndarray:
    """`zlib.crc32` of the UTF-32-LE bytes of each `size`-character window of `text`, in order
    (of the whole text when it is shorter)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    size = min(size, len(codes))
    count = len(codes) - size + 1
    table, zero = _crc_table(4 * size)
    crcs = np.full(count, zero, dtype=np.uint32)
    if len(codes) and int(codes.max()) < 65536:
        chars = _char_table(size)
        for offset in range(size):
            crcs ^= chars[offset][codes[offset : offset + count]]
        return crcs
    parts = codes.view(np.uint8).reshape(-1, 4)
    for offset in range(size):
        rows = table[4 * offset : 4 * offset + 4]
        part = rows[0][parts[:, 0]] ^ rows[1][parts[:, 1]] ^ rows[2][parts[:, 2]] ^ rows[3][parts[:, 3]]
        crcs ^= part[offset : offset + count]
    return crcs


_POLY = np.uint32(0x01000193)
"""Multiplier of the second, arithmetic window hash (FNV's 32-bit prime: odd, so invertible)."""


def window_hashes(text: str, size: int) -> np.ndarray:
    """The distinct `size`-character windows of `text` (the whole text when shorter; none when
    empty) as sorted 64-bit values: each window's CRC-32 (`window_crcs`, linear over GF(2)) in the
    high half, a polynomial of its code points modulo 2^32 (linear over the integers) in the low
    half. Two different windows share both with odds of about 2^-64: a shingle set, with
    intersections done by sorting, at 8 bytes a shingle instead of a Python string in a set."""
    if not text:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    size = min(size, len(codes))
    count = len(codes) - size + 1
    poly = np.zeros(count, dtype=np.uint32)
    for offset in range(size):
        poly = poly * _POLY + codes[offset : offset + count]
    values = (window_crcs(text, size).astype(np.uint64) << np.uint64(32)) | poly.astype(np.uint64)
    return np.unique(values)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch's `affine32` pre-mix)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash_values(text: str, size: int, like: MinHash) -> np.ndarray:
    """The `hashvalues` a `MinHash` made as `like` is (its permutations, `affine32` scheme, CRC-32
    hash function) would hold after `update_batch` of `text`'s `size`-character windows' UTF-32
    bytes."""
    if like.scheme != "affine32":
        raise ValueError(f"only datasketch's affine32 scheme is computed here, not {like.scheme!r}")
    a, b = like.permutations
    mixed = _fmix32(window_crcs(text, size)).reshape(-1, 1)
    permuted = mixed * a + b  # uint32 arrays: wraps modulo 2^32, as datasketch's do
    return np.minimum(like.hashvalues, permuted.min(axis=0))
