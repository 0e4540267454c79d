"""PostgreSQL: the role tollwatch_reader, which `tollwatch sql` runs queries as, may read tollwatch's tables and
views (those later migrations add too) and nothing else; the connecting role becomes a member so it can switch to
it. Roles belong to the whole server, so the role is created once and granted in each database and schema.
Creating it takes CREATEROLE (or a superuser): without, this is a no-op with a warning, and the README's
"Read-only SQL" gives the SQL for an administrator. Nothing on SQLite.

Revision ID: 0006
Revises: 0005
"""
import logging

from alembic import op
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

READER = "tollwatch_reader"
log = logging.getLogger("tollwatch.migrations")


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _reader_role(connection):
        return
    schema = _schema(connection)
    for statement in (f"GRANT USAGE ON SCHEMA {schema} TO {READER}",
                      f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {READER}",
                      f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {READER}"):
        _try(connection, statement)
    if not connection.execute(text("SELECT pg_has_role(current_user, :role, 'MEMBER')"), {"role": READER}).scalar():
        _try(connection, f"GRANT {READER} TO CURRENT_USER")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _exists(connection):
        return
    schema = _schema(connection)  # the role stays: other databases may use it
    connection.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE SELECT ON TABLES FROM {READER}")
    connection.exec_driver_sql(f"REVOKE SELECT ON ALL TABLES IN SCHEMA {schema} FROM {READER}")
    connection.exec_driver_sql(f"REVOKE USAGE ON SCHEMA {schema} FROM {READER}")


def _reader_role(connection: Connection) -> bool:
    """Whether the role exists, created here if it did not and the connecting role may create roles."""
    if _exists(connection):
        return True
    if not connection.execute(text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
                              ).scalar():
        log.warning("migration 0006: %s may not create roles, so the read-only role %s was not created; "
                    "tollwatch sql refuses to query as a role that can write until an administrator creates it "
                    "(README: Read-only SQL)", _user(connection), READER)
        return False
    # another database of the server may be creating it at the same moment
    return _try(connection, f"CREATE ROLE {READER} NOLOGIN", quiet=True) or _exists(connection)


def _exists(connection: Connection) -> bool:
    """Whether the server has the role."""
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": READER}).first() is not None


def _schema(connection: Connection) -> str:
    """The schema tollwatch's tables are in (the first of the search path), quoted."""
    name = connection.execute(text("SELECT current_schema()")).scalar_one()
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _user(connection: Connection) -> str:
    """The connecting role's name."""
    return connection.execute(text("SELECT current_user")).scalar_one()


def _try(connection: Connection, statement: str, quiet: bool = False) -> bool:
    """Run `statement` in a savepoint; False when the server refuses it, with a warning unless `quiet`."""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(statement)
    except DBAPIError as exc:
        if not quiet:
            log.warning("migration 0006: %s could not run %r (%s); tollwatch sql may refuse to query until an "
                        "administrator does (README: Read-only SQL)", _user(connection), statement,
                        str(exc.orig).strip().splitlines()[0])
        return False
    return True
