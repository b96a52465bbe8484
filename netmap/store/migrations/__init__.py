"""Alembic migrations of the project store (a package so that the wheel carries them)."""
