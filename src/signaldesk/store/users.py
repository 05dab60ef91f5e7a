"""Users, their sessions and their API tokens. Secrets are kept only as hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine, delete, insert, select, update

from ..errors import UsageError
from . import schema as t
from .times import required, to_db

USER_TABLES = (t.users, t.sessions, t.api_tokens)


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    role: str
    password_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRow:
    user: UserRow
    csrf: str
    expires_at: datetime


class UserStore(Protocol):
    """What the Store protocol offers for users, sessions and API tokens."""

    def add_user(self, name: str, role: str, password_hash: str, moment: datetime) -> UserRow: ...
    def user(self, name: str) -> UserRow | None: ...
    def users(self) -> list[UserRow]: ...
    def add_session(
        self, id_hash: str, user_id: int, csrf: str, moment: datetime, expires: datetime
    ) -> None: ...
    def session(self, id_hash: str, moment: datetime) -> SessionRow | None: ...
    def remove_session(self, id_hash: str) -> None: ...
    def add_token(self, token_hash: str, user_id: int, label: str, moment: datetime) -> None: ...
    def token_user(self, token_hash: str, moment: datetime) -> UserRow | None: ...


class UserTables:
    """Store methods for users, sessions and API tokens (a mixin of SQLStore)."""

    engine: Engine

    def _user_tables(self) -> Engine:
        """The engine, after making sure the user tables exist (stores made before they did)."""
        if not getattr(self, "_user_tables_ready", False):
            t.metadata.create_all(self.engine, tables=list(USER_TABLES), checkfirst=True)
            self._user_tables_ready = True
        return self.engine

    def add_user(self, name: str, role: str, password_hash: str, moment: datetime) -> UserRow:
        with self._user_tables().begin() as db:
            if db.execute(select(t.users.c.id).where(t.users.c.name == name)).first():
                raise UsageError(f"a user named '{name}' exists already")
            db.execute(
                insert(t.users).values(
                    name=name, role=role, password_hash=password_hash, created_at=to_db(moment)
                )
            )
        found = self.user(name)
        assert found is not None
        return found

    def user(self, name: str) -> UserRow | None:
        with self._user_tables().connect() as db:
            row = db.execute(select(t.users).where(t.users.c.name == name)).first()
        return _user(row) if row else None

    def users(self) -> list[UserRow]:
        with self._user_tables().connect() as db:
            return [_user(row) for row in db.execute(select(t.users).order_by(t.users.c.name))]

    def add_session(self, id_hash: str, user_id: int, csrf: str, moment: datetime, expires: datetime) -> None:
        with self._user_tables().begin() as db:
            db.execute(delete(t.sessions).where(t.sessions.c.expires_at < to_db(moment)))
            db.execute(
                insert(t.sessions).values(
                    id_hash=id_hash,
                    user_id=user_id,
                    csrf=csrf,
                    created_at=to_db(moment),
                    expires_at=to_db(expires),
                )
            )

    def session(self, id_hash: str, moment: datetime) -> SessionRow | None:
        query = (
            select(t.users, t.sessions.c.csrf, t.sessions.c.expires_at)
            .join(t.sessions, t.sessions.c.user_id == t.users.c.id)
            .where(t.sessions.c.id_hash == id_hash, t.sessions.c.expires_at > to_db(moment))
        )
        with self._user_tables().connect() as db:
            row = db.execute(query).first()
        if row is None:
            return None
        return SessionRow(_user(row), row.csrf, required(row.expires_at))

    def remove_session(self, id_hash: str) -> None:
        with self._user_tables().begin() as db:
            db.execute(delete(t.sessions).where(t.sessions.c.id_hash == id_hash))

    def add_token(self, token_hash: str, user_id: int, label: str, moment: datetime) -> None:
        with self._user_tables().begin() as db:
            db.execute(
                insert(t.api_tokens).values(
                    token_hash=token_hash, user_id=user_id, label=label, created_at=to_db(moment)
                )
            )

    def token_user(self, token_hash: str, moment: datetime) -> UserRow | None:
        query = (
            select(t.users)
            .join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_hash == token_hash)
        )
        with self._user_tables().begin() as db:
            row = db.execute(query).first()
            if row is None:
                return None
            db.execute(
                update(t.api_tokens)
                .where(t.api_tokens.c.token_hash == token_hash)
                .values(last_used=to_db(moment))
            )
        return _user(row)


def _user(row: Any) -> UserRow:
    return UserRow(row.id, row.name, row.role, row.password_hash, required(row.created_at))
