"""The WARC evidence archive: round trips, rotation, and the fetcher writing to it."""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from signaldesk.config import Fetch
from signaldesk.errors import NotFoundError
from signaldesk.ingest.archive import Archive
from signaldesk.ingest.fetcher import Fetcher
from signaldesk.types import WarcRef

Serve = Callable[..., Any]  # the `serve` fixture of conftest.py
MOMENT = datetime(2026, 3, 1, 9, 30, 0, tzinfo=UTC)
NAME = re.compile(r"^signaldesk-\d{14}-\d{5}\.warc\.gz$")


def test_write_then_read_gives_the_same_bytes(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    bodies = [b"<rss>one</rss>", os.urandom(5000), b""]
    refs = [
        archive.write(f"https://news.example/{n}", 200, {"content-type": "text/xml"}, body, MOMENT)
        for n, body in enumerate(bodies)
    ]
    assert [archive.read(ref) for ref in refs] == bodies
    assert len({ref.record_id for ref in refs}) == 3
    assert NAME.match(refs[0].file) and refs[0].offset == 0 < refs[1].offset < refs[2].offset
    archive.close()
    assert Archive(tmp_path).read(refs[1]) == bodies[1]  # a new Archive reads old files


def test_records_are_valid_warc_with_decoded_bodies(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    headers = {"content-type": "text/html", "content-encoding": "gzip", "etag": '"e1"'}
    ref = archive.write("https://news.example/a", 200, headers, b"<p>decoded</p>", MOMENT)
    archive.close()
    with (tmp_path / ref.file).open("rb") as handle:
        records = list(ArchiveIterator(handle))
    with (tmp_path / ref.file).open("rb") as handle:
        for record in ArchiveIterator(handle):
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == "https://news.example/a"
            assert record.rec_headers.get_header("WARC-Date").startswith("2026-03-01T09:30:00")
            assert record.http_headers.get_statuscode() == "200"
            assert record.http_headers.get_header("Content-Encoding") is None
            assert record.http_headers.get_header("X-Signaldesk-Content-Encoding") == "gzip"
            assert record.http_headers.get_header("ETag") == '"e1"'
            assert record.content_stream().read() == b"<p>decoded</p>"
    assert len(records) == 1
    with (tmp_path / ref.file).open("rb") as handle:  # gzip per record: the file is a gzip stream
        assert b"WARC/1" in gzip.decompress(handle.read())[:20]


def test_files_rotate_once_they_pass_max_bytes(tmp_path: Path) -> None:
    archive = Archive(tmp_path, max_bytes=20_000)
    refs = [archive.write(f"https://news.example/{n}", 200, {}, os.urandom(8000), MOMENT) for n in range(6)]
    files = sorted(path.name for path in tmp_path.iterdir())
    assert len(files) == 2 and all(NAME.match(name) for name in files)  # ~8.4 kB a record
    assert [ref.file for ref in refs] == [files[0]] * 3 + [files[1]] * 3
    for ref in refs:
        assert len(archive.read(ref)) == 8000
    archive.close()
    later = Archive(tmp_path, max_bytes=20_000)
    new = later.write("https://news.example/late", 200, {}, b"x", MOMENT)
    assert new.file not in files  # serials continue after the files already there


def test_writes_from_many_threads_stay_whole(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    refs: list[WarcRef] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for k in range(20):
            ref = archive.write(f"https://t.example/{n}/{k}", 200, {}, f"{n}:{k}".encode() * 50, MOMENT)
            with lock:
                refs.append(ref)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(refs) == 80
    assert sorted(archive.read(ref) for ref in refs) == sorted(
        f"{n}:{k}".encode() * 50 for n in range(4) for k in range(20)
    )


def test_a_missing_record_is_a_clear_error(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    ref = archive.write("https://a.example/", 200, {}, b"x", MOMENT)
    with pytest.raises(NotFoundError, match="no record"):
        archive.read(WarcRef(ref.file, "<urn:uuid:00000000-0000-0000-0000-000000000000>", ref.offset))
    with pytest.raises(NotFoundError, match="no archive file"):
        archive.read(WarcRef("signaldesk-20260101000000-99999.warc.gz", ref.record_id, 0))


def test_the_fetcher_archives_every_response(tmp_path: Path, serve: Serve) -> None:
    server = serve(
        {
            "/robots.txt": (200, {}, b"User-agent: *\nAllow: /\n"),
            "/old": (301, {"Location": "/page"}, b""),
            "/page": (200, {"Content-Type": "text/html"}, b"<h1>Talks resume</h1>"),
        }
    )
    archive = Archive(tmp_path)

    async def go() -> Any:
        async with Fetcher(Fetch(per_host_gap=0), archive=archive) as fetcher:
            return await fetcher.fetch(server.url("/old"), allow_private=True)

    page = asyncio.run(go())
    assert page.warc is not None and archive.read(page.warc) == page.body == b"<h1>Talks resume</h1>"
    archive.close()
    with (tmp_path / page.warc.file).open("rb") as handle:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)]
    assert uris == [server.url("/robots.txt"), server.url("/old"), server.url("/page")]
