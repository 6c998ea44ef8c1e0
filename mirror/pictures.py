"""The pictures of the mirror's image site (issue 18), drawn with Pillow when the mirror is built.

Small, deterministic images: a JPEG stage photo (also served under a second URL, the same bytes),
a PNG banner, and a PNG of noise too large for the tests' per-image cap (`OVERSIZED_BYTES`). A
missing picture is simply not served (the mirror answers 404).
"""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw

OVERSIZED_SIDE = 220
"""The noise picture is this many pixels square: some 145 kB, over a 100 kB cap."""


def stage_photo() -> bytes:
    """A 640x400 JPEG: a stage, a banner, people (shapes)."""
    image = Image.new("RGB", (640, 400), (40, 60, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(120, 70, 40))
    draw.rectangle((80, 40, 560, 110), fill=(200, 20, 30))
    for number in range(8):
        left = 60 + number * 70
        draw.ellipse((left, 190, left + 40, 230), fill=(230, 190, 160))
        draw.rectangle((left - 5, 230, left + 45, 300), fill=(30, 30, 30))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def banner() -> bytes:
    """A 480x120 PNG with a palette: a red banner with a yellow band."""
    image = Image.new("RGB", (480, 120), (200, 20, 30))
    ImageDraw.Draw(image).rectangle((20, 50, 460, 70), fill=(250, 210, 40))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def oversized() -> bytes:
    """Noise does not compress: a PNG of OVERSIZED_SIDE² random pixels."""
    side = OVERSIZED_SIDE
    noise = random.Random(18).randbytes(side * side * 3)
    buffer = BytesIO()
    Image.frombytes("RGB", (side, side), noise).save(buffer, "PNG")
    return buffer.getvalue()
