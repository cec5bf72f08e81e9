"""URLs as the outputs show them: without credentials.

A URL may carry a password (`https://user:pass@host/...`) or a secret in its query
(`?token=...`). The fetcher uses them; every output (documents, errors, run.json, the raw
cache's sidecars, the request log) gets the URL with the user info removed and the values of
secret-looking query parameters masked.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import regex

MASK = "REDACTED"
# Query parameters whose values are secrets (compared in lower case, '-' read as '_').
SECRET_PARAMETERS = frozenset({
    "token", "access_token", "refresh_token", "id_token", "auth", "auth_token", "authorization", "key", "api_key",
    "apikey", "secret", "client_secret", "password", "passwd", "pwd", "pass", "signature", "sig", "session",
    "sessionid", "session_id", "sid", "jwt", "private_token", "x_amz_signature", "x_amz_security_token",
})
_URL_IN_TEXT = regex.compile(r"\bhttps?://[^\s\"'<>]+", regex.I)


def _secret(name: str) -> bool:
    return name.lower().replace("-", "_") in SECRET_PARAMETERS


def redact_url(url: str) -> str:
    """`url` without user info and with secret query values masked; other URLs unchanged."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = (parts.hostname or "") + (f":{port}" if port else "")
        if parts.hostname and ":" in parts.hostname:   # an IPv6 address keeps its brackets
            netloc = f"[{parts.hostname}]" + (f":{port}" if port else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_secret(k) for k, _v in pairs):
            query = urlencode([(k, MASK if _secret(k) else v) for k, v in pairs], safe="/:")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_urls(text: str) -> str:
    """Every http(s) URL in a message, redacted."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text)


__all__ = ["redact_url", "redact_urls", "SECRET_PARAMETERS"]
