"""`core.shinglehash`: the array MinHash equals datasketch's own, shingle by shingle."""

from __future__ import annotations

import random
import zlib

import numpy as np
import pytest

from core.reprints import SHINGLE, _empty_sketch, band_keys, signature
from core.shinglehash import minhash_values, window_crcs, window_hashes

TEXTS = [
    "",
    "工",
    "职工之家",
    "全国总工会召开职工代表大会",
    "abc𠀀𪚥工会😀é\u0301x" * 3,
    "工人日报记者彭冰柳姗姗报道" * 40,
]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(17)
    pool = "工会职工劳动模范发展中国企业，。、“”ABCxyz019 \u3000\U00020000\U0002a6a5😀é"
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 300))) for _ in range(count)]


@pytest.mark.parametrize("text", TEXTS + _random_texts(200))
def test_values_equal_datasketchs_update_batch(text: str) -> None:
    assert np.array_equal(minhash_values(text, SHINGLE, _empty_sketch()), signature(text).hashvalues)


@pytest.mark.parametrize("text", TEXTS)
def test_window_crcs_are_zlibs(text: str) -> None:
    raw = text.encode("utf-32-le")
    width = 4 * min(SHINGLE, len(text))
    expected = [zlib.crc32(raw[i : i + width]) for i in range(0, max(4, len(raw) - width + 4), 4)]
    assert window_crcs(text, SHINGLE).tolist() == expected


def test_band_keys_of_known_stories() -> None:
    """Keys an archive stores must not change with the code that makes them (they are looked up
    by): these are what the datasketch loop made before the arrays did."""
    assert band_keys("全国总工会召开职工代表大会") == [
        -241807894, -940439061, -537830115, -988415519, -65020428,
        2069534548, 217204597, 1425470675, 7006992, 52115008,
    ]
    assert band_keys("工人日报记者彭冰柳姗姗报道" * 40) == [
        336175718, -1174995829, 864418398, -711418406, 386829201,
        182155947, -796254854, -1823269345, 1968732795, 229023072,
    ]


def test_the_sketch_it_starts_from_is_not_changed() -> None:
    before = _empty_sketch().hashvalues.copy()
    signature("职工之家" * 10)
    minhash_values("职工之家" * 10, SHINGLE, _empty_sketch())
    assert np.array_equal(_empty_sketch().hashvalues, before)


@pytest.mark.parametrize("text", TEXTS + _random_texts(50))
def test_window_hashes_are_the_distinct_windows(text: str) -> None:
    """One value per distinct window (as many as the Python set of the window strings holds)."""
    size = min(SHINGLE, len(text))
    windows = {text[i : i + size] for i in range(len(text) - size + 1)} if text else set()
    values = window_hashes(text, SHINGLE)
    assert len(values) == len(windows)
    assert values.tolist() == sorted(values.tolist())


def test_the_same_window_has_the_same_value_in_any_text() -> None:
    one, other = window_hashes("职工之家建设", SHINGLE), window_hashes("新职工之家建设好", SHINGLE)
    assert (len(one), len(other)) == (2, 4)
    assert np.array_equal(np.intersect1d(one, other), one)  # 职工之家建, 工之家建设
