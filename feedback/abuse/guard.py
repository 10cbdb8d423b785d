"""The checks every comment passes before it is stored, in a fixed order.

First the checks that decide: the honeypot, the blocklist, a repeat of the sender's own comment, a banned word.
Each raises: spam goes to Spam (and the sender is answered as if all were well), a repeat is refused politely.
Then the checks that only flag the comment for a closer look in the queue.

Everything the checks ask the database comes back from one query (`read_history`): the versions of the word lists
and the blocklist, which this process keeps built in memory, and the sender's and the text's history, each an
indexed subquery.
"""
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from bleach.linkifier import TLDS, build_url_re
from sqlalchemy import Row, Select, bindparam, func, literal, select

from .. import list_versions, vietnamese
from ..errors import CommentRejected, FieldError
from ..extensions import db
from ..models import Comment, CommentStatus, WordListKind, utcnow
from . import flags
from .blocklist import Sender, find_block
from .flags import Flag
from .matching import Token, WordMatcher, text_tokens
from .wordlists import load_matchers

# Spam links favour cheap top-level domains bleach does not know.
_URL = build_url_re(tlds=[*TLDS, "xyz", "top", "club", "online", "site", "vip", "bet", "win", "shop", "live", "fun",
                          "link", "click", "icu", "store", "app"])
# Short courtesies ("Bài viết hay, cảm ơn") recur across articles from honest readers; only longer texts count.
MIN_DUPLICATE_TOKENS = 6
DUPLICATE_MESSAGE = ("Bạn vừa gửi bình luận này cho bài viết rồi. Tòa soạn đã nhận được và sẽ duyệt sớm; "
                     "bạn không cần gửi lại.")


@dataclass(frozen=True)
class BotSignals:
    """What the HTML form's traps saw; the API has no form and sends none."""

    honeypot: str = ""
    # Seconds since the form was shown, by our own signed clock; None when the token was missing or invalid.
    form_age: float | None = None


@dataclass(frozen=True)
class Submission:
    article_id: int
    author_name: str
    email: str | None
    text: str
    ip: str | None
    signals: BotSignals | None = None


@dataclass(frozen=True)
class AbusePolicy:
    min_form_seconds: float = 3
    duplicate_window: timedelta = timedelta(minutes=60)
    duplicate_articles: int = 3
    duplicate_articles_window: timedelta = timedelta(hours=24)
    burst_comments: int = 5
    burst_window: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Verdict:
    status: CommentStatus
    fingerprint: str
    flags: list[Flag] = field(default_factory=list)


class SpamCaught(Exception):
    """A submission that goes straight to Spam; screen_comment turns it into a verdict, so it never escapes."""

    def __init__(self, flag: Flag):
        super().__init__(flag.code)
        self.flag = flag


def screen_comment(sub: Submission, policy: AbusePolicy, *, now: datetime | None = None) -> Verdict:
    """Decide where a valid comment goes and what editors should notice; raises CommentRejected for a repeat."""
    now = now or utcnow()
    tokens = text_tokens(sub.text)
    fingerprint = fingerprint_of(sub.text, tokens)
    try:
        check_honeypot(sub)
        history = read_history(sub, tokens, fingerprint, policy, now)
        check_blocklist(sub, history.blocklist_version)
        check_repeat(history)
        matchers = load_matchers(history.wordlists_version)
        check_banned_words(tokens, matchers[WordListKind.BANNED])
    except SpamCaught as caught:
        return Verdict(CommentStatus.SPAM, fingerprint, [caught.flag])
    return Verdict(CommentStatus.PENDING, fingerprint, collect_flags(sub, tokens, history, matchers, policy))


def fingerprint_of(text: str, tokens: list[Token]) -> str:
    """The same words in the same order give the same fingerprint, whatever the case, spacing or punctuation."""
    key = " ".join(t.text for t in tokens) or vietnamese.fold(text, "exact")
    return hashlib.sha256(key.encode()).hexdigest()


def read_history(sub: Submission, tokens: list[Token], fingerprint: str, policy: AbusePolicy, now: datetime) -> Row:
    """One query for all the checks: list versions, a repeat, an earlier comment, the same text elsewhere, a burst.

    Each column is a subquery on its own index (fingerprint and time, address and time, e-mail and time), so the
    planner picks the right one for each; a check that does not apply gets a constant instead.
    """
    sender = "email" if sub.email else "name_ip" if sub.ip else "name"
    query = _history_query(sender, copies=len(tokens) >= MIN_DUPLICATE_TOKENS, burst=bool(sub.ip))
    return db.session.execute(query, {
        "article_id": sub.article_id, "fingerprint": fingerprint, "email_key": (sub.email or "").lower(),
        "name": sub.author_name, "ip": sub.ip, "repeat_since": now - policy.duplicate_window,
        "copies_since": now - policy.duplicate_articles_window, "burst_since": now - policy.burst_window,
    }).one()


@lru_cache(maxsize=None)
def _history_query(sender: str, *, copies: bool, burst: bool) -> Select:
    """The history query for one shape of submission, built once: building and keying it anew cost more than
    running it. Values come as bound parameters."""
    same_sender = _SAME_SENDER[sender]()
    repeat = select(Comment.id).where(
        Comment.article_id == bindparam("article_id"), Comment.fingerprint == bindparam("fingerprint"),
        Comment.created_at >= bindparam("repeat_since"), same_sender,
    ).exists()
    earlier = select(Comment.id).where(same_sender).exists()
    other_articles = literal(0)
    if copies:
        other_articles = select(func.count(func.distinct(Comment.article_id))).where(
            Comment.fingerprint == bindparam("fingerprint"), Comment.article_id != bindparam("article_id"),
            Comment.created_at >= bindparam("copies_since"),
        ).scalar_subquery()
    recent_from_ip = literal(0)
    if burst:
        recent_from_ip = select(func.count()).where(
            Comment.ip_address == bindparam("ip"), Comment.created_at >= bindparam("burst_since")
        ).scalar_subquery()
    return select(
        list_versions.version_of(list_versions.WORDLISTS).label("wordlists_version"),
        list_versions.version_of(list_versions.BLOCKLIST).label("blocklist_version"),
        repeat.label("repeat"),
        earlier.label("earlier"),
        other_articles.label("other_articles"),
        recent_from_ip.label("recent_from_ip"),
    )


# Who counts as the same sender: the e-mail when given; otherwise the same name from the same address.
_SAME_SENDER = {
    "email": lambda: Comment.email_key == bindparam("email_key"),
    "name_ip": lambda: (Comment.ip_address == bindparam("ip")) & (Comment.author_name == bindparam("name"))
    & Comment.email.is_(None),
    "name": lambda: (Comment.author_name == bindparam("name")) & Comment.email.is_(None),
}


def check_honeypot(sub: Submission) -> None:
    if sub.signals and sub.signals.honeypot.strip():
        raise SpamCaught(Flag(flags.HONEYPOT))


def check_blocklist(sub: Submission, version: int | None = None) -> None:
    block = find_block(Sender(sub.author_name, sub.email, sub.ip), version=version)
    if block is not None:
        raise SpamCaught(Flag(flags.BLOCKED, f"{block.kind.value}: {block.value}"))


def check_repeat(history: Row) -> None:
    """The same text from the same sender on the same article, within the window: refused politely."""
    if history.repeat:
        raise CommentRejected([FieldError("body", "duplicate", DUPLICATE_MESSAGE)])


def check_banned_words(tokens: list[Token], banned: WordMatcher) -> None:
    found = banned.find(tokens)
    if found:
        raise SpamCaught(Flag(flags.BANNED_WORD, _words(found)))


def collect_flags(sub: Submission, tokens: list[Token], history: Row, matchers: dict[WordListKind, WordMatcher],
                  policy: AbusePolicy) -> list[Flag]:
    """Everything an editor should notice about a comment that is not spam."""
    found = [
        _links(sub.text),
        _watched_words(tokens, matchers[WordListKind.WATCHED]),
        None if history.earlier else Flag(flags.FIRST_COMMENT),
        _copied_across_articles(tokens, history.other_articles, policy),
        *_timing(sub.signals, policy.min_form_seconds),
        _ip_burst(sub.ip, history.recent_from_ip, policy),
    ]
    return [flag for flag in found if flag is not None]


def _links(text: str) -> Flag | None:
    count = sum(1 for _ in _URL.finditer(text))
    return Flag(flags.LINKS, str(count)) if count else None


def _watched_words(tokens: list[Token], watched: WordMatcher) -> Flag | None:
    found = watched.find(tokens)
    return Flag(flags.WATCHED_WORD, _words(found)) if found else None


def _copied_across_articles(tokens: list[Token], other_articles: int | None, policy: AbusePolicy) -> Flag | None:
    if len(tokens) < MIN_DUPLICATE_TOKENS:
        return None
    articles = (other_articles or 0) + 1
    return Flag(flags.DUPLICATE, str(articles)) if articles >= policy.duplicate_articles else None


def _timing(signals: BotSignals | None, min_seconds: float) -> list[Flag]:
    if signals is None:
        return []
    if signals.form_age is None:
        # A page left open for days, or a browser that lost the field: a hint, never a reason to drop.
        return [Flag(flags.TIMING_UNVERIFIED)]
    if signals.form_age < min_seconds:
        return [Flag(flags.FAST, f"{signals.form_age:.1f}".replace(".", ","))]
    return []


def _ip_burst(ip: str | None, recent_from_ip: int | None, policy: AbusePolicy) -> Flag | None:
    if not ip:
        return None
    count = (recent_from_ip or 0) + 1
    return Flag(flags.IP_BURST, str(count)) if count >= policy.burst_comments else None


def _words(found) -> str:
    return ", ".join(entry.word for entry in found)[:200]
