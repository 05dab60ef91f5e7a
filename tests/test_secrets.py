"""Secrets never reach archives, logs or errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signaldesk.ingest.archive import Archive
from signaldesk.secrets import hide_secrets, redact_url, restore_secrets, same_place, scheme_only


def test_redact_url_hides_keys_tokens_and_passwords() -> None:
    assert redact_url("https://api.congress.gov/v3/bill?api_key=SECRET123&format=json") == (
        "https://api.congress.gov/v3/bill?api_key=%2A%2A%2A&format=json"
    )
    assert "s3cr3t" not in redact_url(
        "https://disqus.com/api/3.0/threads/listPosts.json?api_secret=s3cr3t&forum=x"
    )
    assert (
        redact_url("https://x.example/feed?access_token=abc")
        == "https://x.example/feed?access_token=%2A%2A%2A"
    )
    assert redact_url("smtp://user:hunter2@mail.example:25/") == "smtp://user:***@mail.example:25/"
    plain = "https://www.state.gov/rss-feed/press-releases/feed/?page=2&keyword=korea"
    assert redact_url(plain) == plain


def test_archived_records_never_hold_the_key(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    ref = archive.write(
        "https://api.congress.gov/v3/bill?api_key=SECRET123",
        200,
        {"content-type": "application/json"},
        b'{"bills": []}',
        datetime.now(UTC),
    )
    archive.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("*.warc.gz"))
    import gzip

    assert b"SECRET123" not in gzip.decompress(raw)
    assert Archive(tmp_path).read(ref) == b'{"bills": []}'


# -- channel URLs shown in the settings -------------------------------------------------

LEAKY = [
    ("sendgrid://SG.Ab3dEfGhIjKl.QrStUv0123wxyz:apikeyvalue@sendgrid.example.com", "SG.Ab3dEfGhIjKl"),
    ("gotify://push.example.com/A8s7dKAl3.kX9Z", "A8s7dKAl3.kX9Z"),
    ("json://hooks.example.com/post?auth=plainwordsecret&room=ops", "plainwordsecret"),
    ("json://hooks.example.com/post#token=fragmentsecret", "fragmentsecret"),
    ("tgram://123456789:AAbbCCddEE/-100200300", "123456789"),
    ("mailto://desk:hunter2@mail.example.com?to=desk@example.com", "hunter2"),
    ("slack://TokenA/TokenB/TokenC/#general", "TokenB"),
]


@pytest.mark.parametrize(("url", "secret"), LEAKY)
def test_an_admin_sees_only_scheme_and_host_of_a_channel_url(url: str, secret: str) -> None:
    shown = hide_secrets(url)
    assert secret not in shown
    assert shown.startswith(url.split("://")[0] + "://")
    assert restore_secrets(shown, url) == url


def test_a_host_is_kept_only_when_it_looks_like_a_dns_name() -> None:
    assert hide_secrets("mailto://desk:pw@mail.example.com?to=a@b.example") == (
        "mailto://***:***@mail.example.com?to=***"
    )
    assert hide_secrets("gotify://push.example.com/A8s7dKAl3.kX9Z") == "gotify://push.example.com/***"
    assert hide_secrets("json://127.0.0.1:9/hook") == "json://***/***"
    assert hide_secrets("discord://webhookid/webhooktoken") == "discord://***/***"
    assert hide_secrets("json://hooks.example.com/a?b#c") == "json://hooks.example.com/***?***#***"


@pytest.mark.parametrize(("url", "secret"), LEAKY)
def test_anyone_else_sees_only_the_scheme(url: str, secret: str) -> None:
    assert scheme_only(url) == url.split("://")[0] + "://(hidden)"
    assert scheme_only("not a url at all") == "(hidden)"


def test_a_secret_is_restored_only_for_the_same_scheme_and_host() -> None:
    old = "mailto://user:hunter2@gmail.com"
    assert restore_secrets("mailto://user:***@gmail.com", old) == old
    assert "hunter2" not in restore_secrets("mailto://user:***@evil.example", old)
    assert "hunter2" not in restore_secrets("json://user:***@gmail.com", old)
    assert "hunter2" not in restore_secrets("mailto://user:***@gmail.com.evil.example", old)
    assert not same_place("mailto://user:***@evil.example", old)
    hidden_host = "discord://webhookid/webhooktoken"
    assert restore_secrets("discord://***/***", hidden_host) == hidden_host
    assert same_place("discord://***/***", hidden_host)
    assert "webhookid" not in restore_secrets("discord://other/***", hidden_host)
