"""The fetcher's pure decisions: scoreboard, retries, addresses, decoding, robots."""

from __future__ import annotations

import gzip
import ipaddress
import zlib
from datetime import UTC, datetime

import brotli
import pytest

from signaldesk.errors import BlockedAddress, FetchError, FetchTimeout, HTTPStatusError
from signaldesk.ingest.addresses import blocked_reason, check_addresses, parse_networks, split_host
from signaldesk.ingest.fetcher import STEP, ConnectionFailed, decode, decoders, retry_delay
from signaldesk.ingest.hosts import (
    HostPolicy,
    HostState,
    asked_to_wait,
    failed,
    finished,
    parse_retry_after,
    refusal,
    started,
    succeeded,
    wait_time,
)
from signaldesk.ingest.robots import agent_token, robots_url, verdict_from_response

POLICY = HostPolicy(failure_threshold=3, backoff_base=10, backoff_cap=100, max_wait=30)


def test_wait_time_keeps_the_gap_and_the_concurrency() -> None:
    fresh = HostState()
    assert wait_time(fresh, 100.0, gap=1.0, concurrency=1) == 0
    busy = started(fresh, 100.0)
    assert wait_time(busy, 100.2, gap=1.0, concurrency=1) is None
    done = finished(busy)
    assert wait_time(done, 100.2, gap=1.0, concurrency=1) == pytest.approx(0.8)
    assert wait_time(done, 101.5, gap=1.0, concurrency=1) == 0
    assert wait_time(busy, 100.2, gap=1.0, concurrency=2) == pytest.approx(0.8)


def test_crawl_delay_and_retry_after_lengthen_the_wait() -> None:
    state = finished(started(HostState(crawl_delay=5.0), 0.0))
    assert wait_time(state, 1.0, gap=1.0, concurrency=1) == pytest.approx(4.0)
    held = asked_to_wait(HostState(), 0.0, 20.0)
    assert wait_time(held, 5.0, gap=0.0, concurrency=1) == pytest.approx(15.0)
    assert refusal(held, 5.0, POLICY) is None
    far = asked_to_wait(HostState(), 0.0, 3600.0)
    assert refusal(far, 5.0, POLICY) == ("retry_after", pytest.approx(3595.0))


def test_repeated_failures_back_off_exponentially_and_success_resets() -> None:
    state = HostState()
    for _ in range(2):
        state = failed(state, 0.0, POLICY)
    assert refusal(state, 0.0, POLICY) is None
    state = failed(state, 0.0, POLICY)
    assert refusal(state, 1.0, POLICY) == ("backoff", pytest.approx(9.0))
    state = failed(state, 50.0, POLICY)
    assert state.backoff_until == pytest.approx(70.0)
    state = failed(failed(failed(state, 0.0, POLICY), 0.0, POLICY), 0.0, POLICY)
    assert state.backoff_until == pytest.approx(100.0)  # capped
    assert refusal(succeeded(state), 1.0, POLICY) is None


def test_retry_after_in_seconds_or_as_a_date() -> None:
    moment = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", moment) == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:02:00 GMT", moment) == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", moment) == 0.0
    assert parse_retry_after("soon", moment) is None
    assert parse_retry_after(None, moment) is None


def test_retry_delay_decides_what_is_worth_another_try() -> None:
    policy = HostPolicy(retry_base=1.0, retry_cap=3.0, max_wait=30)
    top = lambda low, high: high  # noqa: E731
    assert retry_delay(HTTPStatusError("x", status=500), 0, 2, policy, top) == 1.0
    assert retry_delay(HTTPStatusError("x", status=502), 1, 2, policy, top) == 2.0
    assert retry_delay(FetchTimeout("x"), 1, 5, policy, top) == 2.0
    assert retry_delay(ConnectionFailed("x"), 4, 5, policy, top) == 3.0  # capped
    assert retry_delay(HTTPStatusError("x", status=500), 2, 2, policy, top) is None
    assert retry_delay(HTTPStatusError("x", status=404), 0, 2, policy, top) is None
    assert retry_delay(HTTPStatusError("x", status=410), 0, 2, policy, top) is None
    assert retry_delay(HTTPStatusError("x", status=429, retry_after=5), 0, 2, policy, top) == 0.0
    assert retry_delay(HTTPStatusError("x", status=503, retry_after=600), 0, 2, policy, top) is None
    assert retry_delay(FetchError("x"), 0, 2, policy, top) is None


@pytest.mark.parametrize(
    "text",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "0.0.0.0",
        "169.254.169.254",
        "169.254.1.1",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
    ],
)
def test_private_and_reserved_addresses_are_refused(text: str) -> None:
    assert blocked_reason(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize("text", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(text: str) -> None:
    assert blocked_reason(ipaddress.ip_address(text)) is None


def test_one_private_address_among_many_is_enough_to_refuse() -> None:
    addresses = [ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("10.0.0.1")]
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.1, a private address"):
        check_addresses("mixed.example", addresses, url="http://mixed.example/")
    check_addresses("mixed.example", addresses, allow_private=True)
    check_addresses("mixed.example", addresses, allowed=parse_networks(["10.0.0.0/8"]))


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://a/", "http:///nohost"]
)
def test_only_http_and_https_with_a_host(url: str) -> None:
    with pytest.raises(BlockedAddress):
        split_host(url)


def test_split_host_finds_default_ports() -> None:
    assert split_host("https://Example.com/a") == ("example.com", 443)
    assert split_host("http://[::1]:8080/") == ("::1", 8080)


def test_a_gzip_bomb_is_decoded_in_small_lazy_steps() -> None:
    bomb = gzip.compress(bytes(20_000_000), compresslevel=9)
    pieces = decode(decoders("gzip"), bomb)
    first = next(pieces)
    assert 0 < len(first) <= STEP
    total = len(first) + sum(len(piece) for piece in pieces if len(piece) <= STEP)
    assert total == 20_000_000


def test_brotli_and_deflate_decode_in_steps() -> None:
    data = bytes(3_000_000) + b"end"
    assert all(len(p) <= 2 * STEP for p in decode(decoders("br"), brotli.compress(data, quality=4)))
    assert b"".join(decode(decoders("br"), brotli.compress(data, quality=4))) == data
    assert b"".join(decode(decoders("deflate"), zlib.compress(data))) == data
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert b"".join(decode(decoders("deflate"), raw.compress(data) + raw.flush())) == data
    both = gzip.compress(brotli.compress(data))
    assert b"".join(decode(decoders("br, gzip"), both)) == data
    with pytest.raises(FetchError, match="cannot read: zstd"):
        decoders("zstd")


def test_robots_verdicts() -> None:
    assert robots_url("https://a.example:8443/x/y?z=1") == "https://a.example:8443/robots.txt"
    assert agent_token("signaldesk/0.1") == "signaldesk"
    rules = verdict_from_response(200, b"User-agent: *\nDisallow: /no\nCrawl-delay: 2\n", 0.0)
    assert not rules.allowed("http://a/no/x", "signaldesk")
    assert rules.allowed("http://a/yes", "signaldesk")
    assert rules.crawl_delay("signaldesk") == 2.0
    missing = verdict_from_response(404, b"", 0.0)
    assert missing.allowed("http://a/no", "signaldesk") and missing.expires_at == 3600.0
    broken = verdict_from_response(503, b"", 0.0)
    assert broken.allowed("http://a/no", "signaldesk") and broken.expires_at < missing.expires_at
