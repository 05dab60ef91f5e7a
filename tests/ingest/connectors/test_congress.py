"""Congress.gov v3 against the real recorded responses (read in place from ../shared/eval)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from signaldesk.ingest.connectors import CONNECTORS, Request
from signaldesk.ingest.connectors.congress import Bill, public_url
from signaldesk.types import Genre

from .conftest import page, source

CONGRESS = CONNECTORS["congress"]
API = "https://api.congress.gov/v3/bill"


def run_chain(sample: Path, detail: bytes | None = None) -> tuple[list, list, list[str]]:
    """Read list -> bill -> cosponsors -> committees -> summaries from the recordings."""
    src = source(CONGRESS.name, API, params={"term": "FedRAMP"}, key_env="CONGRESS_KEY")
    start = Request(f"{API}/117/hr/21?format=json", "bill", Bill(117, "HR", "21"))
    files = {
        "bill": detail or (sample / "bill_117_hr_21.json").read_bytes(),
        "cosponsors": (sample / "bill_117_hr_21_cosponsors.json").read_bytes(),
        "committees": (sample / "bill_117_hr_21_committees.json").read_bytes(),
        "summaries": (sample / "bill_117_hr_21_summaries.json").read_bytes(),
    }
    queue, articles, events, steps = [start], [], [], []
    while queue:
        request = queue.pop(0)
        steps.append(request.step)
        parsed = CONGRESS.parse(src, request, page(files[request.step], request.url))
        queue.extend(parsed.follow)
        articles.extend(parsed.articles)
        events.extend(parsed.events)
    return articles, events, steps


def test_the_list_keeps_bills_whose_title_holds_a_term_and_pages_on(congress_sample: Path) -> None:
    src = source(CONGRESS.name, "http://127.0.0.51:9000/v3/bill", params={"term": "MORE Act"})
    parsed = CONGRESS.parse(src, Request(API, "bills", 1), page((congress_sample / "bill.json").read_bytes()))
    detail, next_page = parsed.follow
    assert detail.step == "bill" and detail.url.startswith("http://127.0.0.51:9000/v3/bill/117/hr/3617?")
    assert detail.carry.title == "MORE Act"
    assert detail.carry.action_text.startswith("Motion to reconsider laid on the table")
    assert next_page.step == "bills" and "offset=20" in next_page.url
    assert next_page.url.startswith("http://127.0.0.51:9000/")


def test_no_term_keeps_every_bill_and_the_list_url_sorts_by_update(congress_sample: Path) -> None:
    src = source(CONGRESS.name, API, params={"pages": "1"})
    parsed = CONGRESS.parse(src, Request(API, "bills", 1), page((congress_sample / "bill.json").read_bytes()))
    assert len(parsed.follow) == 20 and all(r.step == "bill" for r in parsed.follow)
    (first,) = CONGRESS.start(source(CONGRESS.name, API, params={"congress": "117"}), None)
    assert first.url.startswith(f"{API}/117?")
    assert parse_qs(urlsplit(first.url).query)["sort"] == ["updateDate desc"]


def test_a_bill_becomes_one_official_article_with_sponsors_committees_and_summary(
    congress_sample: Path,
) -> None:
    articles, events, steps = run_chain(congress_sample)
    assert steps == ["bill", "cosponsors", "committees", "summaries"]
    (article,) = articles
    assert article.genre is Genre.OFFICIAL
    assert article.url == "https://www.congress.gov/bill/117th-congress/house-bill/21"
    assert article.title == "HR 21 (117th Congress): FedRAMP Authorization Act"
    assert article.authors == ("Rep. Connolly, Gerald E. [D-VA-11]",)
    text = article.text
    assert "Latest action (2021-01-06): Received in the Senate and Read twice" in text
    assert "Cosponsors (2): Rep. Comer, James [R-KY-1]; Rep. Hice, Jody B. [R-GA-10]" in text
    assert "Homeland Security and Governmental Affairs Committee (Senate): Referred to 2021-01-07" in text
    assert "Summary (Passed House, 2021-01-05)" in text  # the latest of the two summaries
    assert "<p>" not in text
    (event,) = events
    assert event.kind == "bill_status" and event.key.startswith("congress:117-hr-21:2021-01-06:")


def test_a_new_latest_action_changes_the_text_and_the_event_key(congress_sample: Path) -> None:
    data = json.loads((congress_sample / "bill_117_hr_21.json").read_bytes())
    before, (old,), _ = run_chain(congress_sample)
    data["bill"]["latestAction"] = {"actionDate": "2021-02-01", "text": "Became Public Law No: 117-99."}
    after, (new,), _ = run_chain(congress_sample, json.dumps(data).encode())
    assert before[0].url == after[0].url and before[0].text != after[0].text
    assert "Latest action (2021-02-01): Became Public Law No: 117-99." in after[0].text
    assert old.key != new.key
    again, (same,), _ = run_chain(congress_sample, json.dumps(data).encode())
    assert same.key == new.key and again[0].text == after[0].text


def test_drift_new_fields_and_missing_optional_parts_keep_the_bill(congress_sample: Path) -> None:
    data = json.loads((congress_sample / "bill_117_hr_21.json").read_bytes())
    data["bill"]["brandNewField"] = {"x": 1}
    for name in ("cosponsors", "committees", "summaries", "policyArea", "sponsors", "introducedDate"):
        del data["bill"][name]
    articles, events, steps = run_chain(congress_sample, json.dumps(data).encode())
    assert steps == ["bill"]
    assert len(articles) == 1 and len(events) == 1
    assert "Latest action (2021-01-06)" in articles[0].text


def test_public_urls_name_the_congress_and_the_kind() -> None:
    assert (
        public_url(118, "SRES", "12") == "https://www.congress.gov/bill/118th-congress/senate-resolution/12"
    )
    assert (
        public_url(121, "hjres", "3")
        == "https://www.congress.gov/bill/121st-congress/house-joint-resolution/3"
    )
    assert public_url(112, "S", "1") == "https://www.congress.gov/bill/112th-congress/senate-bill/1"


def test_the_key_goes_in_the_api_key_parameter() -> None:
    signed = CONGRESS.sign(f"{API}?format=json", "SECRET123")
    assert parse_qs(urlsplit(signed).query) == {"format": ["json"], "api_key": ["SECRET123"]}
