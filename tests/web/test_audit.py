import csv
import io

from feedback import moderation
from feedback.extensions import db

from ..factories import make_article, make_comment, make_editor


def decide_some(app):
    with app.app_context():
        lan, minh = make_editor(name="Lan"), make_editor(name="Minh")
        bridge, flood = make_article(slug="cau", title="Cầu mới"), make_article(slug="ngap", title="Ngập lụt")
        a, b = make_comment(bridge, text="Cầu đẹp quá."), make_comment(flood, text="Ngập <i>khổ</i> lắm.")
        moderation.approve_comment(a.id, lan.id, version=1, text="Cầu rất đẹp.")
        moderation.reject_comment(b.id, minh.id, version=1, reason_code="off_topic")
        db.session.commit()
        return lan.id, minh.id


def test_audit_log_lists_every_decision_with_before_and_after(app, editor_client):
    decide_some(app)
    html = editor_client.get("/kiem-duyet/nhat-ky").get_data(as_text=True)
    assert "Lan" in html and "biên tập và duyệt" in html and "Cầu<ins> rất</ins> đẹp<del> quá</del>." in html
    assert "Minh" in html and "Lạc đề, không liên quan đến bài viết" in html and "Ngập &lt;i&gt;khổ" in html


def test_audit_log_filters_by_editor_article_and_action(app, editor_client):
    lan, minh = decide_some(app)
    by_minh = editor_client.get(f"/kiem-duyet/nhat-ky?editor={minh}").get_data(as_text=True)
    assert "Lạc đề" in by_minh and "Cầu mới" not in by_minh
    on_bridge = editor_client.get("/kiem-duyet/nhat-ky?article=cau").get_data(as_text=True)
    assert "Cầu mới" in on_bridge and "Lạc đề" not in on_bridge
    rejects = editor_client.get("/kiem-duyet/nhat-ky?action=reject").get_data(as_text=True)
    assert "Lạc đề" in rejects and "Cầu mới" not in rejects
    assert editor_client.get("/kiem-duyet/nhat-ky?action=xoa").status_code == 200


def test_audit_csv_downloads_the_filtered_log(app, editor_client):
    lan, _ = decide_some(app)
    response = editor_client.get(f"/kiem-duyet/nhat-ky.csv?editor={lan}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert [(r["editor_name"], r["action"], r["text_after"]) for r in rows] == [("Lan", "edit_approve", "Cầu rất đẹp.")]
    assert editor_client.get("/kiem-duyet/nhat-ky.csv?editor=khong-co@example.com").status_code == 422


def test_dashboard_shows_the_queue_and_the_editors_work(app, editor_client):
    decide_some(app)
    with app.app_context():
        make_comment(make_article(), text="Còn chờ.")
        db.session.commit()
    html = editor_client.get("/kiem-duyet/tong-quan").get_data(as_text=True)
    assert '<span class="stat__value">1</span> <span class="stat__label">bình luận đang chờ' in html
    assert "Lan" in html and "Minh" in html and "Cầu mới" in html and "100%" in html and "0%" in html
