"""The one exception tree of signaldesk.

    SignaldeskError                  every error signaldesk raises on purpose
    ├── DeskFileError                the desk file is missing, unreadable or invalid (exit 2)
    ├── UsageError                   a command was called with words that do not fit (exit 2)
    ├── QueryError                   a query in the query language does not parse (exit 2)
    ├── StoreError                   the store cannot be opened or written
    │   ├── StoreVersionError        written by a newer signaldesk
    │   ├── StoreLockedError         another process holds the write lock
    │   └── StoreReadOnlyError       the file or its folder cannot be written
    ├── NotFoundError                no document, story, source ... with that id
    └── FetchError                   one request failed; ingestion records it and carries on
        ├── BlockedAddress           the SSRF guard refused a private or reserved address
        ├── RobotsDisallowed         robots.txt forbids the path for our user agent
        ├── ResponseTooLarge         the body grew past the size cap (also after decompression)
        ├── TooManyRedirects         more redirects than allowed, or a loop
        ├── FetchTimeout             connect, read or total time ran out
        └── HTTPStatusError          the server answered with an error status

The CLI turns a SignaldeskError into one line and an exit code (`exit_code`); the
API turns it into `{"error": {"code", "message", "details"}}` using `code`.
"""

from __future__ import annotations


class SignaldeskError(Exception):
    """Base of every error signaldesk raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class DeskFileError(SignaldeskError):
    code = "desk_file_invalid"
    exit_code = 2


class UsageError(SignaldeskError):
    code = "usage"
    exit_code = 2


class QueryError(SignaldeskError):
    """A query does not parse; `position` is the character offset of the mistake."""

    code = "query_invalid"
    exit_code = 2

    def __init__(self, message: str, *, query: str = "", position: int = 0) -> None:
        pointer = f"\n  {query}\n  {' ' * position}^" if query else ""
        super().__init__(
            f"{message} (at character {position}){pointer}", details={"query": query, "position": position}
        )
        self.query = query
        self.position = position


class StoreError(SignaldeskError):
    code = "store_error"


class StoreVersionError(StoreError):
    code = "store_too_new"


class StoreLockedError(StoreError):
    code = "store_locked"


class StoreReadOnlyError(StoreError):
    code = "store_read_only"


class NotFoundError(SignaldeskError):
    code = "not_found"


class FetchError(SignaldeskError):
    """One request failed. `url` is what was asked for."""

    code = "fetch_failed"

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message, details={"url": url})
        self.url = url


class BlockedAddress(FetchError):
    code = "blocked_address"


class RobotsDisallowed(FetchError):
    code = "robots_disallowed"


class ResponseTooLarge(FetchError):
    code = "response_too_large"


class TooManyRedirects(FetchError):
    code = "too_many_redirects"


class FetchTimeout(FetchError):
    code = "fetch_timeout"


class HTTPStatusError(FetchError):
    """The server answered `status`; `retry_after` is in seconds when it said so."""

    code = "http_status"

    def __init__(
        self, message: str, *, url: str = "", status: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after
