"""The story's images, with a caption from the image's alt text or the caption line under it."""

from __future__ import annotations

from core.article import Image
from core.sites import common
from core.sites.generic.document import Page, centered
from core.sites.generic.rules import CAPTION


def story_images(page: Page, story: list[int], base: str | None) -> list[Image]:
    images: list[Image] = []
    seen: set[str] = set()
    for position, index in enumerate(story):
        for img in page.blocks[index].images:
            src = img.get("data-src") or img.get("src")
            url = common.absolute(base, src) if base else src
            if not url or url in seen or url.startswith("data:"):
                continue
            seen.add(url)
            caption = common.collapse(img.get("alt")) or None
            following = page.blocks[story[position + 1]] if position + 1 < len(story) else None
            if (
                following is not None
                and following.text
                and len(following.text) < 120
                and (CAPTION.search(following.text) or centered(following.element))
            ):
                caption = following.text
            images.append(Image(url, caption))
    return images
