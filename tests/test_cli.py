"""The command line, called through its real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.cli import main
from signaldesk.types import Article, Genre
from tests.conftest import MINIMAL_DESK, moment, utcnow


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `signaldesk ARGS`; returns (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def filled_desk(desk_file: Path) -> Path:
    with open_desk(desk_file) as desk:
        for number, (title, text, genre) in enumerate(
            [
                (
                    "Envoys meet as talks resume",
                    "The State Department said talks would resume in Geneva.",
                    Genre.NEWS,
                ),
                ("Sanctions are the only language", "A column arguing for more sanctions.", Genre.OPINION),
                (
                    "Ministry statement on the drills",
                    "The ministry said the drills were a provocation.",
                    Genre.OFFICIAL,
                ),
            ]
        ):
            article = Article(
                url=f"https://wire.example/{number}",
                canonical_url=f"https://wire.example/{number}",
                title=title,
                text=text,
                genre=genre,
                authors=("Dana Whitlock",),
                published=moment(2 + number, 10),
            )
            desk.store.upsert_article(article, outlet="Test Wire", source_id="wire", seen_at=utcnow())
    return desk_file


def test_help_lists_every_command(capsys) -> None:
    code, out, _ = cli(capsys, "--help")
    assert code == 0
    for command in (
        "init",
        "check",
        "sources",
        "run",
        "poll",
        "search",
        "show",
        "export",
        "stats",
        "demo",
        "extract",
    ):
        assert command in out


def test_init_writes_a_valid_starter_desk_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    code, out, _ = cli(capsys, "init", str(tmp_path / "mydesk"))
    assert code == 0 and "Wrote" in out
    code, out, _ = cli(capsys, "check", str(tmp_path / "mydesk" / "desk.yaml"))
    assert code == 0 and "North Korea in US media" in out
    code, _, err = cli(capsys, "init", str(tmp_path / "mydesk"))
    assert code == 2 and "exists already; use --force" in err


def test_check_reports_mistakes_on_one_line_with_exit_code_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "desk.yaml"
    bad.write_text(MINIMAL_DESK.replace("allow_private", "allow_privat"), encoding="utf-8")
    code, out, err = cli(capsys, "check", str(bad))
    assert code == 2
    assert f"{bad}:8: sources[0].allow_privat: unknown field" in err
    assert "Traceback" not in err + out


def test_desk_comes_from_the_environment(filled_desk: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SIGNALDESK_DESK", str(filled_desk))
    code, out, _ = cli(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 3


def test_search_and_show(filled_desk: Path, capsys) -> None:
    code, out, _ = cli(capsys, "search", "talks", "--json", "--desk", str(filled_desk))
    assert code == 0
    result = json.loads(out)
    assert result["total"] == 1 and result["hits"][0]["title"] == "Envoys meet as talks resume"
    code, out, _ = cli(capsys, "search", "genre:opinion OR ministry", "--json", "--desk", str(filled_desk))
    assert {hit["genre"] for hit in json.loads(out)["hits"]} == {"opinion", "official"}
    code, out, _ = cli(capsys, "search", "talks", "--since", "2026-03-03", "--desk", str(filled_desk))
    assert code == 0 and "0 documents" in out
    document_id = str(result["hits"][0]["id"])
    code, out, _ = cli(capsys, "show", document_id, "--revisions", "--desk", str(filled_desk))
    assert code == 0 and "talks would resume in Geneva" in out and "first version" in out


def test_user_mistakes_are_one_clear_line(filled_desk: Path, tmp_path: Path, capsys) -> None:
    code, _, err = cli(capsys, "show", "999", "--desk", str(filled_desk))
    assert (code, err.strip()) == (1, "error: no document with id 999")
    code, _, err = cli(capsys, "search", '"unclosed', "--desk", str(filled_desk))
    assert code == 2 and "unclosed" in err and "Traceback" not in err
    code, _, err = cli(capsys, "search", "x", "--since", "yesterday", "--desk", str(filled_desk))
    assert code == 2 and "--since takes a date like" in err
    code, _, err = cli(capsys, "stats", "--desk", str(tmp_path / "none.yaml"))
    assert code == 2 and "no desk file here" in err
    code, _, err = cli(capsys, "poll", "--desk", str(filled_desk))
    assert code == 2 and "`poll` needs --once" in err


def test_debug_shows_the_traceback(filled_desk: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "signaldesk", "--debug", "show", "999", "--desk", str(filled_desk)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" in result.stderr and "NotFoundError" in result.stderr


def test_export_csv_and_jsonl(filled_desk: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "docs.jsonl"
    code, out, _ = cli(
        capsys, "export", "--format", "jsonl", "--out", str(out_file), "--desk", str(filled_desk)
    )
    assert code == 0 and "Wrote 3 documents" in out
    rows = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert {row["genre"] for row in rows} == {"news", "opinion", "official"}
    csv_file = tmp_path / "docs.csv"
    code, _, _ = cli(
        capsys, "export", "-f", "csv", "-o", str(csv_file), "-q", "sanctions", "--desk", str(filled_desk)
    )
    assert code == 0 and csv_file.read_text().count("\n") == 2
    code, _, err = cli(capsys, "export", "-f", "xml", "--desk", str(filled_desk))
    assert code == 2 and "unknown export format 'xml'" in err


def test_sources_add_remove_keep_comments_and_refuse_bad_input(desk_file: Path, capsys) -> None:
    desk_file.write_text("# my desk\n" + desk_file.read_text(), encoding="utf-8")
    code, _, _ = cli(
        capsys,
        "sources",
        "add",
        "state",
        "https://www.state.gov/rss-feed/press-releases/feed/",
        "--outlet",
        "State Department",
        "--genre",
        "official",
        "--desk",
        str(desk_file),
    )
    assert code == 0
    text = desk_file.read_text()
    assert text.startswith("# my desk") and "id: state" in text
    before = desk_file.read_text()
    code, _, err = cli(capsys, "sources", "add", "state", "https://x.example/feed", "--desk", str(desk_file))
    assert code == 2 and "duplicate id 'state'" in err
    code, _, err = cli(capsys, "sources", "add", "new", "ftp://x.example/feed", "--desk", str(desk_file))
    assert code == 2 and "not an http(s) address" in err
    assert desk_file.read_text() == before, "a refused edit writes nothing"
    code, out, _ = cli(capsys, "sources", "list", "--json", "--desk", str(desk_file))
    assert [s["id"] for s in json.loads(out)] == ["wire", "state"]
    code, _, _ = cli(capsys, "sources", "remove", "state", "--desk", str(desk_file))
    assert code == 0 and "id: state" not in desk_file.read_text()
    code, _, err = cli(capsys, "sources", "remove", "state", "--desk", str(desk_file))
    assert code == 1 and "no source with id 'state'" in err


def test_opml_round_trip(desk_file: Path, tmp_path: Path, capsys) -> None:
    opml = tmp_path / "out.opml"
    code, _, _ = cli(capsys, "sources", "export-opml", "--out", str(opml), "--desk", str(desk_file))
    assert code == 0 and "http://127.0.0.1:9/feed.xml" in opml.read_text()
    other = tmp_path / "other" / "desk.yaml"
    other.parent.mkdir()
    other.write_text("desk:\n  name: Other\n", encoding="utf-8")
    code, out, _ = cli(capsys, "sources", "import-opml", str(opml), "--desk", str(other))
    assert code == 0 and "Imported 1 feeds" in out
    assert "http://127.0.0.1:9/feed.xml" in other.read_text()


def test_sources_status_shows_health(desk_file: Path, capsys) -> None:
    code, out, _ = cli(capsys, "sources", "status", "--json", "--desk", str(desk_file))
    assert code == 0 and json.loads(out)[0]["source"] == "wire"
    code, out, _ = cli(capsys, "sources", "status", "--desk", str(desk_file))
    assert "not yet polled" in out


def test_extract_a_saved_page_as_json(tmp_path: Path, capsys) -> None:
    import gzip

    page = tmp_path / "column.html.gz"
    page.write_bytes(
        gzip.compress(
            b"<html lang='en'><head><title>Talks now</title><link rel='canonical' href='https://daily.example/opinion/talks-now'>"
            b'<script type=\'application/ld+json\'>{"@type": "OpinionNewsArticle", "headline": "Talks now",'
            b' "datePublished": "2026-03-02T18:30:00-05:00", "author": {"name": "Miriam Osei"}}</script>'
            b"</head><body><article><h1>Talks now</h1><p>By Miriam Osei</p>"
            b"<p>The case for talking to an adversary is strongest when the alternatives are worst, and they are bad now.</p>"
            b"<p>Sanctions have not stopped the program, and the envoys have a narrow window before the next test.</p>"
            b"<p>Washington should take the meeting, set a short agenda, and keep its allies informed at every step.</p>"
            b"</article></body></html>"
        )
    )
    code, out, _ = cli(
        capsys,
        "extract",
        str(page),
        "--url",
        "https://daily.example/opinion/talks-now?utm_source=x",
        "--json",
    )
    assert code == 0
    article = json.loads(out)
    for field in (
        "url",
        "canonical_url",
        "title",
        "text",
        "authors",
        "published",
        "modified",
        "language",
        "genre",
        "site_name",
        "section",
        "is_paywalled",
    ):
        assert field in article
    assert article["canonical_url"] == "https://daily.example/opinion/talks-now"
    assert article["genre"] == "opinion" and article["authors"] == ["Miriam Osei"]
    assert article["published"] == "2026-03-02T18:30:00-05:00"
    assert "narrow window" in article["text"]
    code, _, err = cli(capsys, "extract", str(tmp_path / "missing.html"))
    assert code == 2 and "no file at" in err


def test_sources_discover_finds_announced_feeds(capsys) -> None:
    from signaldesk.demo import Newsroom

    with Newsroom(port=0, release_all=True) as room:
        outlet = room.outlets[0]
        code, out, _ = cli(capsys, "sources", "discover", outlet.base_url + "/", "--allow-private")
        assert code == 0 and outlet.feed_url in out
        code, _, err = cli(capsys, "sources", "discover", outlet.base_url + "/")
        assert code == 1 and "loopback" in err
