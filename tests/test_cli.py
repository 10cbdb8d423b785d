import json

from sqlalchemy import select

from feedback import editors
from feedback.extensions import db
from feedback.models import ApiToken, Article, Editor, Role


def test_import_articles_creates_then_updates_by_slug(app, runner, tmp_path):
    path = tmp_path / "bai.json"
    record = {"title": "Đường Điện Biên Phủ ngập sâu", "lead": "Mưa lớn.", "body_html": "<p>Nội dung</p><script>x</script>",
              "author": "Hà An", "published_at": "2026-11-20T08:30:26+07:00",
              "rules": {"max_attachment_bytes": 2097152, "allowed_attachment_types": ["image/png"]}}
    path.write_text(json.dumps({"articles": [record]}), encoding="utf-8")
    result = runner.invoke(args=["import-articles", str(path)])
    assert "1 article(s) created, 0 updated" in result.output
    record["title_unused"] = None
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
        assert editors.authenticate("bientap@example.com", password) is not None


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
    token = runner.invoke(args=["issue-token", "t@example.com"]).output.strip()
    assert client.get("/api/moderation/queue", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().token_hash != token
