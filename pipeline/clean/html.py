"""HTML to plain text: the main content, in paragraphs, without page chrome."""
from __future__ import annotations

import json

import regex
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Elements that never hold main text.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
             "aside", "form", "button", "select", "input", "textarea", "label", "dialog")
# id/class fragments of page chrome: cookie banners, share bars, comments, menus.
CHROME = regex.compile(r"cookie|consent|gdpr|share|social|comment|breadcrumb|(?<![a-z])menu|navigation|"
                       r"sidebar|related|relaterat|footer|header|skip|search|sok(?![a-z])|banner|"
                       r"newsletter|print|toolbar|pagination|tags?(?![a-z])", regex.I)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
              "table", "tr", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "br", "hr",
              "address", "time"}


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("main", "article", "body", "html"):
        return False
    attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or []), tag.get("role") or ""])
    return bool(attrs.strip()) and bool(CHROME.search(attrs))


def _main_container(soup: BeautifulSoup) -> Tag:
    for selector in ("main", "article", "[role=main]", "#content", ".content", "#main", ".main-content"):
        found = soup.select(selector)
        if found:
            return max(found, key=lambda t: len(t.get_text(" ", strip=True)))
    return soup.body or soup


def _render(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(regex.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            out.append("\n")
            continue
        block = name in BLOCK_TAGS
        if block:
            out.append("\n\n" if name not in ("li", "tr", "dd", "dt") else "\n")
        if name == "li":
            out.append("• ")
        _render(child, out)
        if name in ("td", "th"):
            out.append(" ")
        if block:
            out.append("\n\n" if name not in ("li", "tr", "dd", "dt") else "\n")


def _metadata_hints(soup: BeautifulSoup) -> dict:
    """Title, dates and author from <meta>, <time>, <h1> and JSON-LD."""
    hints: dict = {}

    def meta(*names):
        for n in names:
            tag = soup.find("meta", attrs={"property": n}) or soup.find("meta", attrs={"name": n})
            if tag and tag.get("content"):
                return tag["content"].strip()
        return None

    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if not isinstance(item, dict):
                continue
            hints.setdefault("published", item.get("datePublished"))
            hints.setdefault("title", item.get("headline"))
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str):
                hints.setdefault("author", author)
    hints = {k: v for k, v in hints.items() if v}
    hints.setdefault("published", meta("article:published_time", "dcterms.created", "date", "DC.date",
                                       "publish-date", "pubdate"))
    hints.setdefault("modified", meta("article:modified_time", "dcterms.modified", "last-modified"))
    hints.setdefault("author", meta("author", "article:author", "dcterms.creator"))
    h1 = soup.find("h1")
    hints.setdefault("title", (h1.get_text(" ", strip=True) if h1 else None)
                     or meta("og:title", "dcterms.title")
                     or (soup.title.get_text(" ", strip=True) if soup.title else None))
    hints.setdefault("site_name", meta("og:site_name", "application-name"))
    hints.setdefault("url", meta("og:url") or ((soup.find("link", rel="canonical") or {}).get("href")))
    if not hints.get("published"):
        time_tag = soup.find("time", attrs={"datetime": True})
        if time_tag:
            hints["published"] = time_tag["datetime"]
    return {k: v for k, v in hints.items() if v}


def html_to_text(html: str) -> tuple[str, dict]:
    """The main text of an HTML page (paragraphs separated by blank lines) and metadata hints."""
    soup = BeautifulSoup(html, "html.parser")
    hints = _metadata_hints(soup)
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()
    container = _main_container(soup)
    parts: list[str] = []
    _render(container, parts)
    text = "".join(parts)
    text = regex.sub(r"[ \t]+\n", "\n", text)
    text = regex.sub(r"\n[ \t]+", "\n", text)
    text = regex.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), hints
