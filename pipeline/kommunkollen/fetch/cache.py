"""On-disk cache of raw HTTP responses: a body file and a JSON sidecar per URL.

The body is written before its sidecar, each through a temporary file and a
rename, so a sidecar always describes a complete body; a fetch killed
half-way leaves no entry, and the next one resumes with what is there.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kommunkollen.fetch.urls import redact_url

# Headers worth keeping: what revalidation and decoding need.
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-language", "date")


@dataclass
class CachedResponse:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    sha256: str
    body: bytes

    def age_seconds(self, now: datetime | None = None) -> float:
        now = now or datetime.now(UTC)
        return (now - datetime.fromisoformat(self.fetched_at)).total_seconds()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:   # a full disk, a signal: no half-written file stays behind
        tmp.unlink(missing_ok=True)
        raise


class RawCache:
    def __init__(self, directory: str | Path):
        self.dir = Path(directory)

    def _key(self, url: str) -> str:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]

    def get(self, url: str) -> CachedResponse | None:
        sidecar = self.dir / f"{self._key(url)}.json"
        body = self.dir / f"{self._key(url)}.body"
        if not sidecar.exists() or not body.exists():
            return None
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        data = body.read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            return None   # a damaged entry is refetched, not trusted
        # The sidecar shows the URL redacted; the entry answers to the URL it was asked for.
        return CachedResponse(url, meta["final_url"], meta["status"], meta["headers"], meta["fetched_at"],
                              meta["sha256"], data)

    def put(self, url: str, final_url: str, status: int, headers: dict[str, str], body: bytes) -> CachedResponse:
        self.dir.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in headers.items() if k in KEPT_HEADERS}
        entry = CachedResponse(url, final_url, status, kept, datetime.now(UTC).isoformat(timespec="seconds"),
                               hashlib.sha256(body).hexdigest(), body)
        _atomic_write(self.dir / f"{self._key(url)}.body", body)
        self.touch(entry)
        return entry

    def touch(self, entry: CachedResponse, fetched_at: str | None = None) -> None:
        """Write (or refresh, after a 304) the sidecar of an entry."""
        if fetched_at:
            entry.fetched_at = fetched_at
        meta = {"url": redact_url(entry.url), "final_url": redact_url(entry.final_url), "fetched_at": entry.fetched_at,
                "status": entry.status, "headers": entry.headers, "sha256": entry.sha256, "size": len(entry.body)}
        _atomic_write(self.dir / f"{self._key(entry.url)}.json",
                      (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))

    def __len__(self) -> int:
        return len(list(self.dir.glob("*.json"))) if self.dir.exists() else 0
