"""Flask commands: articles, demo data, editors and tokens."""
import json
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import abuse, articles, audit, editors, logins
from .attachments.orphans import find_orphans, remove_orphans
from .errors import NotFound
from .extensions import db
from .http.caching import clear_cache
from .models import AuditAction, Role, utcnow

DEMO_FILE = Path(__file__).parent / "demo" / "articles.json"
DEMO_EDITOR = "bientap@example.com"


def register(app: Flask) -> None:
    for command in (import_articles_command, seed_demo_command, create_editor_command, issue_token_command,
                    revoke_token_command, reset_password_command, flush_view_counts_command,
                    check_storage_command, purge_ip_command, export_audit_command, clear_cache_command):
        app.cli.add_command(command)


def _load_articles(path: Path) -> articles.ImportResult:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))["articles"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"cannot read {path}: expected a JSON object with an 'articles' list ({exc})")
    try:
        result = articles.import_articles(records, max_attachment_bytes=current_app.config["MAX_ATTACHMENT_BYTES"],
                                          max_attachments=current_app.config["MAX_ATTACHMENTS"])
    except articles.ArticleImportError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc))
    db.session.commit()
    return result


@click.command("import-articles")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_articles_command(file: Path) -> None:
    """Load or update articles (matched by slug) from a JSON file."""
    result = _load_articles(file)
    click.echo(f"{result.created} article(s) created, {result.updated} updated.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo articles and, the first time, a demo editor whose password is printed once."""
    result = _load_articles(DEMO_FILE)
    click.echo(f"Demo articles: {result.created} created, {result.updated} updated.")
    try:
        editors.get_editor_by_email(DEMO_EDITOR)
        click.echo(f"Demo editor {DEMO_EDITOR} already exists; "
                   f"to choose a new password run: flask --app feedback reset-password {DEMO_EDITOR}")
        return
    except NotFound:
        pass
    password = secrets.token_urlsafe(12)
    editors.create_editor(DEMO_EDITOR, password, role=Role.ADMIN, name="Biên tập viên demo")
    db.session.commit()
    click.echo("\n  Demo editor created. Log in at http://127.0.0.1:5000/dang-nhap with:\n"
               f"    email:    {DEMO_EDITOR}\n    password: {password}\n  (shown only this once)\n")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-editor")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.EDITOR.value, show_default=True)
@click.option("--name", default="", help="Name shown in the panel and the audit log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def create_editor_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an editor account."""
    try:
        editor = editors.create_editor(email, _read_password(password_stdin), role=Role(role), name=name)
    except editors.EditorError as exc:
        raise click.ClickException(exc.message)
    db.session.commit()
    click.echo(f"Created {editor.role.value} {editor.email}.")


@click.command("reset-password")
@with_appcontext
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def reset_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password for an editor; their open sessions end and their API tokens are revoked."""
    try:
        editors.reset_password(email, _read_password(password_stdin))
    except (editors.EditorError, NotFound) as exc:
        raise click.ClickException(getattr(exc, "message", f"no editor {email}"))
    db.session.commit()
    click.echo(f"Password changed for {email}.")


@click.command("issue-token")
@with_appcontext
@click.argument("email")
def issue_token_command(email: str) -> None:
    """Print a new personal API token for an editor (only its hash is stored)."""
    try:
        editor = editors.get_editor_by_email(email)
    except NotFound:
        raise click.ClickException(f"no editor {email}")
    token = editors.issue_token(editor.id)
    db.session.commit()
    click.echo(token)
    # On stderr, so that `TOKEN=$(flask issue-token …)` captures the token alone.
    click.echo(f"The token expires in {current_app.config['API_TOKEN_LIFETIME_DAYS']} days "
               f"(FEEDBACK_API_TOKEN_LIFETIME_DAYS).", err=True)


@click.command("revoke-token")
@with_appcontext
@click.argument("email")
def revoke_token_command(email: str) -> None:
    """Revoke every API token of an editor at once (a lost laptop, a leaked script)."""
    try:
        editor = editors.get_editor_by_email(email)
    except NotFound:
        raise click.ClickException(f"no editor {email}")
    revoked = editors.revoke_tokens(editor.id)
    db.session.commit()
    click.echo(f"Revoked {revoked} API token(s) of {editor.email}.")


@click.command("flush-view-counts")
@with_appcontext
def flush_view_counts_command() -> None:
    """Fold article view counts kept in Redis into the database (run it every few minutes)."""
    counter = current_app.extensions["feedback.views"]
    if not hasattr(counter, "flush"):
        click.echo("View counts are kept in the database; nothing to flush.")
        return
    moved = counter.flush()
    db.session.commit()
    click.echo(f"{moved} view(s) moved into the database.")


@click.command("check-storage")
@with_appcontext
@click.option("--remove", is_flag=True, help="Delete what is found: orphaned and stale staged files, rows without files.")
@click.option("--grace-minutes", type=click.IntRange(min=0), default=60, show_default=True,
              help="Leave files younger than this alone: they may belong to an upload in flight.")
def check_storage_command(remove: bool, grace_minutes: int) -> None:
    """Report files without database rows and rows without files (exit status 1 if any remain)."""
    storage = current_app.extensions["feedback.storage"]
    report = find_orphans(storage, older_than=utcnow() - timedelta(minutes=grace_minutes))
    for stored in report.files_without_rows:
        click.echo(f"file without row: {stored.name} ({stored.size} bytes, {stored.modified:%Y-%m-%d %H:%M} UTC)")
    for missing in report.rows_without_files:
        kind = "thumbnail" if missing.thumbnail else "file"
        click.echo(f"row without file: attachment {missing.attachment_id} has no {kind} {missing.key}")
    for staged in report.stale_staged:
        click.echo(f"stale staged file: {staged.name} ({staged.size} bytes, {staged.modified:%Y-%m-%d %H:%M} UTC)")
    if not report.count:
        click.echo("Storage and database agree.")
        return
    if not remove:
        click.echo(f"{report.count} problem(s) found; run with --remove to remove them.")
        sys.exit(1)
    remove_orphans(report, storage)
    db.session.commit()
    click.echo(f"{report.count} problem(s) removed.")


@click.command("purge-ip")
@with_appcontext
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Keep addresses this many days (default: the IP_RETENTION_DAYS setting).")
def purge_ip_command(days: int | None) -> None:
    """Clear commenters' IP addresses older than the retention period; run it daily."""
    days = current_app.config["IP_RETENTION_DAYS"] if days is None else days
    cutoff = utcnow() - timedelta(days=days)
    cleared = abuse.purge_ip_addresses(older_than=cutoff)
    # Failed log-ins are counted per address too; those counts go with the rest.
    forgotten = logins.forget_failures(older_than=cutoff)
    db.session.commit()
    click.echo(f"Cleared the IP address of {cleared} comment(s) older than {days} day(s).")
    click.echo(f"Forgot {forgotten} login failure count(s) older than {days} day(s).")


@click.command("export-audit")
@with_appcontext
@click.option("--editor", "editor_email", default=None, help="Only this editor's decisions (e-mail).")
@click.option("--article", default=None, help="Only decisions on this article's comments (slug).")
@click.option("--action", type=click.Choice([a.value for a in AuditAction]), default=None)
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True)
def export_audit_command(editor_email: str | None, article: str | None, action: str | None, output) -> None:
    """Write the audit log as CSV, oldest first (the same file as the panel's download)."""
    editor_id = None
    if editor_email:
        try:
            editor_id = editors.get_editor_by_email(editor_email).id
        except NotFound:
            raise click.ClickException(f"no editor {editor_email}")
    filters = audit.AuditFilter(editor_id=editor_id, article=article, action=AuditAction(action) if action else None)
    for chunk in audit.export_csv(filters):
        output.write(chunk)


@click.command("clear-cache")
@with_appcontext
def clear_cache_command() -> None:
    """Drop every rendered thread and page; run it after restoring the database from a backup."""
    # Keys hold row ids and thread versions; a restored database reuses both for other content.
    clear_cache()
    click.echo("Cache cleared.")
