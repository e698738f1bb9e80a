"""64-bit hashes of blocking keys, as stored in ``BlockingKey.key_hash``."""

from __future__ import annotations

import hashlib

from hifazat.identity.blocking import search_keys_for
from hifazat.identity.records import Prepared


def key_hash(key: str) -> int:
    """Signed 64-bit hash (fits BIGINT). A collision only adds a candidate to score."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def key_hashes(p: Prepared) -> list[int]:
    """The hashes the store indexes a record under (``blocking.search_keys_for``)."""
    return sorted({key_hash(k) for k in search_keys_for(p)})
