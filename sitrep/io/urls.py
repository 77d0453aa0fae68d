"""URLs as inputs: telling them from paths, a canonical form, and the article id a URL gives."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SCHEME = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.-]*://")
# Query parameters that only say how a reader arrived; they never select a different article.
_TRACKING = re.compile(r"\A(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ocid|cmpid|_ga)\Z",
                       re.IGNORECASE)
_MAX_ID = 200


def is_url(value: str) -> bool:
    """Whether an input is a URL (any scheme://...), not a path."""
    return bool(_SCHEME.match(value))


def is_web_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in {"http", "https"}


def canonical_url(url: str) -> str:
    """The same page however it was linked: scheme and host lower-cased, default port, fragment and tracking
    parameters dropped, the remaining query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and (scheme, parts.port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def url_article_id(url: str) -> str:
    """A readable id that stays the same when the page behind the URL changes: host and path of the canonical
    URL (with its query), "www." and a trailing slash left out; long ones end in a short hash."""
    parts = urlsplit(canonical_url(url))
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    article_id = host + path + (f"?{parts.query}" if parts.query else "")
    if len(article_id) > _MAX_ID:
        digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12]
        article_id = f"{article_id[:_MAX_ID - 13]}~{digest}"
    return article_id


def entry_article_id(guid: str | None, link: str | None, feed: str) -> str | None:
    """The id of a feed entry's article: from its GUID (a URL GUID like any URL, another GUID under the feed's
    id), else from its link. The same entry keeps its id when its text changes."""
    if guid and guid.strip():
        guid = guid.strip()
        if is_url(guid) and is_web_url(guid):
            return url_article_id(guid)
        base = url_article_id(feed) if is_url(feed) else feed
        return f"{base}#{guid}"
    if link and link.strip():
        return url_article_id(link.strip())
    return None


def safe_file_name(article_id: str) -> str:
    """A file name for an article id (for kept pages): unusual characters replaced, a short hash keeps it
    unique."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._")[:120] or "article"
    return f"{stem}-{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:8]}"
