"""The demo newsroom served on loopback, fetched with a real HTTP client."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx
import pytest

from signaldesk.config import parse_desk
from signaldesk.demo import Newsroom
from signaldesk.demo.storyline import Moment, load_storyline

ATOM = "{http://www.w3.org/2005/Atom}"
LD = re.compile(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', re.S)


@pytest.fixture(scope="module")
def room():
    with Newsroom(port=0, first_host=111, release_all=True) as newsroom:
        yield newsroom


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10) as session:
        yield session


def feed_links(outlet, response) -> list[str]:
    if outlet.feed_format == "json":
        return [item["url"] for item in response.json()["items"]]
    root = ET.fromstring(response.content)
    if outlet.feed_format == "atom":
        return [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]
    return [i.findtext("link") for i in root.iter("item")]


def test_outlets_on_distinct_addresses_one_port(room):
    outlets = room.outlets
    assert len(outlets) >= 8
    assert len({o.host for o in outlets}) == len(outlets)
    assert {o.base_url.rsplit(":", 1)[1] for o in outlets} == {str(room.port)}
    assert room.released == room.total >= 100 and room.finished


def test_feeds_list_every_item(room, client):
    expected = Counter(i.outlet for i in room.storyline.items)
    formats = set()
    for outlet in room.outlets:
        response = client.get(outlet.feed_url)
        assert response.status_code == 200
        formats.add(outlet.feed_format)
        links = feed_links(outlet, response)
        assert len(links) == expected[outlet.id], outlet.id
        assert all(link.startswith(outlet.base_url + "/") for link in links)
    assert formats == {"rss", "atom", "json"}


def test_json_feed_and_atom_dates_carry_offsets(room, client):
    for outlet in room.outlets:
        if outlet.feed_format == "json":
            items = client.get(outlet.feed_url).json()["items"]
            assert all(datetime.fromisoformat(i["date_published"]).utcoffset() is not None for i in items)
        if outlet.feed_format == "atom":
            root = ET.fromstring(client.get(outlet.feed_url).content)
            for published in root.iter(f"{ATOM}published"):
                assert datetime.fromisoformat(published.text).utcoffset() is not None


def test_sitemaps_robots_and_homepages(room, client):
    expected = Counter(i.outlet for i in room.storyline.items)
    for outlet in room.outlets:
        sitemap = ET.fromstring(client.get(outlet.sitemap_url).content)
        news = "{http://www.google.com/schemas/sitemap-news/0.9}"
        assert len(list(sitemap.iter(f"{news}publication_date"))) == expected[outlet.id]
        robots = client.get(outlet.base_url + "/robots.txt")
        assert robots.status_code == 200 and "User-agent: *" in robots.text
        assert f"Sitemap: {outlet.sitemap_url}" in robots.text
        home = client.get(outlet.base_url + "/").text
        assert re.search(
            rf'<link rel="alternate" type="[^"]+" title="[^"]*" href="{re.escape(outlet.feed_url)}"', home
        )


def test_article_pages_carry_json_ld_with_offsets(room, client):
    hosts = {o.id: o.base_url for o in room.outlets}
    types = set()
    for item in room.storyline.items:
        url = hosts[item.outlet] + item.path
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<link rel="canonical" href="{url}">' in response.text
        data = json.loads(LD.search(response.text).group(1))
        types.add(data["@type"])
        published = datetime.fromisoformat(data["datePublished"])
        modified = datetime.fromisoformat(data["dateModified"])
        assert published.utcoffset() is not None and modified >= published
        assert data["articleSection"] and data["author"]
        assert item.body[-1][:60].replace("'", "&#x27;").replace('"', "&quot;") in response.text
    assert {"NewsArticle", "OpinionNewsArticle", "AnalysisNewsArticle"} <= types


def test_correction_and_comments_show(room, client):
    ledger = next(o for o in room.outlets if o.id == "ledger")
    page = client.get(ledger.base_url + "/world/holloway-interview.html").text
    assert "Correction:" in page and "2019, not 2018" in page
    data = json.loads(LD.search(page).group(1))
    assert data["dateModified"] > data["datePublished"]
    response = client.get(ledger.base_url + "/opinion/grange-stop-courting.html")
    assert "Reader comments (3)" in response.text and "rustbelt_reader" in response.text
    data = json.loads(LD.search(response.text).group(1))
    assert data["dateModified"] == data["datePublished"]
    changed = parsedate_to_datetime(response.headers["last-modified"])
    assert changed > datetime.fromisoformat(data["datePublished"])


def test_conditional_get(room, client):
    for outlet in room.outlets:
        first = client.get(outlet.feed_url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(outlet.feed_url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(outlet.feed_url, headers={"If-Modified-Since": modified}).status_code == 304
        stale = client.get(outlet.feed_url, headers={"If-None-Match": '"old"'})
        assert stale.status_code == 200 and stale.content == first.content


def test_listing_page_and_missing_pages(room, client):
    listed = next(o for o in room.outlets if o.listing_url)
    page = client.get(listed.listing_url).text
    links = re.findall(r'class="statement-link" href="([^"]+)"', page)
    assert len(links) == sum(i.outlet == listed.id for i in room.storyline.items)
    assert client.get(listed.base_url + links[0]).status_code == 200
    assert client.get(listed.base_url + "/no/such/page").status_code == 404
    head = client.head(listed.listing_url)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0


def test_desk_yaml_validates_and_points_at_the_newsroom(room):
    config = parse_desk(room.desk_yaml())
    assert config.desk.timezone == "America/New_York"
    urls = {s.url for s in config.sources}
    assert {o.feed_url for o in room.outlets} <= urls
    kinds = Counter(s.kind for s in config.sources)
    assert kinds["feed"] == len(room.outlets) and kinds["sitemap"] == 1 and kinds["listing"] == 1
    assert all(s.allow_private and s.poll.min == 1 and s.poll.max == 20 for s in config.sources)
    assert {"engagement", "pressure", "human-rights", "corvale"} <= {f.id for f in config.frames}
    assert any(s.name == "evening" for s in config.shifts)
    names = {a.name for a in config.actors}
    assert {"State Department", "Margaret Holloway", "Teodor Vanek"} <= names
    assert 3 <= len(config.playbook) <= 4 and 1 <= len(config.rules) <= 2


def test_release_clock_hides_future_items(client):
    story = load_storyline()
    cut = Moment.parse("d2 17:00")
    expected = sum(i.published <= cut for i in story.items)
    assert 0.3 * len(story.items) < expected < 0.7 * len(story.items)
    with Newsroom(port=0, first_host=131, speed=1.0, skip_to="d2 17:00") as room:
        assert room.released == expected and not room.finished
        hosts = {o.id: o for o in room.outlets}
        for item in story.items:
            status = client.get(hosts[item.outlet].base_url + item.path).status_code
            assert status == (200 if item.published <= cut else 404), item.key
        total = sum(len(feed_links(o, client.get(o.feed_url))) for o in room.outlets)
        assert total == expected
        ledger = hosts["ledger"]
        corrected = client.get(ledger.base_url + "/world/holloway-interview.html").text
        assert "Correction:" not in corrected


def test_fixed_port_in_use_is_a_clear_error(room):
    from signaldesk.errors import SignaldeskError

    with pytest.raises(SignaldeskError, match="cannot listen"):
        Newsroom(port=room.port, first_host=111).start()


def test_standalone_help():
    result = subprocess.run(
        [sys.executable, "-m", "signaldesk.demo.server", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "--speed" in result.stdout and "--release-all" in result.stdout
