"""PostgreSQL enforces access itself: group roles, table rights, row-level security and history triggers.

`install(conn)` (run by `sciplan server init` as the database owner, idempotent) makes a secured
server store (docs/server.md, "Secured server"):

- two group roles per database, `<db>_office` and `<db>_admin`; every person's or office's login
  role joins one of them (`sciplan server add-user`);
- offices get SELECT on the ledger, UPDATE of a task's status, progress and due date and of a
  target's achieved value, INSERT/DELETE of notes, INSERT on `change`, and nothing else: `change`
  is append-only for them, and grants (`access_grant`) are read-only;
- row-level security on plan, item, task, department, assignment, target, note, change, grants and
  the duban log: an office reads the plans its grants name and writes only the tasks they allow;
- triggers make history the database's word, not the client's: the actor is `session_user` and
  the time the server's; a history row of a task field must chain from the value the same
  transaction found before its UPDATE to the value the task holds at commit (a deferred check),
  so a client cannot forge, skip or rewrite a history row.

Admins (members of `<db>_admin`, the database owner, superusers, or an admin grant) pass every
policy. The functions are SECURITY DEFINER with a fixed search_path, owned by the installer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .sql import as_db

if TYPE_CHECKING:
    from sqlalchemy import Connection


SECURITY_KEY = "server_security"  # setting: the installed version; absent: an open (cooperative) server
SECURITY_VERSION = "1"
DENIED = "42501"  # insufficient_privilege: every refusal below uses it (engine.py turns it into exit 8)

# Tables an office may read (anything else, e.g. a newer module's table, is admin-only until listed here).
OFFICE_READ = (
    "plan",
    "item",
    "task",
    "department",
    "departmentalias",
    "assignment",
    "target",
    "note",
    "change",
    "access_grant",
    "setting",
    "schema_version",
    "duban_log",
)
# Tables offices may not even read (admins only). Every table of models.py is in one of the two lists
# (tests/server/test_pg_security.py): a new table is a decision, not an accident.
ADMIN_ONLY: tuple[str, ...] = ()
# Row-level security: every table that holds a plan's data.
RLS_TABLES = (
    "plan",
    "item",
    "task",
    "department",
    "departmentalias",
    "assignment",
    "target",
    "note",
    "change",
    "access_grant",
    "duban_log",
)


@dataclass(frozen=True)
class Roles:
    """The group roles of one database."""

    database: str
    office: str
    admin: str


def roles(conn: Connection) -> Roles:
    from sqlalchemy import text

    db = str(conn.execute(text("SELECT current_database()")).scalar())
    return Roles(db, f"{db}_office", f"{db}_admin")


def quote(conn: Connection, name: str) -> str:
    """An identifier quoted by the server (a role or database name chosen by the operator)."""
    from sqlalchemy import text

    return str(conn.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar())


def is_secured(conn: Any) -> bool:
    """Whether `install` ran on this store (a cheap lookup; False on SQLite or an older store)."""
    db = as_db(conn)
    if not db.postgres:
        return False
    installed = (
        "SELECT to_regclass('public.setting') IS NOT NULL AND to_regprocedure('public.sciplan_is_admin()') IS NOT NULL"
    )
    if not db.scalar(installed):  # a copied store may carry the setting without the policies
        return False
    return db.scalar('SELECT value FROM setting WHERE "key" = :k', {"k": SECURITY_KEY}) is not None


def run(conn: Connection, sql: str) -> None:
    """Run SQL without client-side parameter parsing (it holds `%` and `:` of its own; several statements)."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def session_user(conn: Any) -> str:
    return str(as_db(conn).scalar("SELECT session_user"))


def install(conn: Connection) -> Roles:
    """Create the group roles, rights, policies and triggers (again: replaces them). Owner only."""
    from sqlalchemy import text

    r = roles(conn)
    office, admin, db = quote(conn, r.office), quote(conn, r.admin), quote(conn, r.database)
    for role in (r.office, r.admin):
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
            run(conn, f"CREATE ROLE {quote(conn, role)} NOLOGIN")
    run(conn, _FUNCTIONS.replace("{admin_role}", r.admin.replace("'", "''")))
    run(conn, f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
    run(conn, f"GRANT CONNECT ON DATABASE {db} TO {office}, {admin}")
    run(conn, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    run(conn, f"GRANT USAGE ON SCHEMA public TO {office}, {admin}")
    _rights(conn, office, admin)
    for table in RLS_TABLES:
        run(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for table, name, policy in _POLICIES:
        run(conn, f"DROP POLICY IF EXISTS {name} ON {table}")
        run(conn, f"CREATE POLICY {name} ON {table} {policy}")
    run(conn, _TRIGGERS)
    # Nobody calls the helpers directly (a planted "value before" would let a client forge a history row);
    # the policies' three functions are run by the roles themselves, so the groups may execute those.
    run(conn, "REVOKE ALL ON FUNCTION " + ", ".join(_FUNCTION_NAMES + _HELPERS) + " FROM PUBLIC")
    run(conn, "GRANT EXECUTE ON FUNCTION " + ", ".join(_FUNCTION_NAMES) + f" TO {office}, {admin}")
    conn.execute(
        text("INSERT INTO setting (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = :v"),
        {"k": SECURITY_KEY, "v": SECURITY_VERSION},
    )
    return r


def _rights(conn: Connection, office: str, admin: str) -> None:
    run(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {office}, {admin}")
    run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {admin}")
    run(conn, f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {admin}")
    run(conn, f"REVOKE ALL ON sciplan_pending FROM {admin}")
    run(conn, f"GRANT SELECT ON {', '.join(OFFICE_READ)} TO {office}")
    run(conn, f"GRANT UPDATE (status, progress, due_date, version, updated_at) ON task TO {office}")
    run(conn, f"GRANT UPDATE (achieved) ON target TO {office}")
    run(conn, f"GRANT INSERT, DELETE ON note TO {office}")
    run(conn, f'GRANT INSERT ON "change" TO {office}')
    run(conn, f"GRANT USAGE ON SEQUENCE note_id_seq, change_id_seq, duban_log_id_seq TO {office}")
    # A plan's clerk (or a department itself) keeps the department's contacts; a plan's clerk runs the 督办 cycle.
    run(conn, f"GRANT UPDATE (contact, phone, contact_note) ON department TO {office}")
    run(conn, f"GRANT INSERT ON duban_log TO {office}")


_FUNCTION_NAMES = (
    "sciplan_is_admin()",
    "sciplan_visible_plans()",
    "sciplan_writable_tasks()",
    "sciplan_managed_departments()",
    "sciplan_clerk_departments()",
)
_HELPERS = (
    "sciplan_deny(text)",
    "sciplan_stash(text, integer, text)",
    "sciplan_task_field(integer, text)",
    "sciplan_task_before()",
    "sciplan_task_settled()",
    "sciplan_target_before()",
    "sciplan_target_settled()",
    "sciplan_note_before()",
    "sciplan_note_after()",
    "sciplan_note_settled()",
    "sciplan_change_before()",
    "sciplan_department_before()",
    "sciplan_department_settled()",
)

# {admin_role} is replaced (quoted as a literal) before running.
_FUNCTIONS = """
CREATE UNLOGGED TABLE IF NOT EXISTS sciplan_pending (
    xid bigint NOT NULL, kind text NOT NULL, ref integer NOT NULL, value text, logged boolean NOT NULL DEFAULT false,
    PRIMARY KEY (xid, kind, ref));
REVOKE ALL ON sciplan_pending FROM PUBLIC;

CREATE OR REPLACE FUNCTION sciplan_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT pg_has_role(session_user, '{admin_role}', 'MEMBER')
        OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
        OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())
        OR EXISTS (SELECT 1 FROM access_grant
                   WHERE username = session_user AND plan_id IS NULL AND department_id IS NULL)
$$;

CREATE OR REPLACE FUNCTION sciplan_visible_plans() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM plan WHERE sciplan_is_admin()
    UNION SELECT g.plan_id FROM access_grant g WHERE g.username = session_user AND g.plan_id IS NOT NULL
    UNION SELECT d.plan_id FROM access_grant g JOIN department d ON d.id = g.department_id
          WHERE g.username = session_user
$$;

CREATE OR REPLACE FUNCTION sciplan_writable_tasks() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM task WHERE sciplan_is_admin()
    UNION SELECT t.id FROM access_grant g JOIN task t ON t.plan_id = g.plan_id
          WHERE g.username = session_user AND g.department_id IS NULL
    UNION SELECT a.task_id FROM access_grant g JOIN assignment a ON a.department_id = g.department_id
          WHERE g.username = session_user
$$;

CREATE OR REPLACE FUNCTION sciplan_managed_departments() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM department WHERE sciplan_is_admin()
    UNION SELECT d.id FROM access_grant g JOIN department d ON d.plan_id = g.plan_id
          WHERE g.username = session_user AND g.department_id IS NULL
    UNION SELECT g.department_id FROM access_grant g WHERE g.username = session_user AND g.department_id IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION sciplan_clerk_departments() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM department WHERE sciplan_is_admin()
    UNION SELECT d.id FROM access_grant g JOIN department d ON d.plan_id = g.plan_id
          WHERE g.username = session_user AND g.department_id IS NULL
$$;
"""

_VISIBLE = "(SELECT sciplan_is_admin()) OR plan_id IN (SELECT sciplan_visible_plans())"
_WRITABLE = "task_id IN (SELECT sciplan_writable_tasks())"
_ADMIN = "FOR ALL USING ((SELECT sciplan_is_admin())) WITH CHECK ((SELECT sciplan_is_admin()))"

# (table, policy, clause). Permissive policies add up: an admin passes `*_admin`, an office its own.
_POLICIES: tuple[tuple[str, str, str], ...] = (
    *((table, f"sciplan_{table}_admin", _ADMIN) for table in RLS_TABLES),
    (
        "plan",
        "sciplan_plan_read",
        "FOR SELECT USING ((SELECT sciplan_is_admin()) OR id IN (SELECT sciplan_visible_plans()))",
    ),
    ("item", "sciplan_item_read", f"FOR SELECT USING ({_VISIBLE})"),
    ("task", "sciplan_task_read", f"FOR SELECT USING ({_VISIBLE})"),
    (
        "task",
        "sciplan_task_write",
        "FOR UPDATE USING (id IN (SELECT sciplan_writable_tasks()))"
        " WITH CHECK (id IN (SELECT sciplan_writable_tasks()))",
    ),
    ("department", "sciplan_department_read", f"FOR SELECT USING ({_VISIBLE})"),
    (
        "departmentalias",
        "sciplan_departmentalias_read",
        "FOR SELECT USING (department_id IN (SELECT id FROM department))",
    ),
    ("assignment", "sciplan_assignment_read", "FOR SELECT USING (task_id IN (SELECT id FROM task))"),
    ("target", "sciplan_target_read", "FOR SELECT USING (task_id IN (SELECT id FROM task))"),
    ("target", "sciplan_target_write", f"FOR UPDATE USING ({_WRITABLE}) WITH CHECK ({_WRITABLE})"),
    ("note", "sciplan_note_read", "FOR SELECT USING (task_id IN (SELECT id FROM task))"),
    ("note", "sciplan_note_add", f"FOR INSERT WITH CHECK ({_WRITABLE})"),
    ("note", "sciplan_note_undo", f"FOR DELETE USING ({_WRITABLE} AND actor = session_user)"),
    ("change", "sciplan_change_read", f"FOR SELECT USING ({_VISIBLE})"),
    (
        "change",
        "sciplan_change_add",
        f"FOR INSERT WITH CHECK ({_WRITABLE} OR (task_id IS NULL AND field = 'contact'"
        " AND ref_id IN (SELECT sciplan_managed_departments())))",
    ),
    (
        "department",
        "sciplan_department_contact",
        "FOR UPDATE USING (id IN (SELECT sciplan_managed_departments()))"
        " WITH CHECK (id IN (SELECT sciplan_managed_departments()))",
    ),
    (
        "duban_log",
        "sciplan_duban_log_add",
        "FOR INSERT WITH CHECK (actor = session_user AND department_id IN (SELECT sciplan_clerk_departments()))",
    ),
    ("access_grant", "sciplan_access_grant_own", "FOR SELECT USING (username = session_user)"),
    ("duban_log", "sciplan_duban_log_read", "FOR SELECT USING (department_id IN (SELECT id FROM department))"),
)

# The history triggers. sciplan_pending holds, per transaction, each task field's value before the
# transaction's first UPDATE of it (and the notes added or removed); a history row must start from it
# and moves it on; at commit every moved value must have arrived at what the row holds.
_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION sciplan_deny(message text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sciplan: %', message USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION sciplan_stash(k text, r integer, v text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO sciplan_pending (xid, kind, ref, value) VALUES (txid_current(), k, r, v)
    ON CONFLICT (xid, kind, ref) DO NOTHING
$$;

CREATE OR REPLACE FUNCTION sciplan_task_field(tid integer, f text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE f WHEN 'status' THEN status WHEN 'progress' THEN progress::text
                  WHEN 'due_date' THEN to_char(due_date, 'YYYY-MM-DD') END
    FROM task WHERE id = tid
$$;

CREATE OR REPLACE FUNCTION sciplan_task_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF sciplan_is_admin() THEN RETURN NEW; END IF;
    IF random() < 0.01 THEN
        DELETE FROM sciplan_pending WHERE xid < txid_snapshot_xmin(txid_current_snapshot());
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN PERFORM sciplan_stash('status', OLD.id, OLD.status); END IF;
    IF NEW.progress IS DISTINCT FROM OLD.progress THEN
        PERFORM sciplan_stash('progress', OLD.id, OLD.progress::text);
    END IF;
    IF NEW.due_date IS DISTINCT FROM OLD.due_date THEN
        PERFORM sciplan_stash('due_date', OLD.id, to_char(OLD.due_date, 'YYYY-MM-DD'));
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sciplan_task_settled() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE p record;
BEGIN
    FOR p IN SELECT kind, value FROM sciplan_pending
             WHERE xid = txid_current() AND ref = NEW.id AND kind IN ('status', 'progress', 'due_date') LOOP
        IF p.value IS DISTINCT FROM sciplan_task_field(NEW.id, p.kind) THEN
            PERFORM sciplan_deny(format('task %s: %s changed without its history row', NEW.id, p.kind));
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sciplan_target_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT sciplan_is_admin() AND NEW.achieved IS DISTINCT FROM OLD.achieved THEN
        PERFORM sciplan_stash('target', OLD.id, OLD.achieved::text);
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sciplan_target_settled() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE v text; found_it boolean;
BEGIN
    SELECT value, true INTO v, found_it FROM sciplan_pending WHERE xid = txid_current() AND kind = 'target'
        AND ref = NEW.id;
    IF found_it AND v::float8 IS DISTINCT FROM (SELECT achieved FROM target WHERE id = NEW.id) THEN
        PERFORM sciplan_deny(format('target %s changed without its history row', NEW.id));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sciplan_note_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF sciplan_is_admin() THEN RETURN NEW; END IF;
    NEW.actor := session_user;
    NEW.at := now() AT TIME ZONE 'UTC';
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sciplan_note_after() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF sciplan_is_admin() THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN PERFORM sciplan_stash('note+', NEW.id, NEW.text);
    ELSE PERFORM sciplan_stash('note-', OLD.id, OLD.text); END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sciplan_note_settled() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE r integer := CASE TG_OP WHEN 'INSERT' THEN NEW.id ELSE OLD.id END;
BEGIN
    IF EXISTS (SELECT 1 FROM sciplan_pending WHERE xid = txid_current() AND ref = r AND NOT logged
               AND kind = CASE TG_OP WHEN 'INSERT' THEN 'note+' ELSE 'note-' END) THEN
        PERFORM sciplan_deny(format('note %s %s without its history row', r, lower(TG_OP)));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sciplan_change_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE p sciplan_pending; u record; k text;
BEGIN
    IF sciplan_is_admin() THEN RETURN NEW; END IF;
    NEW.actor := session_user;
    NEW.at := now() AT TIME ZONE 'UTC';
    IF NEW.field = 'contact' AND NEW.task_id IS NULL THEN  -- a department's contacts (services/contacts.py)
        NEW.plan_id := (SELECT plan_id FROM department WHERE id = NEW.ref_id);
        UPDATE sciplan_pending SET logged = true
            WHERE xid = txid_current() AND kind = 'contact' AND ref = NEW.ref_id AND NOT logged;
        IF NOT FOUND OR NEW.undoes IS NOT NULL THEN
            PERFORM sciplan_deny(format('no change of department %s in this transaction to record', NEW.ref_id));
        END IF;
        RETURN NEW;
    END IF;
    NEW.plan_id := (SELECT plan_id FROM task WHERE id = NEW.task_id);
    IF NEW.task_id IS NULL OR NEW.plan_id IS NULL THEN PERFORM sciplan_deny('a history row names no task'); END IF;
    k := CASE WHEN NEW.field IN ('status', 'progress', 'due_date', 'target') THEN NEW.field
              WHEN NEW.field = 'note' AND NEW.undoes IS NULL THEN 'note+'
              WHEN NEW.field = 'note' THEN 'note-' END;
    IF k IS NULL THEN PERFORM sciplan_deny(format('field %s is written by admins only', NEW.field)); END IF;
    SELECT * INTO p FROM sciplan_pending
        WHERE xid = txid_current() AND kind = k AND ref = CASE WHEN k IN ('status', 'progress', 'due_date')
                                                               THEN NEW.task_id ELSE NEW.ref_id END
        FOR UPDATE;
    IF NOT FOUND OR p.logged THEN
        PERFORM sciplan_deny(format('no change of task %s (%s) in this transaction to record', NEW.task_id, NEW.field));
    END IF;
    IF k IN ('status', 'progress', 'due_date') THEN
        IF p.value IS DISTINCT FROM NEW.old OR NEW.old IS NOT DISTINCT FROM NEW.new THEN
            PERFORM sciplan_deny(format('task %s: %s was %s, not %s', NEW.task_id, NEW.field, p.value, NEW.old));
        END IF;
        UPDATE sciplan_pending SET value = NEW.new WHERE xid = p.xid AND kind = k AND ref = p.ref;
    ELSIF k = 'target' THEN
        IF p.value::float8 IS DISTINCT FROM NEW.old::float8
           OR (SELECT task_id FROM target WHERE id = NEW.ref_id) IS DISTINCT FROM NEW.task_id THEN
            PERFORM sciplan_deny(format('target %s was %s, not %s', NEW.ref_id, p.value, NEW.old));
        END IF;
        UPDATE sciplan_pending SET value = NEW.new WHERE xid = p.xid AND kind = k AND ref = p.ref;
    ELSE
        IF p.value IS DISTINCT FROM (CASE k WHEN 'note+' THEN NEW.new ELSE NEW.old END)
           OR (k = 'note+' AND (NEW.old IS NOT NULL OR
                                (SELECT task_id FROM note WHERE id = NEW.ref_id) IS DISTINCT FROM NEW.task_id))
           OR (k = 'note-' AND NEW.new IS NOT NULL) THEN
            PERFORM sciplan_deny(format('note %s is not what this row says', NEW.ref_id));
        END IF;
        UPDATE sciplan_pending SET logged = true WHERE xid = p.xid AND kind = k AND ref = p.ref;
    END IF;
    IF NEW.undoes IS NOT NULL THEN
        SELECT * INTO u FROM "change" WHERE id = NEW.undoes;
        IF NOT FOUND OR u.actor IS DISTINCT FROM session_user OR u.task_id IS DISTINCT FROM NEW.task_id
           OR u.field IS DISTINCT FROM NEW.field OR u.ref_id IS DISTINCT FROM NEW.ref_id
           OR u.new IS DISTINCT FROM NEW.old OR u.old IS DISTINCT FROM NEW.new THEN
            PERFORM sciplan_deny(format('change %s is not one of yours to undo this way', NEW.undoes));
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sciplan_department_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT sciplan_is_admin() AND (NEW.contact, NEW.phone, NEW.contact_note)
                                  IS DISTINCT FROM (OLD.contact, OLD.phone, OLD.contact_note) THEN
        PERFORM sciplan_stash('contact', OLD.id, NULL);
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sciplan_department_settled() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM sciplan_pending WHERE xid = txid_current() AND kind = 'contact' AND ref = NEW.id
               AND NOT logged) THEN
        PERFORM sciplan_deny(format('department %s changed without its history row', NEW.id));
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS sciplan_department_before ON department;
CREATE TRIGGER sciplan_department_before BEFORE UPDATE ON department FOR EACH ROW
    EXECUTE FUNCTION sciplan_department_before();
DROP TRIGGER IF EXISTS sciplan_department_settled ON department;
CREATE CONSTRAINT TRIGGER sciplan_department_settled AFTER UPDATE ON department DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sciplan_department_settled();
DROP TRIGGER IF EXISTS sciplan_task_before ON task;
CREATE TRIGGER sciplan_task_before BEFORE UPDATE ON task FOR EACH ROW EXECUTE FUNCTION sciplan_task_before();
DROP TRIGGER IF EXISTS sciplan_task_settled ON task;
CREATE CONSTRAINT TRIGGER sciplan_task_settled AFTER UPDATE ON task DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sciplan_task_settled();
DROP TRIGGER IF EXISTS sciplan_target_before ON target;
CREATE TRIGGER sciplan_target_before BEFORE UPDATE ON target FOR EACH ROW EXECUTE FUNCTION sciplan_target_before();
DROP TRIGGER IF EXISTS sciplan_target_settled ON target;
CREATE CONSTRAINT TRIGGER sciplan_target_settled AFTER UPDATE ON target DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sciplan_target_settled();
DROP TRIGGER IF EXISTS sciplan_note_before ON note;
CREATE TRIGGER sciplan_note_before BEFORE INSERT ON note FOR EACH ROW EXECUTE FUNCTION sciplan_note_before();
DROP TRIGGER IF EXISTS sciplan_note_after ON note;
CREATE TRIGGER sciplan_note_after AFTER INSERT OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION sciplan_note_after();
DROP TRIGGER IF EXISTS sciplan_note_settled ON note;
CREATE CONSTRAINT TRIGGER sciplan_note_settled AFTER INSERT OR DELETE ON note DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sciplan_note_settled();
DROP TRIGGER IF EXISTS sciplan_change_before ON "change";
CREATE TRIGGER sciplan_change_before BEFORE INSERT ON "change" FOR EACH ROW EXECUTE FUNCTION sciplan_change_before();
"""
