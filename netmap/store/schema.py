"""The store's tables (SQLAlchemy Core), as migration ``0001`` creates them.

Everything a person gave is kept as text: a cell is a JSON string or ``null`` (blank), so an
id like ``007`` or a weight written ``2.50`` comes back exactly as stored. Derived numbers
(metrics, scores) are never stored: they are recomputed from the data.

When a later netmap changes these tables it adds a migration under ``migrations/versions``
and changes this file to match the newest migration.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "audit",
    "collection_answers",
    "collection_files",
    "collection_links",
    "collection_people",
    "collection_sheets",
    "collections",
    "metadata",
    "project_roles",
    "project_settings",
    "projects",
    "review_decisions",
    "revision_changes",
    "revisions",
    "sign_in_failures",
    "table_rows",
    "users",
    "wave_files",
    "wave_tables",
    "waves",
]

metadata = MetaData()

projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
)

#: ``version`` is the number of the wave's latest revision: a save names the version it
#: started from, and is refused when another save came first (optimistic concurrency).
waves = Table(
    "waves", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("wave_date", Text),
    Column("notes", Text, nullable=False),
    Column("directed", Boolean, nullable=False),
    Column("options", Text),
    Column("version", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    UniqueConstraint("project_id", "name", name="uq_waves_project_name"),
)

wave_files = Table(
    "wave_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("filename", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("size", Integer, nullable=False),
)

#: One row per table of a wave: ``actors``, ``ties``, ``actor_notes`` and any extra table
#: (affiliations, spaces, survey aliases). ``columns`` and ``dtypes`` are JSON lists.
wave_tables = Table(
    "wave_tables", metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("columns", Text, nullable=False),
    Column("dtypes", Text, nullable=False),
    UniqueConstraint("wave_id", "name", name="uq_wave_tables_wave_name"),
)

#: The current rows of a table: ``cells`` is a JSON list aligned with ``wave_tables.columns``.
table_rows = Table(
    "table_rows", metadata,
    Column("id", Integer, primary_key=True),
    Column("table_id", Integer, ForeignKey("wave_tables.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("row_key", Text, nullable=False),
    Column("cells", Text, nullable=False),
    Index("ix_table_rows_table_position", "table_id", "position"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", Integer, ForeignKey("waves.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("author", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("summary", Text, nullable=False),
    UniqueConstraint("wave_id", "number", name="uq_revisions_wave_number"),
)

#: Row-level change of one revision: ``before``/``after`` are JSON objects column -> text
#: (null when the row did not exist); a row with ``row_key`` null changes a table's columns.
revision_changes = Table(
    "revision_changes", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("table_name", Text, nullable=False),
    Column("row_key", Text),
    Column("position", Integer),
    Column("before", Text),
    Column("after", Text),
    Index("ix_revision_changes_revision", "revision_id", "seq"),
)


# ------------------------------------------------------------------ collect (migration 0002_collect)
# netmap's own questionnaire: a collection is opened for a wave that does not exist yet, and
# closing it builds that wave. Links are stored only as the SHA-256 of their token.

#: ``state``: ``open`` (answers accepted), ``closing`` (being built into the wave: no answers
#: accepted), ``closed``. ``questionnaire`` is the YAML as given; ``secret`` keys the forms'
#: CSRF tokens.
collections = Table(
    "collections", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("wave", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("questionnaire", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("closed_at", Text),
    UniqueConstraint("project_id", "wave", name="uq_collections_project_wave"),
)

#: The questionnaire, roster and places files as given to ``collect open``, byte for byte.
collection_files = Table(
    "collection_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("filename", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", Text, nullable=False),
)

#: The roster: who may answer. ``label`` is what the name lists show (the name, made unique).
collection_people = Table(
    "collection_people", metadata,
    Column("id", Integer, primary_key=True),
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("label", Text, nullable=False),
    UniqueConstraint("collection_id", "actor_id", name="uq_collection_people_actor"),
)

#: ``kind``: ``personal`` (one per person), ``dropin`` (a facilitator picks the person) or
#: ``session`` (one person's answers started from the drop-in link; ends when they are sent).
collection_links = Table(
    "collection_links", metadata,
    Column("id", Integer, primary_key=True),
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("collection_people.id", ondelete="CASCADE")),
    Column("kind", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    Column("revoked_at", Text),
)

#: One person's answers. ``slot`` makes a personal sheet one per person (``person:<id>``) and a
#: drop-in sheet one per session (``session:<link id>``). ``state``: ``started``,
#: ``submitted``, ``withdrawn`` (answers deleted); ``page`` the last page saved.
collection_sheets = Table(
    "collection_sheets", metadata,
    Column("id", Integer, primary_key=True),
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("collection_people.id", ondelete="CASCADE"), nullable=False),
    Column("slot", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("page", Integer, nullable=False),
    Column("started_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("submitted_at", Text),
    Column("withdrawn_at", Text),
    UniqueConstraint("collection_id", "slot", name="uq_collection_sheets_slot"),
)

#: One answer: ``item`` its position in the question, ``about`` the person an about-names
#: answer is about ('' otherwise), ``text`` what was typed or chosen, ``ref`` the roster or
#: place id when picked from a list.
collection_answers = Table(
    "collection_answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("sheet_id", Integer, ForeignKey("collection_sheets.id", ondelete="CASCADE"), nullable=False),
    Column("question", Text, nullable=False),
    Column("about", Text, nullable=False),
    Column("item", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ref", Text),
    UniqueConstraint("sheet_id", "question", "about", "item", name="uq_collection_answers_item"),
)


# ----------------------------------------------------------------- the team (migration 0003_team)
# Accounts, roles per project and the audit trail: who may see what, and who did what.

#: A person who signs in to the app. ``password_hash`` is an Argon2id hash (null: single sign-on
#: only); ``identity`` is the email or subject the OpenID provider vouches for (null: password
#: only); ``generation`` grows with every password change, so that other sessions end.
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("password_hash", Text),
    Column("identity", Text, unique=True),
    Column("generation", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("last_seen", Float),
)

#: Failed sign-ins still counting, per account (``account:NAME``) and per address
#: (``address:IP``): kept in the store so that a restart does not reset the slowing down.
sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", Float, nullable=False),
)

#: Append-only: netmap inserts rows and never updates or deletes one (triggers refuse it). Rows
#: name users and projects, never an actor: erasing a person leaves the trail as it is.
audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("user_name", Text),
    Column("project", Text),
    Column("address", Text),
    Column("detail", Text, nullable=False),
    Index("ix_audit_at", "at"),
)

#: A user's role on a project: ``owner``, ``editor`` or ``viewer``; ``names`` false means the
#: user sees pseudonyms only (a viewer without names).
project_roles = Table(
    "project_roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("names", Boolean, nullable=False),
    Column("granted_at", Text, nullable=False),
    Column("granted_by", Text, nullable=False),
    UniqueConstraint("project_id", "user_id", name="uq_project_roles_project_user"),
)

#: Per project: the secret behind the pseudonyms viewers without names see (never shown to
#: them), and how many days the uploaded source files are kept (null: kept).
project_settings = Table(
    "project_settings", metadata,
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("pseudonym_key", Text, nullable=False),
    Column("sources_days", Integer),
)


# ----------------------------------------------------------------- the name review (migration 0004_review)

#: A person's decision about a typed name, kept with the project as soon as it is made:
#: ``actor_id`` the person it stands for ("" = a different person, kept apart as its own
#: actor). One row per typed name; undoing a decision deletes its row.
review_decisions = Table(
    "review_decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("raw_name", Text, nullable=False),
    Column("actor_id", Text, nullable=False),
    Column("actor_name", Text, nullable=False),
    Column("decided_at", Text, nullable=False),
    Column("decided_by", Text, nullable=False),
    UniqueConstraint("project_id", "raw_name", name="uq_review_decisions_project_raw"),
)
