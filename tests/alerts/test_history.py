"""The alert history read from a real store: rows with their deliveries, turned into entries."""

from __future__ import annotations

from datetime import timedelta

from signaldesk.alerts.channels import Dispatcher
from signaldesk.alerts.engine import AlertEngine
from signaldesk.alerts.history import entries, status_of
from signaldesk.config import DeskConfig
from signaldesk.store import Store

from .conftest import T0, Receiver, desk_config, doc_event, document

RULE = """\
  - id: dprk
    name: North Korea sanctions
    query: sanctions AND DPRK
    channels: [{channels}]
    throttle: 0
"""


def fire(config: DeskConfig, store: Store, doc_id: int) -> int:
    doc = document(doc_id, f"DPRK sanctions widen {doc_id}", "New sanctions on the DPRK.")
    [alert] = AlertEngine(config, store).consider([doc_event(doc, at=T0)], [doc], now=T0)
    assert alert.id is not None
    return alert.id


def test_a_delivered_alert_lists_with_its_delivery(store: Store, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.22").start()
    receivers.append(hook)
    config = desk_config({"hook": hook.url()}, RULE.format(channels="hook"))
    alert_id = fire(config, store, 1)
    dispatcher = Dispatcher(config, store)
    try:
        [delivery] = dispatcher.deliver_due(T0 + timedelta(seconds=5))
    finally:
        dispatcher.close()
    assert delivery.ok, delivery.error
    [record], total = store.alert_rows(10, 0)
    assert total == 1 and record.row.id == alert_id and record.deliveries == (("delivered", ""),)
    [entry] = entries([record])
    assert entry.status == "delivered" and entry.rule_name == "North Korea sanctions"
    assert entry.channels == ("hook",) and entry.to_fire == 0.0
    assert entry.latency is not None and entry.latency >= 5.0


def test_recorded_alerts_page_and_arrive_after_an_id(store: Store) -> None:
    config = desk_config({}, RULE.format(channels=""))
    first, second = fire(config, store, 1), fire(config, store, 2)
    assert store.latest_alert_id() == second > first
    newest, total = store.alert_rows(1, 0)
    assert total == 2 and [r.row.id for r in newest] == [second]
    assert [r.row.id for r in store.alerts_after(0, 10)] == [first, second]
    assert store.alerts_after(second, 10) == []
    [entry] = entries(store.alerts_after(first, 10))
    assert entry.status == "recorded" and entry.channels == () and entry.latency is None


def test_status_of_names_where_an_alert_is() -> None:
    assert status_of("recorded", [], "") == "recorded"
    assert status_of("held", [], "") == "held"
    assert status_of("", [("delivered", ""), ("delivered", "")], "") == "delivered"
    assert status_of("", [("delivered", ""), ("pending", "")], "") == "partly delivered"
    assert status_of("", [("pending", "timed out")], "") == "retrying"
    assert status_of("", [("pending", "")], "") == "pending"
