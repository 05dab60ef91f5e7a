"""The demo desk file, written for the addresses a running newsroom uses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import yaml

from .storyline import FOLDER, load_storyline

if TYPE_CHECKING:
    from .server import Outlet

HEADER = """\
# Demo desk: the Kestria desk follows US and Kestrian media on a fictional country.
# Written by signaldesk's demo newsroom for its loopback addresses; every person and
# outlet here is invented.
"""
MEDIA = {
    "continental-press-wire",
    "the-capital-ledger",
    "the-national-sentinel",
    "bulletin-24",
    "the-midland-gazette",
}
GENRES = {
    "wire": "news",
    "daily": "news",
    "cable": "news",
    "magazine": "analysis",
    "official": "official",
    "comments": "comments",
}


def actor_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _actors(extra: dict[str, Any]) -> list[dict[str, Any]]:
    actors = [dict(a) for a in extra.get("institutions", ())]
    for person in load_storyline().people:
        if person.affiliation in MEDIA:
            continue
        entry: dict[str, Any] = {
            "id": actor_id(person.name),
            "name": person.name,
            "kind": "person",
            "roles": [person.role],
            "affiliation": person.affiliation,
            "country": person.country,
        }
        if person.aliases:
            entry["aliases"] = list(person.aliases)
        actors.append(entry)
    return actors


def _sources(outlets: Sequence[Outlet]) -> list[dict[str, Any]]:
    specs = {s.id: s for s in load_storyline().outlets}
    common = {"allow_private": True, "poll": {"min": 1, "max": 20}}
    sources: list[dict[str, Any]] = []
    for outlet in outlets:
        spec = specs.get(outlet.id)
        sources.append(
            {
                "id": outlet.id,
                "outlet": outlet.name,
                "url": outlet.feed_url,
                "kind": "feed",
                "genre": GENRES.get(outlet.kind, "news"),
                "country": spec.country if spec else "US",
                **common,
                "tags": [outlet.kind],
            }
        )
    ledger = next((o for o in outlets if o.id == "ledger"), outlets[0])
    sources.append(
        {
            "id": f"{ledger.id}-sitemap",
            "outlet": ledger.name,
            "url": ledger.sitemap_url,
            "kind": "sitemap",
            **common,
            "tags": ["sitemap"],
        }
    )
    listed = next((o for o in outlets if o.listing_url), None)
    if listed is not None and listed.listing_url:
        sources.append(
            {
                "id": f"{listed.id}-listing",
                "outlet": listed.name,
                "url": listed.listing_url,
                "kind": "listing",
                "genre": "official",
                **common,
                "tags": ["listing"],
                "listing": {"selector": "a.statement-link", "pattern": r"/statements/[a-z0-9-]+$"},
            }
        )
    return sources


def desk_yaml(outlets: Sequence[Outlet], store: str = "signaldesk.db") -> str:
    """Desk file text (valid for signaldesk.config.parse_desk) for these outlets."""
    extra = yaml.safe_load((FOLDER / "desk.yaml").read_text(encoding="utf-8"))
    desk = {
        "desk": {
            "name": "Kestria desk",
            "timezone": "America/New_York",
            "store": store,
            "archive": "archive",
        },
        "fetch": {"per_host_gap": 0.05, "per_host_concurrency": 2, "respect_robots": True},
        "shifts": extra["shifts"],
        "sources": _sources(outlets),
        "watches": extra["watches"],
        "actors": _actors(extra),
        "frames": extra["frames"],
        "rules": extra["rules"],
        "playbook": extra["playbook"],
        "brief": extra["brief"],
    }
    return HEADER + yaml.safe_dump(desk, sort_keys=False, allow_unicode=True, width=110)
