"""Keeping secrets out of what signaldesk writes: logs, errors, archives, exports."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SECRET_NAMES = re.compile(
    r"(?:^|_|-)(?:api_?key|apikey|key|token|access_token|secret|signature|sig|password|pass)$", re.IGNORECASE
)
HIDDEN = "***"


def redact_url(url: str) -> str:
    """The URL with a password and secret-looking query values (api_key=, token=, ...) hidden."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", f":{HIDDEN}@", 1)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(SECRET_NAMES.search(name) for name, _ in pairs):
            query = urlencode(
                [(name, HIDDEN if SECRET_NAMES.search(name) else value) for name, value in pairs]
            )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
