"""Flag codes the abuse checks put on comments, and how editors read them."""
from dataclasses import dataclass

# A closer look is needed; the comment waits in the queue.
LINKS = "links"
WATCHED_WORD = "watched_word"
FIRST_COMMENT = "first_comment"
DUPLICATE = "duplicate"
FAST = "fast"
TIMING_UNVERIFIED = "timing_unverified"
IP_BURST = "ip_burst"
# Why a comment went straight to Spam.
HONEYPOT = "honeypot"
BLOCKED = "blocked"
BANNED_WORD = "banned_word"

LABELS = {
    LINKS: "Có liên kết",
    WATCHED_WORD: "Từ cần xem kỹ",
    FIRST_COMMENT: "Lần đầu bình luận",
    DUPLICATE: "Trùng nội dung ở nhiều bài",
    FAST: "Gửi rất nhanh",
    TIMING_UNVERIFIED: "Không rõ thời gian điền",
    IP_BURST: "Nhiều bình luận từ một IP",
    HONEYPOT: "Dính bẫy chống bot",
    BLOCKED: "Người gửi bị chặn",
    BANNED_WORD: "Từ cấm",
}
DETAIL_FORMATS = {
    LINKS: "{} liên kết",
    DUPLICATE: "{} bài viết",
    FAST: "sau {} giây",
    IP_BURST: "{} bình luận",
}
QUEUE_FILTERS = (LINKS, WATCHED_WORD, FIRST_COMMENT, DUPLICATE, FAST, TIMING_UNVERIFIED, IP_BURST)
SPAM_REASONS = (HONEYPOT, BLOCKED, BANNED_WORD)


@dataclass(frozen=True)
class Flag:
    code: str
    detail: str | None = None


def describe(code: str, detail: str | None) -> str:
    """A flag in words for editors: `Có liên kết: 3 liên kết`, `Từ cấm: đm`."""
    label = LABELS.get(code, code)
    if not detail:
        return label
    return f"{label}: {DETAIL_FORMATS.get(code, '{}').format(detail)}"
