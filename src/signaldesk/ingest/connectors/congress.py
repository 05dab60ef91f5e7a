"""Congress.gov API v3: bills and resolutions on the watch, with their latest action.

List: GET {url}[/{congress}]?format=json&sort=updateDate+desc&fromDateTime=...; the
list has no text search, so bills are kept whose title holds a watch term (`params.term`,
several joined by '|'). For each, the bill, its cosponsors, committees and summaries
are read, and the bill becomes one official article whose text carries its latest
action: a new action changes the text, so the store keeps a revision, and the change
is listed as an event keyed by bill and action. Key: the api_key query parameter (the
only scheme the OpenAPI document declares). Limit: 5,000 requests an hour.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlencode

from ...config import Source
from ...types import Article, Genre, Page
from .base import (
    Event,
    Parsed,
    Request,
    add_query,
    as_dict,
    as_list,
    int_param,
    load_json,
    matches,
    parse_when,
    plain,
    rebase,
    sign_with_query,
    terms_of,
    text_of,
)
from .ratelimits import RateLimit

PUBLIC_TYPES = {
    "HR": "house-bill",
    "S": "senate-bill",
    "HJRES": "house-joint-resolution",
    "SJRES": "senate-joint-resolution",
    "HCONRES": "house-concurrent-resolution",
    "SCONRES": "senate-concurrent-resolution",
    "HRES": "house-resolution",
    "SRES": "senate-resolution",
}
STEPS = ("cosponsors", "committees", "summaries")


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def public_url(congress: int, kind: str, number: str) -> str:
    """The bill's page on congress.gov (the address analysts open)."""
    slug = PUBLIC_TYPES.get(kind.upper(), kind.lower())
    return f"https://www.congress.gov/bill/{ordinal(congress)}-congress/{slug}/{number}"


@dataclass(frozen=True, slots=True)
class Bill:
    """What is known of one bill while its parts are read."""

    congress: int
    kind: str
    number: str
    title: str = ""
    chamber: str = ""
    introduced: str = ""
    action_date: str = ""
    action_text: str = ""
    policy_area: str = ""
    sponsors: tuple[str, ...] = ()
    cosponsors: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    summary: str = ""
    summary_label: str = ""
    pending: tuple[tuple[str, str], ...] = field(default=())  # (step, api url) still to read

    @property
    def label(self) -> str:
        return f"{self.kind} {self.number} ({ordinal(self.congress)} Congress)"

    @property
    def status_key(self) -> str:
        digest = hashlib.sha256(f"{self.action_date}|{self.action_text}".encode()).hexdigest()[:12]
        return f"congress:{self.congress}-{self.kind.lower()}-{self.number}:{self.action_date}:{digest}"


def list_url(source: Source, since: datetime | None) -> str:
    base = source.url.split("?", 1)[0].rstrip("/")
    if congress := source.params.get("congress", "").strip():
        base = f"{base}/{congress}"
    query = {
        "format": "json",
        "limit": str(int_param(source, "limit", 250, high=250)),
        "sort": "updateDate desc",
    }
    if since is not None:
        query["fromDateTime"] = (since - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{base}?{urlencode(query)}"


def _bill_from_item(item: dict[str, object]) -> Bill | None:
    number = text_of(item.get("number")) or str(item.get("number") or "")
    kind = text_of(item.get("type"))
    congress = item.get("congress")
    if not number or not kind or not isinstance(congress, int | str) or not str(congress).isdigit():
        return None
    action = as_dict(item.get("latestAction"))
    return Bill(
        congress=int(congress),
        kind=kind.upper(),
        number=number,
        title=text_of(item.get("title")),
        chamber=text_of(item.get("originChamber")),
        introduced=text_of(item.get("introducedDate")),
        action_date=text_of(action.get("actionDate")),
        action_text=text_of(action.get("text")),
    )


def parse_list(source: Source, page: Page, pages_read: int) -> Parsed:
    data = as_dict(load_json(page, "the Congress.gov bill list"))
    terms = terms_of(source)
    follow: list[Request] = []
    skipped: list[str] = []
    base = source.url.split("?", 1)[0].rstrip("/")
    for raw in as_list(data.get("bills")):
        item = as_dict(raw)
        bill = _bill_from_item(item)
        if bill is None:
            skipped.append("a Congress.gov bill without congress, type or number")
            continue
        if not matches(bill.title, terms):
            continue
        api = text_of(item.get("url"))
        detail = (
            rebase(api, source.url) if api else f"{base}/{bill.congress}/{bill.kind.lower()}/{bill.number}"
        )
        follow.append(Request(add_query(detail, format="json"), "bill", bill))
    next_url = text_of(as_dict(data.get("pagination")).get("next"))
    if next_url and pages_read < int_param(source, "pages", 2, high=50):
        follow.append(Request(rebase(next_url, source.url), "bills", pages_read + 1))
    return Parsed(follow=tuple(follow), skipped=tuple(skipped))


def _member(value: object) -> str:
    member = as_dict(value)
    return text_of(member.get("fullName")) or " ".join(
        part for part in (text_of(member.get("firstName")), text_of(member.get("lastName"))) if part
    )


def read_bill(bill: Bill, data: dict[str, object], source: Source) -> Bill:
    """Fold the bill endpoint's answer in."""
    found = as_dict(data.get("bill"))
    action = as_dict(found.get("latestAction"))
    pending = []
    for step in STEPS:
        part = as_dict(found.get(step))
        count = part.get("count")
        url = text_of(part.get("url"))
        if url and (not isinstance(count, int) or count > 0):
            pending.append((step, add_query(rebase(url, source.url), format="json", limit="250")))
    return replace(
        bill,
        title=text_of(found.get("title")) or bill.title,
        chamber=text_of(found.get("originChamber")) or bill.chamber,
        introduced=text_of(found.get("introducedDate")) or bill.introduced,
        action_date=text_of(action.get("actionDate")) or bill.action_date,
        action_text=text_of(action.get("text")) or bill.action_text,
        policy_area=text_of(as_dict(found.get("policyArea")).get("name")),
        sponsors=tuple(name for name in map(_member, as_list(found.get("sponsors"))) if name),
        pending=tuple(pending),
    )


def read_part(bill: Bill, step: str, data: dict[str, object]) -> Bill:
    """Fold a cosponsors, committees or summaries answer in."""
    if step == "cosponsors":
        names = [
            _member(item)
            for item in as_list(data.get("cosponsors"))
            if not as_dict(item).get("sponsorshipWithdrawnDate")
        ]
        return replace(bill, cosponsors=tuple(name for name in names if name))
    if step == "committees":
        lines = []
        for raw in as_list(data.get("committees")):
            item = as_dict(raw)
            activities = ", ".join(
                f"{text_of(as_dict(a).get('name'))} {text_of(as_dict(a).get('date'))[:10]}".strip()
                for a in as_list(item.get("activities"))
            )
            name = text_of(item.get("name"))
            chamber = text_of(item.get("chamber"))
            if name:
                lines.append(f"{name} ({chamber}): {activities}" if activities else f"{name} ({chamber})")
        return replace(bill, committees=tuple(lines))
    summaries = [as_dict(item) for item in as_list(data.get("summaries"))]
    summaries = [item for item in summaries if text_of(item.get("text"))]
    if not summaries:
        return bill
    latest = max(
        summaries, key=lambda item: (text_of(item.get("actionDate")), text_of(item.get("updateDate")))
    )
    label = ", ".join(p for p in (text_of(latest.get("actionDesc")), text_of(latest.get("actionDate"))) if p)
    return replace(bill, summary=plain(text_of(latest.get("text"))), summary_label=label)


def bill_article(bill: Bill) -> Article:
    """The bill as an official article; its text changes when its latest action does."""
    lines = [bill.title or bill.label, f"{bill.label}, introduced {bill.introduced or 'on an unknown date'}"]
    if bill.chamber:
        lines[-1] += f" in the {bill.chamber}"
    lines.append(f"Latest action ({bill.action_date or 'undated'}): {bill.action_text or 'none recorded'}")
    if bill.sponsors:
        lines.append(f"Sponsor: {'; '.join(bill.sponsors)}")
    if bill.cosponsors:
        lines.append(f"Cosponsors ({len(bill.cosponsors)}): {'; '.join(bill.cosponsors)}")
    if bill.committees:
        lines.append(f"Committees: {'; '.join(bill.committees)}")
    if bill.policy_area:
        lines.append(f"Policy area: {bill.policy_area}")
    if bill.summary:
        lines.append(f"Summary ({bill.summary_label}):\n{bill.summary}")
    url = public_url(bill.congress, bill.kind, bill.number)
    tags = ["congress", f"bill:{bill.kind.lower()}{bill.number}-{bill.congress}"]
    if bill.policy_area:
        tags.append(f"policy-area:{bill.policy_area}")
    return Article(
        url=url,
        canonical_url=url,
        title=f"{bill.label}: {bill.title}" if bill.title else bill.label,
        text="\n".join(lines),
        authors=bill.sponsors,
        published=parse_when(bill.introduced),
        modified=parse_when(bill.action_date),
        language="en",
        genre=Genre.OFFICIAL,
        site_name="Congress.gov",
        section=bill.chamber,
        tags=tuple(tags),
    )


def status_event(bill: Bill) -> Event:
    return Event(
        kind="bill_status",
        key=bill.status_key,
        title=f"{bill.label}: {bill.action_text or 'no action recorded'}",
        url=public_url(bill.congress, bill.kind, bill.number),
        at=parse_when(bill.action_date),
        detail=(("bill", bill.label), ("action_date", bill.action_date), ("action", bill.action_text)),
    )


def _advance(bill: Bill) -> Parsed:
    """Ask for the next part of the bill, or hand the bill on when all parts are read."""
    if bill.pending:
        (step, url), rest = bill.pending[0], bill.pending[1:]
        return Parsed(follow=(Request(url, step, replace(bill, pending=rest)),))
    return Parsed(articles=(bill_article(bill),), events=(status_event(bill),))


LIMIT = RateLimit(5000, 3600.0, published=True, note="5,000 requests an hour per key")


@dataclass(frozen=True)
class Congress:
    name: str = "congress"
    limit: RateLimit = LIMIT
    needs_key: bool = True

    def start(self, source: Source, since: datetime | None) -> list[Request]:
        return [Request(list_url(source, since), "bills", 1)]

    def parse(self, source: Source, request: Request, page: Page) -> Parsed:
        if request.step == "bills":
            return parse_list(source, page, request.carry if isinstance(request.carry, int) else 1)
        bill = request.carry
        if not isinstance(bill, Bill):
            raise TypeError("a Congress.gov bill request carries its Bill")
        data = as_dict(load_json(page, f"Congress.gov ({request.step} of {bill.label})"))
        if request.step == "bill":
            return _advance(read_bill(bill, data, source))
        return _advance(read_part(bill, request.step, data))

    def sign(self, url: str, key: str) -> str:
        return sign_with_query(url, key)
