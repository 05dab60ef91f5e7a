"""Baseline: the schema of signaldesk 0.1.

A new store is created from `schema.metadata` and stamped at the newest revision (the
Alembic cookbook's way); later revisions alter stores created before them.

Revision ID: 0001
Revises:
"""

revision = "0001"
down_revision = None


def upgrade() -> None:
    pass
