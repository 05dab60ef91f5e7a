"""The synthetic heavy newsroom used by benchmarks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx

from signaldesk.demo import Newsroom


def test_synthetic_hosts_serve_feeds_and_heavy_pages():
    with (
        Newsroom.synthetic(hosts=3, pages_per_host=4, page_kb=200, first_host=151) as room,
        httpx.Client(timeout=10) as client,
    ):
        assert len(room.outlets) == 3
        assert room.released == room.total == 12 and room.finished
        sizes = []
        for outlet in room.outlets:
            feed = client.get(outlet.feed_url)
            links = [i.findtext("link") for i in ET.fromstring(feed.content).iter("item")]
            assert len(links) == 4
            for link in links[:2]:
                page = client.get(link)
                assert page.status_code == 200 and '"@type":"NewsArticle"' in page.text
                sizes.append(len(page.content))
            etag = feed.headers["etag"]
            assert client.get(outlet.feed_url, headers={"If-None-Match": etag}).status_code == 304
        assert all(150 * 1024 * 0.95 <= size <= 300 * 1024 for size in sizes), sizes
        again = client.get(room.outlets[0].base_url + "/p/1.html").content
        assert again == client.get(room.outlets[0].base_url + "/p/1.html").content


def test_synthetic_pages_depend_only_on_the_seed():
    first = Newsroom.synthetic(hosts=1, pages_per_host=2, first_host=161)
    second = Newsroom.synthetic(hosts=1, pages_per_host=2, first_host=162)
    with first, second:
        a = httpx.get(first.outlets[0].base_url + "/p/0.html").text
        b = httpx.get(second.outlets[0].base_url + "/p/0.html").text
    assert a.replace(first.outlets[0].base_url, "") == b.replace(second.outlets[0].base_url, "")


def test_prerendered_pages_are_the_pages_made_on_request():
    made = Newsroom.synthetic(hosts=1, pages_per_host=3, first_host=163)
    kept = Newsroom.synthetic(hosts=1, pages_per_host=3, first_host=164, prerender=True)

    def pages(room: Newsroom) -> list[str]:
        base = room.outlets[0].base_url
        return [httpx.get(f"{base}/p/{n}.html").text.replace(base, "") for n in range(3)]

    with made:
        fresh = pages(made)
    with kept:
        served = pages(kept)
        missing = httpx.get(f"{kept.outlets[0].base_url}/p/3.html").status_code
    assert served == fresh and missing == 404
