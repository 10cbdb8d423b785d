"""No input answers 500: each bad value is refused (400, 404 or 422) where it enters, on every route."""
import re

import pytest

from feedback import editors
from feedback.extensions import db

from ..conftest import PASSWORD
from ..factories import make_article, make_comment, make_editor

TOO_BIG = "9223372036854775808"
BAD_QUERIES = [
    {"page": "9223372036854775807"}, {"trang": "9" * 25}, {"cursor": TOO_BIG}, {"cursor": "²"},
    {"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"editor": "²"}, {"editor": TOO_BIG},
    {"limit": "9" * 30}, {"next": "/\r\nSet-Cookie: x=1"},
]
BAD_BODIES = [
    '{"version": 1, "body": "\\ud800", "author_name": "\\ud800", "words": ["\\ud800"]}',
    "[" * 100_000 + "]" * 100_000,
    '{"version": ' + TOO_BIG + ', "items": [{"id": ' + TOO_BIG + ', "version": 1}], "action": "approve"}',
    '{"version": "²", "items": [{"id": 1, "version": "²"}], "publish_attachments": "false"}',
]
BAD_FORMS = [{"version": "²", "items": ["²:1", f"{TOO_BIG}:1"], "next": "/\x00"}, {"version": TOO_BIG}]


@pytest.fixture
def setup(app, client):
    with app.app_context():
        article = make_article(slug="tin")
        comment = make_comment(article)
        admin = make_editor(email="qt@example.com", role="admin")
        token = editors.issue_token(admin.id)
        db.session.commit()
        ids = {"id": comment.id}
    client.post("/dang-nhap", data={"email": "qt@example.com", "password": PASSWORD})
    return {"token": token, **ids}


def routes(app) -> list[tuple[str, str]]:
    """Every route but static files, each converter filled with a value that exists or a number past any id."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for number in ("1", TOO_BIG):
                path = re.sub(r"<int:[^>]+>", number, rule.rule)
                path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), path)
                found.append((method, re.sub(r"<[^>]+>", "tin", path)))
    return sorted(set(found))


def test_no_route_answers_500_to_bad_values(app, client, setup):
    headers = {"Authorization": f"Bearer {setup['token']}"}
    statuses = {}
    for method, path in routes(app):
        for query in BAD_QUERIES:
            statuses[method, path, str(query)] = client.open(path, method=method, query_string=query,
                                                             headers=headers).status_code
        if method in ("POST", "PUT"):
            for body in BAD_BODIES:
                statuses[method, path, body[:40]] = client.open(path, method=method, data=body, headers=headers,
                                                                content_type="application/json").status_code
            for form in BAD_FORMS:
                statuses[method, path, str(form)] = client.open(path, method=method, data=form,
                                                                headers=headers).status_code
    assert len(statuses) > 300
    assert {key: status for key, status in statuses.items() if status >= 500} == {}


@pytest.mark.parametrize("path", [f"/tep/{TOO_BIG}", f"/kiem-duyet/binh-luan/{TOO_BIG}",
                                  f"/api/moderation/comments/{TOO_BIG}", "/?trang=" + "9" * 25,
                                  "/api/articles?page=9223372036854775807"])
def test_ids_and_pages_past_any_row_are_404(client, setup, path):
    assert client.get(path, headers={"Authorization": f"Bearer {setup['token']}"}).status_code == 404


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01", "editor=²"])
def test_edge_values_in_filters_are_422_naming_the_parameter(client, setup, query):
    path = "/api/moderation/audit" if query.startswith("editor") else "/api/moderation/queue"
    response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {setup['token']}"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == query.partition("=")[0]


@pytest.mark.parametrize("body", ['{"author_name": "An", "body": "Tin hay qu\\ud800"}', "[" * 100_000])
def test_unstorable_json_is_invalid_json(client, setup, body):
    response = client.post("/api/articles/tin/comments", data=body, content_type="application/json")
    assert response.status_code == 422 and response.get_json()["errors"][0]["code"] == "invalid_json"


@pytest.mark.parametrize("target", ["/kiem-duyet/\r\nSet-Cookie: x=1", "/kiem\x00duyet", "/\\evil.example"])
def test_log_in_with_a_bad_next_goes_to_the_queue(app, target):
    with app.app_context():
        make_editor(email="bt@example.com")
        db.session.commit()
    response = app.test_client().post("/dang-nhap", data={"email": "bt@example.com", "password": PASSWORD,
                                                          "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/kiem-duyet/"
