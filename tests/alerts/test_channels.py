"""Delivery through Apprise to real peers on loopback: SMTP, webhooks, a channel that is down."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from signaldesk.alerts.channels import Dispatcher, redact, secrets_of
from signaldesk.alerts.engine import AlertEngine
from signaldesk.alerts.storage import AlertStorage
from signaldesk.config import DeskConfig
from signaldesk.errors import DeskFileError
from signaldesk.store import Store

from .conftest import T0, Mailbox, Receiver, Stall, desk_config, doc_event, document

SECRET = "s3cr3t-Pa55word"


def rules(channels: list[str], extra: str = "") -> str:
    return f"""\
  - id: dprk
    name: North Korea sanctions
    query: sanctions AND DPRK
    severity: warning
    channels: [{", ".join(channels)}]
    throttle: 0
{extra}"""


def fire(config: DeskConfig, store: Store, doc_id: int = 1, at=T0):
    doc = document(doc_id, f"DPRK sanctions widen {doc_id}", "New sanctions on the DPRK.")
    return AlertEngine(config, store).consider([doc_event(doc, at=at)], [doc], now=at)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "mailto://alice:hunter22@smtp.example.org:587?to=a@b.example&pass=topsecret",
            "mailto://***@smtp.example.org:587?to=a@b.example&pass=***",
        ),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#alerts", "slack://***/***"),
        ("tgram://123456789:AAEabcdefGhIjKlmnOp/987654321", "tgram://***/***"),
        (
            "json://hook:tok3n@127.0.0.22:8080/path/abc?token=xyz&method=POST",
            "json://***@127.0.0.22:8080/***?token=***&method=POST",
        ),
        ("msteams://{team}/{token_a}/{token_b}/{token_c}", "msteams://***/***"),
        ("not a url", "***"),
    ],
)
def test_redact_hides_secrets(url: str, shown: str) -> None:
    assert redact(url) == shown
    for piece in ("hunter22", "topsecret", "TIiajkdnlazkcOXrIdevi7FQ", "AAEabcdefGhIjKlmnOp", "tok3n", "xyz"):
        assert piece not in redact(url)


def test_secrets_of_lists_what_redact_hides() -> None:
    found = secrets_of("json://hook:tok3n@127.0.0.22:8080/path/abc?token=xyz1")
    assert {"tok3n", "hook:tok3n", "xyz1", "path"} <= set(found)
    assert "127.0.0.22:8080" not in found


def test_an_email_arrives_with_the_title_and_the_evidence_link(store: Store, smtp_server: Mailbox) -> None:
    config = desk_config({"mail": smtp_server.url()}, rules(["mail"]))
    [alert] = fire(config, store)
    dispatcher = Dispatcher(config, store)
    try:
        [delivery] = dispatcher.deliver_due(T0 + timedelta(seconds=2))
    finally:
        dispatcher.close()
    assert delivery.ok, delivery.error
    [mail] = smtp_server.messages
    assert "North Korea sanctions: DPRK sanctions widen 1" in mail
    assert "http://127.0.0.1:8787/documents/1" in mail
    row = AlertStorage(store.engine).alert_row(alert.id or 0)
    assert row["delivered_at"] is not None and row["latency"] >= 2.0
    assert AlertStorage(store.engine).deliveries(alert.id or 0)[0]["state"] == "delivered"


def test_a_webhook_gets_the_alert_and_nothing_is_sent_twice(store: Store, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.22").start()
    receivers.append(hook)
    config = desk_config({"hook": hook.url()}, rules(["hook"]))
    fire(config, store)
    dispatcher = Dispatcher(config, store)
    try:
        assert [d.ok for d in dispatcher.deliver_due(T0)] == [True]
        assert dispatcher.deliver_due(T0 + timedelta(hours=1)) == []
    finally:
        dispatcher.close()
    [post] = hook.posts
    assert post["title"] == "[warning] North Korea sanctions: DPRK sanctions widen 1"
    assert "Why: rule dprk (match), sanctions, dprk" in post["message"]
    assert "Archived: archive/2026-03-02.warc.gz record <urn:uuid:rec-1>" in post["message"]


def test_a_down_channel_is_retried_with_backoff_then_delivered(
    store: Store, receivers: list[Receiver]
) -> None:
    hook = Receiver("127.0.0.23")
    hook.reserve()  # the port is known; nothing listens yet
    receivers.append(hook)
    config = desk_config({"hook": hook.url()}, rules(["hook"]))
    [alert] = fire(config, store)
    storage = AlertStorage(store.engine)
    dispatcher = Dispatcher(config, store, backoff=60)
    try:
        [first] = dispatcher.deliver_due(T0)
        assert not first.ok and first.next_attempt_at == T0 + timedelta(seconds=60)
        assert dispatcher.deliver_due(T0 + timedelta(seconds=30)) == []  # not due yet
        [second] = dispatcher.deliver_due(T0 + timedelta(seconds=60))
        assert not second.ok and second.next_attempt_at == T0 + timedelta(seconds=180)  # doubled
        [row] = storage.deliveries(alert.id or 0)
        assert row["state"] == "pending" and row["attempts"] == 2 and row["last_error"]
        hook.start()
        [third] = dispatcher.deliver_due(T0 + timedelta(seconds=180))
        assert third.ok and third.attempts == 3
    finally:
        dispatcher.close()
    assert len(hook.posts) == 1
    assert storage.deliveries(alert.id or 0)[0]["state"] == "delivered"


def test_a_restart_between_firing_and_delivery_delivers_once(store: Store, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.22").start()
    receivers.append(hook)
    config = desk_config({"hook": hook.url()}, rules(["hook"]))
    fire(config, store)
    # the process stops here; new objects on the same store file take over
    from signaldesk.store import open_store

    reopened = open_store(store.engine.url.database or "")
    try:
        assert fire(config, reopened) == []  # the event is known: no second alert
        for _ in range(2):
            dispatcher = Dispatcher(config, reopened)
            try:
                dispatcher.deliver_due(T0 + timedelta(minutes=1))
            finally:
                dispatcher.close()
    finally:
        reopened.close()
    assert len(hook.posts) == 1


def test_a_crash_during_a_send_is_retried_after_the_lease(store: Store, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.22").start()
    receivers.append(hook)
    config = desk_config({"hook": hook.url()}, rules(["hook"]))
    [alert] = fire(config, store)
    storage = AlertStorage(store.engine)
    claimed = storage.claim(storage.due(T0), T0 + timedelta(seconds=120))  # a dispatcher took it, then died
    assert len(claimed) == 1
    assert storage.claim(claimed, T0 + timedelta(seconds=120)) == []  # nobody else can take it now
    dispatcher = Dispatcher(config, store)
    try:
        assert dispatcher.deliver_due(T0 + timedelta(seconds=60)) == []
        [delivery] = dispatcher.deliver_due(T0 + timedelta(seconds=120))
    finally:
        dispatcher.close()
    assert delivery.ok and delivery.attempts == 2 and len(hook.posts) == 1
    assert storage.alert_row(alert.id or 0)["delivered_at"] is not None


def test_held_and_folded_alerts_go_out_as_one_digest(store: Store, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.22").start()
    receivers.append(hook)
    config = desk_config(
        {"hook": hook.url()},
        """\
  - id: night
    query: DPRK
    channels: [hook]
    quiet_hours: '22:00-07:00'
    throttle: 1h
""",
    )
    night = T0.replace(hour=4)  # 23:00 in New York
    docs = [document(n, f"DPRK item {n}", "DPRK") for n in (1, 2, 3)]
    events = [doc_event(d, at=night, story_id=d.id) for d in docs]
    again = document(4, "DPRK item 1, updated", "DPRK")
    events.append(doc_event(again, at=night, story_id=1))  # the same story again: throttled
    alerts = AlertEngine(config, store).consider(events, [*docs, again], now=night)
    assert [a.state for a in alerts] == ["held", "held", "held", "folded"]
    dispatcher = Dispatcher(config, store)
    try:
        assert dispatcher.deliver_due(night + timedelta(hours=1)) == []  # still quiet
        [digest] = dispatcher.deliver_due(T0.replace(hour=12))  # 07:00 in New York
    finally:
        dispatcher.close()
    assert digest.ok and digest.digest and len(digest.alert_ids) == 4
    [post] = hook.posts
    assert post["title"] == "Digest: 4 alerts (3 held during quiet hours, 1 folded by throttling)"
    assert post["message"].count("http://127.0.0.1:8787/documents/") == 4


def test_a_stalled_channel_does_not_hold_up_the_others(
    store: Store, receivers: list[Receiver], stall: Stall
) -> None:
    hook = Receiver("127.0.0.22")
    slow_gave_up_first: list[bool] = []
    hook.on_post = lambda: slow_gave_up_first.append(stall.closed.is_set())
    receivers.append(hook.start())
    slow = f"json://{stall.host}:{stall.port}/hook"
    config = desk_config({"hook": hook.url(), "slow": slow}, rules(["slow", "hook"]))
    fire(config, store)
    dispatcher = Dispatcher(config, store, read_timeout=3.0, connect_timeout=3.0)
    try:
        results = {d.channel_id: d for d in dispatcher.deliver_due(T0)}
    finally:
        dispatcher.close()
    assert results["hook"].ok
    assert not results["slow"].ok and results["slow"].error
    assert slow_gave_up_first == [False]  # the webhook was served while the stalled send still waited
    assert stall.closed.wait(10)


def test_secrets_never_reach_logs_or_errors(
    store: Store, receivers: list[Receiver], caplog: pytest.LogCaptureFixture
) -> None:
    down = Receiver("127.0.0.23")
    down.reserve()
    receivers.append(down)
    url = f"json://hook:{SECRET}@127.0.0.23:{down.port}/{SECRET}-path?token={SECRET}tok"
    config = desk_config({"down": url}, rules(["down"]))
    fire(config, store)
    caplog.set_level(logging.DEBUG)
    dispatcher = Dispatcher(config, store)
    try:
        [delivery] = dispatcher.deliver_due(T0)
    finally:
        dispatcher.close()
    assert not delivery.ok and delivery.error
    assert "127.0.0.23" in delivery.error
    [row] = AlertStorage(store.engine).deliveries(delivery.alert_ids[0])
    for text in (caplog.text, delivery.error, row["last_error"], *(r.getMessage() for r in caplog.records)):
        assert SECRET not in text
    assert caplog.records, "the failed send was logged"


def test_a_channel_url_apprise_does_not_know_is_refused_without_its_secret() -> None:
    config = desk_config({"bad": f"nosuchservice://{SECRET}@example.org"}, rules(["bad"]))
    with pytest.raises(
        DeskFileError, match=r"channels\[0\] \(id 'bad'\): Apprise does not understand"
    ) as caught:
        Dispatcher(config, None)
    assert SECRET not in str(caught.value)
