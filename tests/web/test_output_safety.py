"""Published output: nothing a reader types can run in another reader's browser."""
import re

import pytest
from sqlalchemy import event

from feedback.extensions import db
from feedback.models import Article, CommentStatus
from feedback.sanitize import comment_html

from ..factories import make_article, make_comment

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '"><script>alert(1)</script>',
    "<b onmouseover=alert(1)>đậm</b>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<p style='position:fixed;top:0'>che trang</p>",
]
TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")


def published_section(html: str) -> str:
    return html.split('id="binh-luan"', 1)[1].split('id="gui-binh-luan"', 1)[0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_in_the_published_page(app, client, payload):
    text = f"Bình luận thử: {payload}"
    with app.app_context():
        make_comment(make_article(slug="tin"), text=text, html=comment_html(text), status=CommentStatus.APPROVED)
        db.session.commit()
    section = published_section(client.get("/bai-viet/tin").get_data(as_text=True))
    assert "Bình luận thử" in section
    for name, attrs in TAG.findall(section):
        assert name.lower() in {"h2", "span", "article", "header", "time", "div", "p", "a", "b", "br"}, name
        assert not re.search(r"\bon\w+\s*=|style\s*=", attrs, re.I), attrs
        assert not re.search(r"(javascript|data|vbscript):", attrs, re.I), attrs


def count_queries(engine, fetch) -> int:
    counted = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        fetch()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(counted)


def add_comments(app, article_id: int, n: int) -> None:
    with app.app_context():
        article = db.session.get(Article, article_id)
        for i in range(n):
            make_comment(article, text=f"Bình luận số {i} đã duyệt.", status=CommentStatus.APPROVED)
            make_comment(article, text=f"Bình luận số {i} chờ duyệt.")
        db.session.commit()


def test_article_page_and_queue_cost_the_same_queries_for_2_or_40_comments(app, editor_client):
    with app.app_context():
        article_id = make_article(slug="tin").id
        db.session.commit()
        engine = db.engine
    add_comments(app, article_id, 2)
    small = (count_queries(engine, lambda: editor_client.get("/bai-viet/tin")),
             count_queries(engine, lambda: editor_client.get("/kiem-duyet/")))
    add_comments(app, article_id, 38)
    large = (count_queries(engine, lambda: editor_client.get("/bai-viet/tin")),
             count_queries(engine, lambda: editor_client.get("/kiem-duyet/")))
    assert small == large
