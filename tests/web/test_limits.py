"""Rate limits on posting, logging in and the API, with in-memory and Redis storage."""
import os

import pytest
import redis

from feedback import create_app, editors
from feedback.extensions import db, limiter

from ..conftest import PASSWORD, service_missing
from ..factories import GOOD_TEXT, make_article, make_editor

REDIS_URL = os.environ.get("FEEDBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
TEXTS = [
    "Tôi đồng ý với đề xuất mở rộng tuyến đường này.",
    "Cần công khai tiến độ giải phóng mặt bằng cho người dân.",
    "Mong thành phố sớm bố trí thêm xe buýt vào giờ cao điểm.",
    "Việc phân luồng giao thông nên được thông báo trước một tuần.",
]


def redis_storage() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        service_missing("redis", f"{REDIS_URL}: {exc}")
    return REDIS_URL


def build_app(app, storage: str):
    """An app with limits switched on, sharing the database of the suite's app."""
    return create_app({
        "ENV": "testing",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["DATABASE_URL"],
        "UPLOAD_DIR": app.config["UPLOAD_DIR"],
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_COMMENT_IP": "2 per minute",
        "RATELIMIT_COMMENT_EMAIL": "2 per minute",
        "RATELIMIT_LOGIN": "2 per minute",
        "RATELIMIT_API": "3 per minute",
    })


@pytest.fixture(params=["memory", "redis"])
def limited_app(app, request):
    storage = "memory://" if request.param == "memory" else redis_storage()
    limited = build_app(app, storage)
    limiter.reset()
    with limited.app_context():
        make_article(slug="tin")
        db.session.commit()
    yield limited
    limiter.reset()
    with limited.app_context():
        db.engine.dispose()


def post(client, n: int, *, ip: str = "203.0.113.5", **fields):
    data = {"author_name": "Lê Văn Cường", "email": f"doc-gia-{n}@example.com", "body": TEXTS[n], **fields}
    return client.post("/bai-viet/tin", data=data, environ_base={"REMOTE_ADDR": ip})


def test_comments_over_the_address_limit_get_429_with_the_form_and_text_kept(limited_app):
    client = limited_app.test_client()
    assert [post(client, n).status_code for n in range(2)] == [303, 303]
    refused = post(client, 2)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Bạn đã gửi nhiều bình luận trong thời gian ngắn" in html and "giây" in html
    assert TEXTS[2] in html and 'value="doc-gia-2@example.com"' in html
    assert post(client, 3, ip="198.51.100.9").status_code == 303


def test_comments_over_the_email_limit_are_refused_from_any_address(limited_app):
    limited_app.config["RATELIMIT_COMMENT_IP"] = "100 per minute"
    client = limited_app.test_client()
    same = {"email": "cung-mot@example.com"}
    assert post(client, 0, ip="198.51.100.1", **same).status_code == 303
    assert post(client, 1, ip="198.51.100.2", **same).status_code == 303
    assert post(client, 2, ip="198.51.100.3", **same).status_code == 429
    assert post(client, 3, ip="198.51.100.3").status_code == 303


def test_refused_forms_do_not_count_against_the_limit(limited_app):
    client = limited_app.test_client()
    assert [post(client, 0, body="").status_code for _ in range(3)] == [422, 422, 422]
    assert [post(client, n).status_code for n in range(2)] == [303, 303]


def test_failed_logins_are_limited_per_address(limited_app):
    with limited_app.app_context():
        make_editor(email="bt@example.com")
        db.session.commit()
    client = limited_app.test_client()
    wrong = {"email": "bt@example.com", "password": "sai-mat-khau-roi"}
    assert [client.post("/dang-nhap", data=wrong).status_code for _ in range(2)] == [401, 401]
    blocked = client.post("/dang-nhap", data={"email": "bt@example.com", "password": PASSWORD})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert "Vui lòng thử lại sau" in blocked.get_data(as_text=True)


def test_successful_logins_are_not_held_back(limited_app):
    with limited_app.app_context():
        make_editor(email="bt@example.com")
        db.session.commit()
    for _ in range(3):
        client = limited_app.test_client()
        assert client.post("/dang-nhap", data={"email": "bt@example.com", "password": PASSWORD}).status_code == 302


def test_api_over_its_limit_answers_json_429_with_retry_after(limited_app):
    client = limited_app.test_client()
    assert [client.get("/api/articles").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/articles/tin")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    (error,) = refused.get_json()["errors"]
    assert error["code"] == "rate_limited" and "Vui lòng thử lại sau" in error["message"]


def test_api_counts_a_valid_token_on_its_own_and_an_invalid_one_on_the_address(limited_app):
    with limited_app.app_context():
        token = editors.issue_token(make_editor().id)
        db.session.commit()
    client = limited_app.test_client()
    statuses = [client.get("/api/articles", headers={"Authorization": f"Bearer fbk_ngau-nhien-{n}"}).status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]  # a new random token per call is still one address
    assert client.get("/api/articles", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_form_and_api_share_one_count_per_address(limited_app):
    client = limited_app.test_client()
    assert post(client, 0).status_code == 303
    api = client.post("/api/articles/tin/comments", json={"author_name": "An", "body": TEXTS[1]},
                      environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert api.status_code == 202
    refused = client.post("/api/articles/tin/comments", json={"author_name": "An", "body": TEXTS[2]},
                          environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert refused.status_code == 429 and refused.get_json()["errors"][0]["code"] == "rate_limited"


def test_app_with_limits_switched_off_is_never_limited(app, client, limited_app):
    with app.app_context():
        make_article(slug="mo")
        db.session.commit()
    statuses = [client.post("/bai-viet/mo", data={"author_name": "Lê Văn Cường", "email": "c@example.com",
                                                   "body": f"{GOOD_TEXT} Ý số {n}."}).status_code for n in range(4)]
    assert statuses == [303] * 4


def test_app_servers_share_counts_through_redis(app):
    storage = redis_storage()
    first = build_app(app, storage)
    limiter.reset()
    with first.app_context():
        make_article(slug="tin")
        db.session.commit()
    try:
        assert [post(first.test_client(), n).status_code for n in range(2)] == [303, 303]
        second = build_app(app, storage)  # another server: its own connection to the same Redis
        assert post(second.test_client(), 2).status_code == 429
        with second.app_context():
            db.engine.dispose()
    finally:
        limiter.reset()
        with first.app_context():
            db.engine.dispose()


def test_limit_reached_on_an_unknown_article_still_answers_429(limited_app):
    client = limited_app.test_client()
    for n in range(2):
        post(client, n)
    response = client.post("/bai-viet/khong-co", data={"author_name": "An", "body": TEXTS[3]},
                           environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 429 and "Vui lòng thử lại sau" in response.get_data(as_text=True)


def test_retry_after_is_sent_only_on_429(limited_app):
    client = limited_app.test_client()
    answers = [client.get("/api/articles"), post(client, 0), post(client, 1, body=""),
               client.post("/dang-nhap", data={"email": "ai@example.com", "password": "sai-mat-khau-roi"})]
    assert [a.status_code for a in answers] == [200, 303, 422, 401]
    assert [a.headers.get("Retry-After") for a in answers] == [None] * 4
    assert [post(client, n).status_code for n in (2, 3)] == [303, 429]
