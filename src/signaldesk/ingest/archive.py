"""The evidence archive: every response kept as a WARC record, gzip per record.

Records hold the decoded body, so the HTTP headers stored with it drop
Content-Encoding and Transfer-Encoding (the original encoding is kept in
X-Signaldesk-Content-Encoding) and carry the true Content-Length.
"""

from __future__ import annotations

import io
import re
import threading
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from isal import isal_zlib

from ..errors import NotFoundError, SignaldeskError
from ..secrets import redact_url
from ..types import WarcRef, utc

NAME = re.compile(r"^signaldesk-\d{14}-(\d{5,})\.warc\.gz$")
DROPPED = ("content-encoding", "transfer-encoding", "content-length")
LEVEL = 1
"""gzip level per record, made with ISA-L (isal): level 1 there takes about a quarter of the
CPU of zlib's level 1 for slightly smaller files; any gzip reader reads them."""


def file_name(moment: datetime, serial: int) -> str:
    return f"signaldesk-{utc(moment):%Y%m%d%H%M%S}-{serial:05d}.warc.gz"


def stored_headers(headers: dict[str, str], body_length: int) -> list[tuple[str, str]]:
    """The HTTP headers as archived with a decoded body."""
    kept = [(name, value) for name, value in headers.items() if name.lower() not in DROPPED]
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "")
    if encoding:
        kept.append(("X-Signaldesk-Content-Encoding", encoding))
    kept.append(("Content-Length", str(body_length)))
    return kept


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


class Archive:
    """WARC files in `folder`, a new one once the current passes `max_bytes`."""

    def __init__(self, folder: Path, *, max_bytes: int = 1_000_000_000) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._name = ""
        self._serial = 0
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SignaldeskError(f"cannot create the archive folder {self.folder}: {error}") from None
        for path in self.folder.glob("signaldesk-*.warc.gz"):
            match = NAME.match(path.name)
            if match:
                self._serial = max(self._serial, int(match.group(1)))

    def write(
        self, page_url: str, status: int, headers: dict[str, str], body: bytes, fetched_at: datetime
    ) -> WarcRef:
        """Append one response record; return where it lies."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        http_headers = StatusAndHeaders(
            status_line(status), stored_headers(headers, len(body)), protocol="HTTP/1.1"
        )
        date = utc(fetched_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        plain = io.BytesIO()
        writer = WARCWriter(plain, gzip=False)
        record = writer.create_warc_record(
            redact_url(page_url),
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
        packer = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)  # one gzip member
        member = packer.compress(plain.getbuffer()) + packer.flush()
        with self._lock:
            handle = self._current(fetched_at)
            offset = handle.tell()
            handle.write(member)
            handle.flush()
            ref = WarcRef(self._name, str(record.rec_headers.get_header("WARC-Record-ID")), offset)
            if handle.tell() >= self.max_bytes:
                self._close_current()
        return ref

    def read(self, ref: WarcRef) -> bytes:
        """The body bytes of the record at `ref`."""
        from warcio.archiveiterator import ArchiveIterator

        path = Path(ref.file)
        if not path.is_absolute():
            path = self.folder / path
        try:
            with path.open("rb") as handle:
                handle.seek(ref.offset)
                for record in ArchiveIterator(handle):
                    found = record.rec_headers.get_header("WARC-Record-ID")
                    if found != ref.record_id:
                        break
                    data: Any = record.content_stream().read()
                    return bytes(data)
        except FileNotFoundError:
            raise NotFoundError(f"no archive file {path}") from None
        raise NotFoundError(f"no record {ref.record_id} at offset {ref.offset} of {path}")

    def close(self) -> None:
        with self._lock:
            self._close_current()

    def _current(self, moment: datetime) -> IO[bytes]:
        if self._file is None:
            self._serial += 1
            self._name = file_name(moment, self._serial)
            self._file = (self.folder / self._name).open("ab")
        return self._file

    def _close_current(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
