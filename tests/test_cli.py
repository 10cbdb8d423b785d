import io
import json
import os
import time
from pathlib import Path

from sqlalchemy import select, text

from feedback import comments, logins
from feedback.attachments import Upload
from feedback.comments import CommentDraft, TextLimits
from feedback.extensions import db
from feedback.models import ApiToken, Article, Attachment, Editor, Role

from .attachments import samples
from .factories import GOOD_TEXT, make_article, make_comment, make_editor


def test_import_articles_creates_then_updates_by_slug(app, runner, tmp_path):
    path = tmp_path / "bai.json"
    record = {"title": "Đường Điện Biên Phủ ngập sâu", "lead": "Mưa lớn.", "body_html": "<p>Nội dung</p><script>x</script>",
              "author": "Hà An", "published_at": "2026-11-20T08:30:26+07:00",
              "rules": {"max_attachment_bytes": 2097152, "allowed_attachment_types": ["image/png"]}}
    path.write_text(json.dumps({"articles": [record]}), encoding="utf-8")
    result = runner.invoke(args=["import-articles", str(path)])
    assert "1 article(s) created, 0 updated" in result.output
    path.write_text(json.dumps({"articles": [{**record, "slug": "duong-dien-bien-phu-ngap-sau", "lead": "Mới."}]}))
    assert "0 article(s) created, 1 updated" in runner.invoke(args=["import-articles", str(path)]).output
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert article.slug == "duong-dien-bien-phu-ngap-sau" and article.lead == "Mới."
        assert "<script>" not in article.body_html
        assert article.published_at.hour == 1 and article.max_attachment_bytes == 2097152


def test_import_reports_a_bad_record_without_importing(app, runner, tmp_path):
    path = tmp_path / "bai.json"
    path.write_text(json.dumps({"articles": [{"title": "Được"}, {"lead": "thiếu tiêu đề"}]}))
    result = runner.invoke(args=["import-articles", str(path)])
    assert result.exit_code != 0 and "article #2: title is required" in result.output
    with app.app_context():
        assert db.session.scalars(select(Article)).all() == []


def test_seed_demo_loads_articles_and_prints_the_editor_login_once(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "password:" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "already exists" in second.output and "password:" not in second.output
    with app.app_context():
        assert len(db.session.scalars(select(Article)).all()) >= 3
        password = first.output.split("password:")[1].split()[0]
        assert logins.authenticate("bientap@example.com", password, address="127.0.0.1") is not None


def test_create_editor_reads_password_from_stdin_and_hashes_it(app, runner):
    result = runner.invoke(args=["create-editor", "Moi@Example.com", "--role", "admin", "--password-stdin"],
                           input="mot-mat-khau-dai\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        editor = db.session.scalars(select(Editor)).one()
        assert editor.email == "moi@example.com" and editor.role == Role.ADMIN
        assert "mot-mat-khau-dai" not in editor.password_hash
    short = runner.invoke(args=["create-editor", "b@example.com", "--password-stdin"], input="ngan\n")
    assert short.exit_code != 0 and "ít nhất 10 ký tự" in short.output


def test_issue_token_prints_a_token_that_authenticates(app, runner, client):
    runner.invoke(args=["create-editor", "t@example.com", "--password-stdin"], input="mot-mat-khau-dai\n")
    token = runner.invoke(args=["issue-token", "t@example.com"]).stdout.strip()
    assert client.get("/api/moderation/queue", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().token_hash != token


def test_revoke_token_and_reset_password_stop_the_editors_tokens(app, runner, client):
    runner.invoke(args=["create-editor", "t@example.com", "--password-stdin"], input="mot-mat-khau-dai\n")

    def works(token: str) -> bool:
        return client.get("/api/moderation/counts", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    first = runner.invoke(args=["issue-token", "t@example.com"]).stdout.strip()
    result = runner.invoke(args=["revoke-token", "t@example.com"])
    assert result.exit_code == 0 and "Revoked 1 API token(s) of t@example.com." in result.output
    assert not works(first)
    second = runner.invoke(args=["issue-token", "t@example.com"]).stdout.strip()
    assert works(second)
    runner.invoke(args=["reset-password", "t@example.com", "--password-stdin"], input="mot-mat-khau-moi-dai\n")
    assert not works(second)
    assert runner.invoke(args=["revoke-token", "ai@example.com"]).exit_code == 1


def test_issue_token_says_when_the_token_expires(app, runner):
    runner.invoke(args=["create-editor", "t@example.com", "--password-stdin"], input="mot-mat-khau-dai\n")
    result = runner.invoke(args=["issue-token", "t@example.com"])
    assert result.stdout.strip().startswith("fbk_") and "expires" not in result.stdout
    assert f"expires in {app.config['API_TOKEN_LIFETIME_DAYS']} days" in result.stderr


def test_purge_ip_also_forgets_old_login_failures(app, runner, client):
    from datetime import timedelta
    from feedback.models import LoginThrottle, utcnow

    client.post("/dang-nhap", data={"email": "ai@example.com", "password": "sai-mat-khau-roi"})
    with app.app_context():
        db.session.scalars(select(LoginThrottle)).one().last_failure_at = utcnow() - timedelta(days=40)
        db.session.commit()
    result = runner.invoke(args=["purge-ip"])
    assert result.exit_code == 0 and "1 login failure count(s)" in result.output
    with app.app_context():
        assert db.session.scalars(select(LoginThrottle)).all() == []


def old_file(path, data: bytes = b"x") -> None:
    """A file as a dead request would have left it, two hours ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    two_hours_ago = time.time() - 7200
    os.utime(path, (two_hours_ago, two_hours_ago))


def stored_picture(app) -> Attachment:
    with app.app_context():
        article = make_article()
        draft = CommentDraft("An", "", GOOD_TEXT, (Upload("a.png", io.BytesIO(samples.png())),))
        comment = comments.submit_comment(article.id, draft, limits=TextLimits(500, 40),
                                          storage=app.extensions["feedback.storage"])
        return db.session.scalars(select(Attachment).where(Attachment.comment_id == comment.id)).one()


def test_check_storage_says_so_when_all_agrees(app, runner):
    stored_picture(app)
    result = runner.invoke(args=["check-storage"])
    assert result.exit_code == 0 and "Storage and database agree." in result.output


def test_check_storage_reports_then_removes_files_without_rows(app, runner):
    root = Path(app.config["UPLOAD_DIR"])
    old_file(root / "ab" / "cd" / "abcdef")
    old_file(root / ".staging" / "0123abcd")
    (root / "ef" / "01").mkdir(parents=True)
    (root / "ef" / "01" / "ef01young").write_bytes(b"upload in flight")
    result = runner.invoke(args=["check-storage"])
    assert result.exit_code == 1
    assert "file without row: ab/cd/abcdef" in result.output and "stale staged file: 0123abcd" in result.output
    assert "ef01young" not in result.output and "2 problem(s) found" in result.output
    result = runner.invoke(args=["check-storage", "--remove"])
    assert result.exit_code == 0 and "2 problem(s) removed." in result.output
    assert not (root / "ab" / "cd" / "abcdef").exists() and not (root / ".staging" / "0123abcd").exists()
    assert (root / "ef" / "01" / "ef01young").exists()


def test_check_storage_reports_then_removes_rows_without_files(app, runner):
    attachment = stored_picture(app)
    storage = app.extensions["feedback.storage"]
    storage.delete(attachment.storage_key)
    result = runner.invoke(args=["check-storage", "--grace-minutes", "0"])
    assert result.exit_code == 1
    assert f"row without file: attachment {attachment.id} has no file {attachment.storage_key}" in result.output
    assert runner.invoke(args=["check-storage", "--remove", "--grace-minutes", "0"]).exit_code == 0
    with app.app_context():
        assert db.session.get(Attachment, attachment.id) is None
    assert list(storage.stored()) == []  # its thumbnail went with it
    assert "Storage and database agree." in runner.invoke(args=["check-storage", "--grace-minutes", "0"]).output


def test_export_audit_writes_the_filtered_log_as_csv(app, runner):
    from feedback import moderation

    with app.app_context():
        lan = make_editor(email="lan@example.com", name="Lan")
        comment = make_comment(make_article(slug="cau"), text="Cầu đẹp quá.")
        moderation.approve_comment(comment.id, lan.id, version=1, text="Cầu rất đẹp.")
        db.session.commit()
    result = runner.invoke(args=["export-audit", "--editor", "lan@example.com", "--action", "edit_approve"])
    assert result.exit_code == 0
    lines = result.output.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("time_utc,editor_email") and "lan@example.com,Lan,edit_approve" in lines[1]
    assert "Cầu rất đẹp." in lines[1] and len(lines) == 2
    assert runner.invoke(args=["export-audit", "--editor", "ai@example.com"]).exit_code == 1


def test_clear_cache_drops_rendered_threads(app, client, runner):
    with app.app_context():
        make_article(slug="tin", title="Tiêu đề cũ")
        db.session.commit()
    client.get("/bai-viet/tin")
    with app.app_context():
        # A restore behind the app's back: same id and version, other content.
        db.session.execute(text("UPDATE articles SET title = 'Tiêu đề khôi phục'"))
        db.session.commit()
    assert "Tiêu đề cũ" in client.get("/bai-viet/tin").get_data(as_text=True)
    assert "Cache cleared." in runner.invoke(args=["clear-cache"]).output
    assert "Tiêu đề khôi phục" in client.get("/bai-viet/tin").get_data(as_text=True)
