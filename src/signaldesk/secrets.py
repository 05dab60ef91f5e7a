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


# -- channel URLs in the settings ------------------------------------------------------
#
# A channel URL (Apprise) may hold a secret in any part: user name, password, host, path,
# query or fragment. Who may edit the settings sees it with every part but the scheme and a
# DNS host name as ***; `restore_secrets` puts the old parts back when the edited URL still
# goes to the same scheme and host. Anyone else sees only the scheme.

HIDDEN_URL = "(hidden)"
_DNS_NAME = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\.?(?::\d{1,5})?$"
)


def scheme_only(url: str) -> str:
    """What a reader who may not edit the settings sees of a channel URL: `mailto://(hidden)`."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,30}", scheme):
        return HIDDEN_URL
    return f"{scheme}://{HIDDEN_URL}"


def _host(netloc: str) -> str:
    """The host (and port) of a netloc, without the user name and password."""
    return netloc.rpartition("@")[2]


def hide_secrets(url: str) -> str:
    """The URL with every part but its scheme and host as ***: the user name and password,
    each path segment, each query value and the fragment; the host too unless it looks like
    a DNS name (dots and a letter top-level domain)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return HIDDEN
    userinfo, at, host = parts.netloc.rpartition("@")
    if host and not _DNS_NAME.match(host):
        host = HIDDEN
    if at:
        user, colon, password = userinfo.partition(":")
        host = f"{HIDDEN if user else ''}{colon}{HIDDEN if password else ''}@{host}"
    path = "/".join(HIDDEN if segment else "" for segment in parts.path.split("/"))
    query = "&".join(_hide_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    fragment = HIDDEN if parts.fragment else ""
    return urlunsplit((parts.scheme, host, path, query, fragment))


def _hide_pair(pair: str) -> str:
    name, equals, value = pair.partition("=")
    if not equals:
        return HIDDEN if name else ""
    return f"{name}={HIDDEN if value else ''}"


def same_place(new: str, old: str) -> bool:
    """Whether the edited URL `new` keeps the scheme and host of `old` (a *** host counts as kept)."""
    try:
        fresh, before = urlsplit(new), urlsplit(old)
    except ValueError:
        return False
    host = _host(fresh.netloc)
    return fresh.scheme.lower() == before.scheme.lower() and (
        host == HIDDEN or host.lower() == _host(before.netloc).lower()
    )


def restore_secrets(new: str, old: str) -> str:
    """`new` with each *** put back from `old` (the URL before the edit): the user name and
    password, the host, path segments by position, query values by name, the fragment. Only
    when scheme and host are unchanged; otherwise `new` as it is, *** and all."""
    if HIDDEN not in new or not same_place(new, old):
        return new
    if hide_secrets(old) == new:
        return old
    fresh, before = urlsplit(new), urlsplit(old)
    userinfo, at, host = fresh.netloc.rpartition("@")
    old_userinfo, _, old_host = before.netloc.rpartition("@")
    host = old_host if host == HIDDEN else host
    if at:
        user, colon, password = userinfo.partition(":")
        old_user, _, old_password = old_userinfo.partition(":")
        user = old_user if user == HIDDEN and old_user else user
        password = old_password if password == HIDDEN and old_password else password
        host = f"{user}{colon}{password}@{host}"
    old_path = before.path.split("/")
    path = "/".join(
        old_path[i] if p == HIDDEN and i < len(old_path) and old_path[i] else p
        for i, p in enumerate(fresh.path.split("/"))
    )
    query = _restore_query(fresh.query, before.query)
    fragment = before.fragment if fresh.fragment == HIDDEN and before.fragment else fresh.fragment
    return urlunsplit((fresh.scheme, host, path, query, fragment))


def _restore_query(new: str, old: str) -> str:
    """Query values hidden in `new` taken from `old`: by name, in order for a repeated name;
    a pair hidden whole (no `=`) from the same place in `old`."""
    old_pairs = old.split("&") if old else []
    values: dict[str, list[str]] = {}
    for pair in old_pairs:
        name, equals, value = pair.partition("=")
        if equals:
            values.setdefault(name, []).append(value)
    pairs = []
    for index, pair in enumerate(new.split("&") if new else []):
        name, equals, value = pair.partition("=")
        if equals and value == HIDDEN and values.get(name):
            pair = f"{name}={values[name].pop(0)}"
        elif pair == HIDDEN and index < len(old_pairs) and "=" not in old_pairs[index]:
            pair = old_pairs[index]
        pairs.append(pair)
    return "&".join(pairs)
