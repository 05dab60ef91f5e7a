"""Fixtures for the briefs tests."""

from tests.alerts.conftest import smtp_server  # noqa: F401  (the real SMTP server, for delivered briefs)
