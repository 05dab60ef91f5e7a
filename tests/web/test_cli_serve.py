"""`signaldesk users` adds users with one-time passwords and tokens that the desk then accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from signaldesk import open_desk
from signaldesk.cli import main


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_users_add_token_and_list(desk_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk = str(desk_file)
    code, out = cli(capsys, "users", "add", "alice", "--role", "analyst", "--desk", desk)
    assert code == 0, out
    password = out.strip().rsplit(" ", 1)[-1]
    token = cli(capsys, "users", "token", "alice", "--desk", desk)[1].strip()
    code, out = cli(capsys, "users", "add", "alice", "--desk", desk)
    assert code == 2 and "exists already" in out
    code, out = cli(capsys, "users", "add", "bob", "--role", "boss", "--desk", desk)
    assert code == 2 and "unknown role" in out
    assert cli(capsys, "users", "list", "--desk", desk)[1].startswith("alice\tanalyst\t")
    with open_desk(desk_file) as opened:
        session_id, session = opened.login("alice", password)
        assert session.user.role == "analyst" and opened.session(session_id) is not None
        user = opened.token_user(token)
        assert user is not None and user.name == "alice"
        assert opened.token_user(token + "x") is None


def test_serve_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(capsys, "serve", "--help")
    assert code == 0 and "--port" in out and "127.0.0.1" in out
