import pytest

from feedback import editors
from feedback.extensions import db

from ..factories import GOOD_TEXT, make_article, make_editor, make_words


def bearer(app, role: str) -> dict:
    with app.app_context():
        editor = make_editor(role=role)
        token = editors.issue_token(editor.id)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("method", ["get", "put"])
@pytest.mark.parametrize("kind", ["banned", "watched"])
def test_word_list_api_needs_a_token(client, method, kind):
    assert getattr(client, method)(f"/api/moderation/wordlists/{kind}").status_code == 401


def test_any_editor_reads_a_word_list_with_levels(app, client):
    with app.app_context():
        make_words("watched", "ngu", "mẹ kiếp")
        db.session.commit()
    response = client.get("/api/moderation/wordlists/watched", headers=bearer(app, "editor"))
    assert response.status_code == 200
    assert response.get_json() == {
        "list": "watched",
        "words": ["mẹ kiếp", "ngu"],
        "entries": [{"word": "mẹ kiếp", "level": "skeleton"}, {"word": "ngu", "level": "exact"}],
    }


def test_admin_replaces_a_list_and_the_next_comment_is_checked_against_it(app, client):
    headers = bearer(app, "admin")
    response = client.put("/api/moderation/wordlists/banned", json={"words": ["VCL", "quảng cáo rác"]},
                          headers=headers)
    assert response.status_code == 200 and response.get_json()["words"] == ["quảng cáo rác", "vcl"]
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    client.post("/api/articles/tin/comments", json={"author_name": "An", "body": f"{GOOD_TEXT} Quảng cáo rác!"})
    queue = client.get("/api/moderation/queue?status=spam", headers=headers).get_json()["comments"]
    assert [flag["code"] for flag in queue[0]["flags"]] == ["banned_word"]
    assert queue[0]["flags"][0]["detail"] == "quảng cáo rác"


def test_editor_cannot_change_a_list(app, client):
    response = client.put("/api/moderation/wordlists/banned", json={"words": ["vcl"]}, headers=bearer(app, "editor"))
    assert response.status_code == 403


@pytest.mark.parametrize("body", [{"words": "vcl"}, {"words": [1, 2]}, ["vcl"], None])
def test_malformed_list_is_refused(app, client, body):
    response = client.put("/api/moderation/wordlists/banned", json=body, headers=bearer(app, "admin"))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "words"


def test_unmatchable_entry_is_refused_with_a_reason(app, client):
    response = client.put("/api/moderation/wordlists/watched", json={"words": ["ngu", "!!!"]},
                          headers=bearer(app, "admin"))
    assert response.status_code == 422
    assert "không có chữ cái nào" in response.get_json()["errors"][0]["message"]


def test_unknown_list_is_404(app, client):
    assert client.get("/api/moderation/wordlists/other", headers=bearer(app, "admin")).status_code == 404


@pytest.mark.parametrize("entry", ["\u0000", "\u200b", "\u0007\u0000"])
def test_an_entry_of_invisible_characters_is_refused_and_the_list_kept(app, client, entry):
    with app.app_context():
        make_words("watched", "ngu")
        db.session.commit()
    headers = bearer(app, "admin")
    response = client.put("/api/moderation/wordlists/watched", json={"words": [entry]}, headers=headers)
    assert response.status_code == 422
    assert client.get("/api/moderation/wordlists/watched", headers=headers).get_json()["words"] == ["ngu"]


def test_blank_entries_are_skipped(app, client):
    headers = bearer(app, "admin")
    response = client.put("/api/moderation/wordlists/watched", json={"words": ["ngu", "", "   "]}, headers=headers)
    assert response.status_code == 200 and response.get_json()["words"] == ["ngu"]
