"""The team: accounts, failed sign-ins, the audit trail, roles per project, project settings.

Revision ID: 0003_team
Revises: 0002_collect
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_team"
down_revision = "0002_collect"
branch_labels = None
depends_on = None

#: The audit trail is append-only in the database itself, not only in netmap's code.
SQLITE_TRIGGERS = [
    ("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
     "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"),
    ("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
     "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"),
]
POSTGRESQL_TRIGGERS = [
    ("CREATE FUNCTION netmap_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
     "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"),
    ("CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
     "FOR EACH ROW EXECUTE FUNCTION netmap_audit_append_only()"),
    ("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
     "FOR EACH STATEMENT EXECUTE FUNCTION netmap_audit_append_only()"),
]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text),
        sa.Column("identity", sa.Text, unique=True),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("last_seen", sa.Float),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.Float, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text),
        sa.Column("project", sa.Text),
        sa.Column("address", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_table(
        "project_roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("names", sa.Boolean, nullable=False),
        sa.Column("granted_at", sa.Text, nullable=False),
        sa.Column("granted_by", sa.Text, nullable=False),
        sa.UniqueConstraint("project_id", "user_id", name="uq_project_roles_project_user"),
    )
    op.create_table(
        "project_settings",
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("pseudonym_key", sa.Text, nullable=False),
        sa.Column("sources_days", sa.Integer),
    )
    triggers = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION netmap_audit_append_only() CASCADE")
    for table in ("project_settings", "project_roles", "audit", "sign_in_failures", "users"):
        op.drop_table(table)
