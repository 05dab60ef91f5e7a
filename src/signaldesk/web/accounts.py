"""Passwords, secrets and roles: hashing with argon2, random secrets kept as SHA-256 digests."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..errors import SignaldeskError, UsageError

ROLES = ("viewer", "analyst", "admin")


class AuthError(SignaldeskError):
    """No valid session or token, or a wrong password (HTTP 401)."""

    code = "unauthorized"


class ForbiddenError(SignaldeskError):
    """Signed in, but the role does not allow this (HTTP 403)."""

    code = "forbidden"


class CSRFError(ForbiddenError):
    """A form was posted without the session's CSRF token (HTTP 403)."""

    code = "csrf_failed"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
    return role


def role_allows(role: str, needed: str) -> bool:
    """Whether `role` may do what `needed` may (admin > analyst > viewer)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(check_role(needed))


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    """A random secret: a password, a session id, a CSRF token or an API token."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored of a secret: its SHA-256, so a copied database gives no way in."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
