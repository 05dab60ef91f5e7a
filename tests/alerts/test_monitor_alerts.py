"""Alerts end to end: the monitor on the demo newsroom fires a rule and a real receiver gets it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import yaml

from signaldesk import open_desk
from signaldesk.demo import Newsroom
from tests.alerts.conftest import Receiver


def test_a_quote_rule_is_delivered_once_with_its_latency(tmp_path: Path, receivers: list[Receiver]) -> None:
    hook = Receiver("127.0.0.52").start()
    receivers.append(hook)
    with Newsroom(port=0, release_all=True) as room:
        desk = yaml.safe_load(room.desk_yaml())
        desk["channels"] = [{"id": "hook", "url": hook.url()}]
        desk["rules"] = [
            {
                "id": "state-talks",
                "name": "State Department on talks",
                "when": "quote",
                "actor": "state-department",
                "query": "talks OR dialogue",
                "channels": ["hook"],
                "throttle": 1,
            }
        ]
        (tmp_path / "desk.yaml").write_text(yaml.safe_dump(desk), encoding="utf-8")
        stop = threading.Event()
        with open_desk(tmp_path / "desk.yaml") as the_desk:
            runner = threading.Thread(
                target=the_desk.run, kwargs={"stop": stop.is_set, "workers": 0, "idle": 0.2}
            )
            runner.start()
            deadline = time.monotonic() + 90
            try:
                while time.monotonic() < deadline and not hook.posts:
                    time.sleep(0.2)
                time.sleep(1)
            finally:
                stop.set()
                runner.join(timeout=60)
            from sqlalchemy import select

            from signaldesk.store import schema

            with the_desk.store.engine.connect() as db:
                alerts = db.execute(select(schema.alerts)).all()
    assert not runner.is_alive()
    assert hook.posts, "the webhook received the alert"
    assert any("State Department on talks" in str(post) for post in hook.posts)
    assert alerts and all(row.rule_id == "state-talks" for row in alerts)
    delivered = [row for row in alerts if row.delivered_at]
    assert delivered and all(row.latency is not None and row.latency >= 0 for row in delivered)
    assert len({row.event_key for row in alerts}) == len(alerts), "one alert per event"
