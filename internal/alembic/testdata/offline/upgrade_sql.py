"""Render every revision of an Alembic project with `alembic upgrade --sql`.

Runs Alembic's own upgrade command in offline mode, in this process, once
per revision (`<down_revision>:<revision>`, or `<revision>` for a base), so
each revision is rendered in a migration run of its own, as when a deploy
upgrades to it. Reads a JSON object from stdin:

    {"root": "<project directory>", "config": "<alembic.ini relative to root, or "">",
     "section": "<ini section, or "">", "script_location": "<relative to root>",
     "version_locations": ["<relative to root>", ...]}

and prints a JSON object mapping each revision file (relative to root) to
the statements Alembic printed for it (without the BEGIN and COMMIT around
the run and without the alembic_version bookkeeping), or to
{"error": "..."} when Alembic cannot render it offline.

Only internal/alembic's corpus runs here: fixtures written for the test.
"""
import io
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the fixtures

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

RUNNING = re.compile(r"^-- Running upgrade .*$", re.M)


def config(req, buf):
    root = req["root"]
    ini = req.get("config") or ""
    if ini.endswith(".ini"):
        cfg = Config(os.path.join(root, ini), ini_section=req.get("section") or "alembic", output_buffer=buf)
        os.chdir(os.path.dirname(os.path.join(root, ini)))
    else:
        cfg = Config(output_buffer=buf)
        os.chdir(root)
    script_location = os.path.join(root, req["script_location"])
    if not cfg.get_main_option("script_location") or ":" in cfg.get_main_option("script_location"):
        # Flask-Migrate passes its directory; a package resource is the
        # directory migguard resolved.
        cfg.set_main_option("script_location", script_location)
    locations = [os.path.join(root, v) for v in req.get("version_locations") or []]
    if locations:
        cfg.set_main_option("version_path_separator", "os")
        cfg.set_main_option("version_locations", os.pathsep.join(locations))
    return cfg


def statements(out):
    body = RUNNING.split(out, 1)
    text = body[1] if len(body) > 1 else out
    stmts = []
    # Alembic ends each statement with ";" and a blank line; function
    # bodies may hold ";" and line breaks of their own.
    for s in text.split(";\n\n"):
        s = s.strip()
        if not s or "alembic_version" in s:
            continue
        stmts.append(s)
    # The BEGIN and COMMIT of the run itself.
    if stmts and stmts[-1] == "COMMIT":
        stmts.pop()
    return stmts


def main():
    req = json.load(sys.stdin)
    root = os.path.abspath(req["root"])
    req["root"] = root
    sys.path[:0] = [root, os.path.join(root, "src")]
    buf = io.StringIO()
    cfg = config(req, buf)
    script = ScriptDirectory.from_config(cfg)
    result = {}
    for rev in reversed(list(script.walk_revisions())):
        buf.seek(0)
        buf.truncate()
        down = rev.down_revision
        if isinstance(down, (tuple, list)):
            down = down[0] if down else None
        target = "%s:%s" % (down, rev.revision) if down else rev.revision
        path = os.path.relpath(rev.path, root)
        try:
            command.upgrade(cfg, target, sql=True)
            result[path] = statements(buf.getvalue())
        except Exception as e:  # reported per revision by the Go test
            result[path] = {"error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
    json.dump(result, sys.stdout)


main()
