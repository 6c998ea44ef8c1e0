"""Writing to the archive: articles (with versions and people), raw snapshots, failures.

`store_articles` is the one write path of articles (`store_article` stores a batch of one); see
`archive.store.write`. The modules of this package, by job: `prepared` (what an article's row
and hash are, computed before any database work), `snapshots` (raw responses), `articles` (rows,
versions, roles), `ids` (site and person ids), `failures`, `images` (the article's images, written with it). The search index follows the article
rows through `archive.searchindex`.
"""

from archive.store.articles import mark_checked
from archive.store.failures import record_failure
from archive.store.ids import KnownIds
from archive.store.images import ImageRecord, known_images, write_images
from archive.store.prepared import Prepared, content_hash, prepare
from archive.store.snapshots import RawPage, compress, decompress
from archive.store.write import Incoming, Outcome, Stored, store_article, store_articles

__all__ = [
    "ImageRecord",
    "Incoming",
    "KnownIds",
    "Outcome",
    "Prepared",
    "RawPage",
    "Stored",
    "compress",
    "content_hash",
    "decompress",
    "known_images",
    "mark_checked",
    "prepare",
    "record_failure",
    "store_article",
    "store_articles",
    "write_images",
]
