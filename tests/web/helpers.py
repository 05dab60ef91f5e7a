"""Signing in through the real login form, as a browser would."""

from __future__ import annotations

import re

import httpx


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(url: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=10)
    page = client.get("/login")
    answer = client.post(
        "/login", data={"name": name, "password": password, "csrf": form_token(page.text), "next": "/"}
    )
    assert answer.status_code == 303, answer.text
    return client
