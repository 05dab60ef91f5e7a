"""Users, sessions and API tokens: the accounts part of the Desk facade."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .errors import NotFoundError, UsageError
from .store import Store
from .types import now

if TYPE_CHECKING:
    from .store.users import SessionRow, UserRow


class DeskAccounts:
    store: Store

    def add_user(self, name: str, role: str) -> str:
        """Add a user; returns their one-time password."""
        from .web.accounts import check_role, hash_password, new_secret

        if not name.strip() or len(name) > 80:
            raise UsageError("a user name must be 1 to 80 characters")
        password = new_secret()
        self.store.add_user(name, check_role(role), hash_password(password), now())
        return password

    def login(self, name: str, password: str, *, hours: float = 12.0) -> tuple[str, SessionRow]:
        """Open a session for a user whose password is right; returns its id and the session."""
        from .web.accounts import AuthError, digest, new_secret, verify_password

        user = self.store.user(name)
        if user is None or not verify_password(user.password_hash, password):
            raise AuthError("wrong user name or password")
        session_id, moment = new_secret(), now()
        self.store.add_session(
            digest(session_id), user.id, new_secret(), moment, moment + timedelta(hours=hours)
        )
        found = self.store.session(digest(session_id), moment)
        assert found is not None
        return session_id, found

    def session(self, session_id: str) -> SessionRow | None:
        from .web.accounts import digest

        return self.store.session(digest(session_id), now())

    def logout(self, session_id: str) -> None:
        from .web.accounts import digest

        self.store.remove_session(digest(session_id))

    def add_token(self, name: str, label: str = "") -> str:
        """A new API token for a user; only its digest is kept, so show it once."""
        from .web.accounts import digest, new_secret

        user = self.store.user(name)
        if user is None:
            raise NotFoundError(f"no user named '{name}'")
        token = new_secret()
        self.store.add_token(digest(token), user.id, label, now())
        return token

    def users(self) -> list[UserRow]:
        return self.store.users()

    def token_user(self, token: str) -> UserRow | None:
        from .web.accounts import digest

        return self.store.token_user(digest(token), now())
