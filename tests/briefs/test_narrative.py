"""The optional narrative: a real OpenAI-compatible endpoint on loopback, with canned replies."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from signaldesk import open_desk
from signaldesk.briefs.citations import cited_numbers
from signaldesk.briefs.model import Brief
from signaldesk.briefs.narrative import TITLES, material, narrate
from signaldesk.briefs.render import render
from signaldesk.briefs.window import shift_on
from signaldesk.demo import Newsroom
from signaldesk.errors import UsageError
from tests.briefs.test_narrative_checks import completion, settings

pytestmark = pytest.mark.slow  # the demo desk is polled once for the module

HOST = "127.0.0.5"
MARK = re.compile(r"\[(\d+)\]")
Answer = Callable[[dict[str, Any]], tuple[int, bytes]]


def chat(text: str) -> tuple[int, bytes]:
    """A well-formed chat-completions reply carrying `text`."""
    return 200, json.dumps(completion(text)).encode()


def lines_of(body: dict[str, Any]) -> list[list[int]]:
    """The citation numbers of each material line in a request's prompt."""
    user = body["messages"][-1]["content"]
    return [[int(n) for n in MARK.findall(line)] for line in user.splitlines() if line.startswith("- ")]


def well_cited(body: dict[str, Any]) -> tuple[int, bytes]:
    """Two sentences, each citing numbers of the section's own lines."""
    lines = lines_of(body)
    first, last = lines[0], lines[-1]
    return chat(
        f"The section opens with what its first line says {''.join(f'[{n}]' for n in first)}. "
        f"It closes with the last line. [{last[0]}]"
    )


@dataclass
class Endpoint:
    """An OpenAI-compatible server on loopback that records each request and answers as told."""

    answer: Answer = well_cited
    delay: float = 0.0
    requests: list[tuple[str, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append((self.path, dict(self.headers), body))
                time.sleep(endpoint.delay)
                status, data = endpoint.answer(body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    state = Endpoint()
    server = ThreadingHTTPServer((HOST, 0), state.handler())
    server.daemon_threads = True
    state.url = f"http://{HOST}:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, date]:
    """The demo desk after one poll round (its desk file has no narrative)."""
    folder = tmp_path_factory.mktemp("narrative")
    with Newsroom(port=0, release_all=True) as room:
        (folder / "desk.yaml").write_text(room.desk_yaml(), encoding="utf-8")
        with open_desk(folder / "desk.yaml") as desk:
            desk.poll_once(workers=0)
        assert room.clock is not None
        return folder / "desk.yaml", room.clock.day1


@pytest.fixture(scope="module")
def brief(demo: tuple[Path, date]) -> Brief:
    """The day-two shift brief, without narrative."""
    desk_path, day1 = demo
    with open_desk(desk_path) as desk:
        window = shift_on(desk.config.shifts[0], day1 + timedelta(days=1), desk.config.zone)
        made = desk.brief(window.start, window.end, label=window.label)
    assert made.developments and made.problems == () and made.narratives == ()
    return made


def test_cited_paragraphs_are_kept_and_rendered(brief: Brief, endpoint: Endpoint) -> None:
    drafted = narrate(brief, settings(endpoint.url))
    asked = [
        s for s in ("developments", "institutions", "opinions", "readers", "watch") if material(brief, s)
    ]
    assert [n.section for n in drafted.narratives] == asked and len(endpoint.requests) == len(asked)
    assert drafted.narrative_problems == ()
    for narrative in drafted.narratives:
        allowed = {n for line in material(brief, narrative.section) for n in line.citations}
        assert narrative.citations and set(narrative.citations) <= allowed
        assert narrative.text.startswith("The section opens") and narrative.model == "test-model"
    path, headers, body = endpoint.requests[0]
    assert path == "/v1/chat/completions" and body["model"] == "test-model" and body["temperature"] == 0
    assert "authorization" not in {k.lower() for k in headers}
    prompt = json.dumps(body)
    assert not any(c.url in prompt for c in brief.citations), "only the brief's lines are sent"
    # the rest of the brief is as it was, and every number still resolves
    assert drafted.developments == brief.developments and drafted.citations == brief.citations
    assert set(cited_numbers(drafted)) <= {c.number for c in drafted.citations}

    first = drafted.narratives[0]
    md = render(drafted, "md").decode()
    assert "Drafted by test-model from the cited material" in md and first.text in md
    assert md.index(first.text) < md.index("### 1. ")
    html = render(drafted, "html").decode()
    assert html.count('class="narrative"') == len(asked) and "Drafted by test-model" in html
    assert f'href="#source-{first.citations[0]}"' in html.split('class="narrative"')[1]
    data = json.loads(render(drafted, "json"))
    assert data["narratives"][0] == {
        "section": first.section,
        "model": "test-model",
        "text": first.text,
        "citations": list(first.citations),
    }


def test_pdf_shows_the_label(brief: Brief, endpoint: Endpoint) -> None:
    import io

    from pypdf import PdfReader

    drafted = narrate(brief, settings(endpoint.url, sections=["developments"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(drafted, "pdf"))).pages)
    assert "Drafted by test-model" in " ".join(text.split())


def test_sentences_without_valid_citations_are_dropped_with_a_reason(
    brief: Brief, endpoint: Endpoint
) -> None:
    known = {c.number for c in brief.citations}
    section, own = next(
        (s, own)
        for s in ("readers", "opinions", "institutions", "watch")
        if (own := {n for line in material(brief, s) for n in line.citations}) and known - own
    )
    first, elsewhere = min(own), min(known - own)
    endpoint.answer = lambda body: chat(
        f"Talks were offered [{first}]. Everyone was surprised. "
        f"A source nobody stored agrees [{first}][9999]. Others disagreed [{elsewhere}]."
    )
    drafted = narrate(brief, settings(endpoint.url, sections=[section]))
    assert [n.text for n in drafted.narratives] == [f"Talks were offered [{first}]."]
    notes = drafted.narrative_problems
    assert len(notes) == 3 and all(n.startswith(f"narrative, {TITLES[section]}: dropped") for n in notes)
    assert "Everyone was surprised." in notes[0] and "carries no citation" in notes[0]
    assert "[9999], not among the brief's sources" in notes[1]
    assert f"[{elsewhere}], not among this section's lines" in notes[2]
    md = render(drafted, "md").decode()
    assert "Narrative notes" in md and "Everyone was surprised" not in md.split("Narrative notes")[0]
    assert "9999" not in json.dumps(json.loads(render(drafted, "json"))["narratives"])


def _refused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("down", "cannot reach"),
        ("500", "answered 500"),
        ("timeout", "gave no answer in time"),
        ("not json", "the reply is not JSON"),
        ("no choices", "no choices[0].message.content"),
    ],
)
def test_a_failing_endpoint_leaves_the_brief_whole(
    brief: Brief, endpoint: Endpoint, case: str, reason: str
) -> None:
    url = endpoint.url
    if case == "down":
        url = f"http://{HOST}:{_refused_port()}/v1"
    elif case == "500":
        endpoint.answer = lambda body: (500, b'{"error": "model not loaded"}')
    elif case == "timeout":
        endpoint.delay = 2.0  # ten times the timeout below
    elif case == "not json":
        endpoint.answer = lambda body: (200, b"<html>surely not</html>")
    else:
        endpoint.answer = lambda body: (200, b'{"object": "chat.completion"}')
    drafted = narrate(brief, settings(url, timeout=0.2 if case == "timeout" else 10))
    assert drafted.narratives == () and len(drafted.narrative_problems) == 1
    note = drafted.narrative_problems[0]
    assert note.startswith("narrative left out from Key developments on:") and reason in note
    assert len(endpoint.requests) == (0 if case == "down" else 1), "it stops at the first failure"
    from dataclasses import replace

    assert replace(drafted, narrative_problems=()) == brief
    assert "Narrative notes" in render(drafted, "md").decode()


def test_credentials_in_the_endpoint_address_are_shown_nowhere(brief: Brief) -> None:
    url = f"http://user:hunter2secret@{HOST}:{_refused_port()}/v1?api_key=tok-0123456789"
    drafted = narrate(brief, settings(url))
    note = drafted.narrative_problems[0]
    assert "cannot reach" in note and "hunter2secret" not in note and "tok-0123456789" not in note
    assert "hunter2secret" not in render(drafted, "json").decode()


def test_the_key_is_sent_as_a_bearer_and_shown_nowhere(
    brief: Brief, endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk-test-0123456789abcdef"
    caplog.set_level(logging.DEBUG)
    config = settings(endpoint.url, key_env="SIGNALDESK_TEST_NARRATIVE_KEY", sections=["developments"])
    drafted = narrate(brief, config, environ={"SIGNALDESK_TEST_NARRATIVE_KEY": secret})
    assert drafted.narratives and endpoint.requests[0][1]["Authorization"] == f"Bearer {secret}"
    endpoint.answer = lambda body: (401, json.dumps({"error": f"bad key {secret}"}).encode())
    refused = narrate(brief, config, environ={"SIGNALDESK_TEST_NARRATIVE_KEY": secret})
    assert "answered 401" in refused.narrative_problems[0] and "***" in refused.narrative_problems[0]
    for made in (drafted, refused):
        for fmt in ("md", "html", "json"):
            assert secret not in render(made, fmt).decode()
    assert secret not in caplog.text and "test-model" in caplog.text
    missing = narrate(brief, config, environ={})
    assert missing.narratives == () and len(endpoint.requests) == 2
    assert "SIGNALDESK_TEST_NARRATIVE_KEY" in missing.narrative_problems[0]
    assert "is not set" in missing.narrative_problems[0]


def _with_narrative(desk_path: Path, url: str) -> Path:
    data = yaml.safe_load(desk_path.read_text(encoding="utf-8"))
    data.setdefault("brief", {})["narrative"] = {"endpoint": url, "model": "test-model", "timeout": 5}
    path = desk_path.with_name("narrated.yaml")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_off_by_default_and_switched_from_the_cli(demo: tuple[Path, date], endpoint: Endpoint) -> None:
    from typer.testing import CliRunner

    from signaldesk.cli.app import app

    desk_path, day1 = demo
    d2, d3 = ((day1 + timedelta(days=n)).isoformat() for n in (1, 2))
    window = ["--from", d2, "--until", d3, "--no-record"]
    runner = CliRunner()
    with open_desk(desk_path) as desk:
        assert desk.config.brief.narrative is None
    plain = runner.invoke(app, ["brief", "--desk", str(desk_path), *window])
    assert plain.exit_code == 0, plain.output
    assert "Drafted by" not in plain.output and endpoint.requests == []
    asked = runner.invoke(app, ["brief", "--desk", str(desk_path), *window, "--narrative"])
    assert isinstance(asked.exception, UsageError)
    assert "brief.narrative" in str(asked.exception)

    narrated = _with_narrative(desk_path, endpoint.url)
    off = runner.invoke(app, ["brief", "--desk", str(narrated), *window, "--no-narrative"])
    assert off.exit_code == 0 and "Drafted by" not in off.output and endpoint.requests == []
    on = runner.invoke(app, ["brief", "--desk", str(narrated), *window])
    assert on.exit_code == 0, on.output
    assert "Drafted by test-model" in on.output and endpoint.requests

    endpoint.answer = lambda body: chat("An uncited claim.")
    warned = runner.invoke(app, ["brief", "--desk", str(narrated), *window])
    assert warned.exit_code == 0, "dropped sentences are not citation problems"
    assert "Warning, narrative:" in warned.stderr and "carries no citation" in warned.stderr
