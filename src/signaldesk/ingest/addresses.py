"""The SSRF guard: refuse addresses the fetcher must never reach.

A URL passes when its scheme is http or https and every address its host resolves
to is public. Private, loopback, link-local, multicast, reserved, unspecified and
cloud-metadata addresses are refused (IPv4-mapped IPv6 addresses are unwrapped
first) unless the caller allows private addresses, or the address lies in one of
the networks the caller always allows.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..errors import BlockedAddress, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

SCHEMES = ("http", "https")
METADATA_REASON = "a cloud metadata address"
METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))


def blocked_reason(address: IPAddress) -> str | None:
    """Why `address` must not be fetched, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return METADATA_REASON
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return "not a public address"
    return None


def parse_networks(networks: Iterable[str]) -> tuple[Network, ...]:
    """Networks such as '127.0.0.21/32' or '10.1.0.0/16' that are always allowed."""
    return tuple(ipaddress.ip_network(text, strict=False) for text in networks)


def check_addresses(
    host: str,
    addresses: Iterable[IPAddress],
    *,
    allow_private: bool = False,
    allowed: tuple[Network, ...] = (),
    url: str = "",
) -> None:
    """Raise BlockedAddress if any of `addresses` (of `host`) is refused.

    `allow_private` lets private and loopback addresses through, never a cloud metadata
    address: no desk has a reason to read one, and it is the classic SSRF target.
    """
    for address in addresses:
        if any(address in network for network in allowed):
            continue
        reason = blocked_reason(address)
        if allow_private and reason != METADATA_REASON:
            continue
        if reason:
            raise BlockedAddress(
                f"refusing to fetch {url or host}: {host} resolves to {address}, {reason}; "
                "set allow_private on the source if this is intended",
                url=url,
            )


def split_host(url: str) -> tuple[str, int]:
    """The host and port of an http(s) URL; BlockedAddress for any other scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BlockedAddress(f"refusing to fetch {url}: only http and https addresses are fetched", url=url)
    try:
        port = parts.port
    except ValueError:
        raise BlockedAddress(f"refusing to fetch {url}: the port is not a number", url=url) from None
    host = parts.hostname or ""
    if not host:
        raise BlockedAddress(f"refusing to fetch {url}: the address has no host", url=url)
    return host, port or (443 if scheme == "https" else 80)


def literal_address(host: str) -> IPAddress | None:
    """The address if `host` is an IP literal, else None."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (no lookup for IP literals)."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    found: list[IPAddress] = []
    for info in infos:
        address = literal_address(str(info[4][0]))
        if address is not None and address not in found:
            found.append(address)
    return found


async def guard(url: str, *, allow_private: bool = False, allowed: tuple[Network, ...] = ()) -> None:
    """Check `url` before any connection is made; raise BlockedAddress if refused."""
    host, port = split_host(url)
    try:
        addresses = await resolve(host, port)
    except FetchError as error:
        raise FetchError(f"cannot fetch {url}: {error.message}", url=url) from None
    if not addresses:
        raise BlockedAddress(f"refusing to fetch {url}: {host} has no address", url=url)
    check_addresses(host, addresses, allow_private=allow_private, allowed=allowed, url=url)
