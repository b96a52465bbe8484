"""The name review's decisions, kept per project as each is made.

Revision ID: 0004_review
Revises: 0003_team
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_review"
down_revision = "0003_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("raw_name", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text, nullable=False),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("decided_at", sa.Text, nullable=False),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.UniqueConstraint("project_id", "raw_name", name="uq_review_decisions_project_raw"),
    )


def downgrade() -> None:
    op.drop_table("review_decisions")
