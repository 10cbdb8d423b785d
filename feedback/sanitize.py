"""HTML sanitizing: a small allow-list for readers, a wider one for the newsroom."""
import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter

COMMENT_TAGS = frozenset({"a", "b", "strong", "i", "em", "br", "p", "blockquote", "code"})
COMMENT_ATTRIBUTES = {"a": ["href", "rel"]}
ARTICLE_TAGS = COMMENT_TAGS | frozenset(
    {"h2", "h3", "h4", "ul", "ol", "li", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td",
     "hr", "sub", "sup", "u", "s", "small", "span"}
)
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "width", "height", "loading"],
    "th": ["colspan", "rowspan", "scope"],
    "td": ["colspan", "rowspan"],
}
PROTOCOLS = frozenset({"http", "https", "mailto"})
READER_LINK_REL = "nofollow ugc noopener"


def _reader_link_rel(attrs: dict, new: bool = False) -> dict:
    """Every reader link tells search engines it is user content and cannot reach our window."""
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = READER_LINK_REL
    return attrs


_comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    protocols=PROTOCOLS,
    strip=False,  # disallowed markup is shown as text, so nothing the reader wrote disappears
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_reader_link_rel], skip_tags={"code"})],
)
_article_cleaner = bleach.Cleaner(
    tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES, protocols=PROTOCOLS, strip=True, strip_comments=True
)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def comment_html(text: str) -> str:
    """Turn a reader's normalized text into safe HTML: paragraphs, line breaks, links."""
    paragraphs = [p.replace("\n", "<br>\n") for p in _PARAGRAPH_BREAK.split(text.strip()) if p]
    return _comment_cleaner.clean("".join(f"<p>{p}</p>" for p in paragraphs))


def article_html(body: str) -> str:
    """Sanitize newsroom HTML with the wider allow-list."""
    return _article_cleaner.clean(body)


def plain_text(markup: str) -> str:
    """Text content of sanitized HTML, for previews and search keys."""
    return html.unescape(bleach.clean(markup, tags=set(), strip=True))
