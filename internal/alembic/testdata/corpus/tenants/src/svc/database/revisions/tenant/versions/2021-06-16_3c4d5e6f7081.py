"""Incident costs

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2021-06-16 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "3c4d5e6f7081"
down_revision = "2b3c4d5e6f70"
branch_labels = None
depends_on = None



def upgrade():
    op.create_table(
        "incident_cost_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("editable", sa.Boolean(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "incident_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("incident_cost_type_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["incident_cost_type_id"], ["incident_cost_type.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    incident_cost_type = sa.table(
        "incident_cost_type",
        sa.column("name", sa.String),
        sa.column("category", sa.String),
        sa.column("editable", sa.Boolean),
    )
    op.bulk_insert(
        incident_cost_type,
        [
            {"name": "Response Cost", "category": "Primary", "editable": False},
            {"name": "Legal Cost", "category": "Secondary", "editable": True},
        ],
    )


def downgrade():
    op.drop_table("incident_cost")
    op.drop_table("incident_cost_type")
