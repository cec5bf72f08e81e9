"""HTML to plain text: the main content, in paragraphs, without page chrome.

Two routes, chosen per page by measurement (`make eval-clean`: trafilatura-eval's 990 pages
and our own pages, side by side with trafilatura):
- Sitevision pages (most Swedish municipalities' CMS, recognised with certainty by its
  `sv-*-portlet` markup or generator tag): our own code, the text, HTML and heading portlets
  of the content region, leaving menu, link-list, search, archive, share and contact portlets
  (with <main>/<article> and the body as fallbacks), then the line-level boilerplate pass
  (clean/boilerplate.py).
- Everything else: trafilatura without comments (F1 0.925 on trafilatura-eval, where our own
  container heuristics gave 0.866), with the title, date and author from whichever of
  trafilatura/htmldate and our own code measured better. A page where trafilatura finds
  next to no text goes to our code.
"""
from __future__ import annotations

import json
import logging

import lxml.html
import regex
from lxml import etree
from lxml.html import HtmlElement

from kommunkollen.swedish import parse_date

# Elements that never hold main text.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form", "button",
             "select", "input", "textarea", "label", "dialog")
# Page headers and footers are chrome, but an article's own <header> holds its title and byline.
PAGE_FRAME_TAGS = ("header", "footer")
# Sitevision portlet kinds that never hold the page's own text.
SV_CHROME_PORTLETS = regex.compile(r"sv-(?:menu|linklist|searchform|search|archive|related|rss|socialmedia|"
                                   r"breadcrumb|image|script|decoration|contact|contactcard|imagegallery|"
                                   r"iframe|feedback|rating|sitemap|login|language|share|tab)\S*-portlet", regex.I)
# id/class fragments of page chrome: cookie banners, share bars, comments, menus.
CHROME = regex.compile(r"cookie|consent|gdpr|share|sharing|sharedaddy|social|comment|respond|breadcrumb|"
                       r"(?<![a-z])menu|navigation|sidebar|widget|related|relaterat|read-?also|las-?ocksa|"
                       r"most-?read|mest-?last|skip|search|sok(?![a-z])|banner|newsletter|print|toolbar|"
                       r"pagination|paywall|feedback|rating|tags?(?![a-z])|cat-links|"
                       r"(?<![a-z-])(?:site|page|global)-?(?:header|footer)|^footer|^header|topbar|masthead|colophon",
                       regex.I)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
              "table", "tr", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "br", "hr",
              "address", "time"}


# Comments and processing instructions never hold text. huge_tree: without it libxml2 stops at 255
# levels and silently drops what lies deeper; with it a page nested past MAX_NESTING is seen as
# such and read flat.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8", collect_ids=False,
                               huge_tree=True)
_SPACE_RUN = regex.compile(r"\s+")


def parse_html(html: str) -> HtmlElement | None:
    """The page as an lxml tree (libxml2's HTML parser, as BeautifulSoup's "lxml" builder used
    before: the same tree, built five times faster), or None where nothing parses."""
    try:
        # Bytes, so that an XML declaration with an encoding is no error for a str.
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _elements(node: HtmlElement, *tags: str) -> list[HtmlElement]:
    """`node`'s descendant elements (of these tags), in document order; a list, so that the
    caller may drop some as it goes."""
    return [el for el in node.iterdescendants(*tags) if isinstance(el.tag, str)]


def _first(node: HtmlElement, tag: str) -> HtmlElement | None:
    return next(node.iterdescendants(tag), None)


# Strings that are code, not text: BeautifulSoup's get_text left them out too.
_CODE_TAGS = ("script", "style", "template")


def text_of(node: HtmlElement) -> str:
    """The element's strings, each stripped, joined by one space (BeautifulSoup's
    get_text(" ", strip=True)), without scripts and style sheets."""
    strings = []
    for event, element in etree.iterwalk(node, events=("start", "end")):
        text = element.text if event == "start" and element.tag not in _CODE_TAGS else (
            element.tail if event == "end" and element is not node else None)
        if text and (text := text.strip()):
            strings.append(text)
    return " ".join(strings)


def _classes(tag: HtmlElement) -> str:
    return " ".join((tag.get("class") or "").split())


def _drop(tag: HtmlElement) -> None:
    """Remove an element and what it holds; the text after it stays."""
    if tag.getparent() is not None:
        tag.drop_tree()


def _body(root: HtmlElement) -> HtmlElement:
    body = _first(root, "body")
    return root if body is None else body


def is_sitevision(root: HtmlElement) -> bool:
    generator = next((m for m in root.iterdescendants("meta") if m.get("name") == "generator"), None)
    if generator is not None and "sitevision" in (generator.get("content") or "").lower():
        return True
    return any("sv-text-portlet" in (t.get("class") or "").split() for t in root.iterdescendants())


def _in_article(tag: HtmlElement) -> bool:
    return next(tag.iterancestors("article", "main"), None) is not None


def _is_chrome(tag: HtmlElement) -> bool:
    if tag.tag in ("main", "article", "body", "html"):
        return False
    attrs = " ".join([tag.get("id") or "", _classes(tag), tag.get("role") or ""])
    return bool(attrs.strip()) and bool(CHROME.search(attrs))


def _has_class(name: str) -> str:
    return f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


# The page's content region, by the first of these that the page has (the largest where several).
_MAIN_CONTAINERS = (".//main", ".//article", ".//*[@role='main']", ".//*[@id='content']", _has_class("content"),
                    ".//*[@id='main']", _has_class("main-content"))


def _main_container(root: HtmlElement) -> HtmlElement:
    for xpath in _MAIN_CONTAINERS:
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda t: len(text_of(t)))
    return _body(root)


def _render(node: HtmlElement, out: list[str]) -> None:
    """The node's text with its block structure as line breaks; the node's own tail is the
    caller's."""
    if node.text:
        out.append(_SPACE_RUN.sub(" ", node.text))
    for child in node:
        name = child.tag
        if not isinstance(name, str):
            pass
        elif name == "br":
            out.append("\n")
        else:
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
        if child.tail:
            out.append(_SPACE_RUN.sub(" ", child.tail))


def _metadata_hints(root: HtmlElement) -> dict:
    """Title, dates and author from <meta>, <time>, <h1> and JSON-LD."""
    hints: dict = {}
    # Every <meta> once, by property and by name (a search per name walked the page a dozen times).
    contents: dict[str, str] = {}
    for tag in root.iterdescendants("meta"):
        content = (tag.get("content") or "").strip()
        if content:
            for key in (tag.get("property"), tag.get("name")):
                if key:
                    contents.setdefault(key, content)

    def meta(*names):
        return next((contents[n] for n in names if n in contents), None)

    for script in root.iterdescendants("script"):
        if script.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for item in data if isinstance(data, list) else (data.get("@graph", [data]) if isinstance(data, dict) else []):
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
    hints.setdefault("published", meta(*PUBLISHED_META))
    hints.setdefault("modified", meta("article:modified_time", "dcterms.modified", "last-modified"))
    hints.setdefault("author", meta("author", "article:author", "dcterms.creator"))
    h1, title = _first(root, "h1"), _first(root, "title")
    hints.setdefault("title", (text_of(h1) if h1 is not None else None)
                     or meta("og:title", "dcterms.title")
                     or (text_of(title) if title is not None else None))
    hints.setdefault("site_name", meta("og:site_name", "application-name"))
    canonical = next((link for link in root.iterdescendants("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), None)
    hints.setdefault("url", meta("og:url") or (canonical.get("href") if canonical is not None else None))
    if not hints.get("published"):
        time_tag = next((t for t in root.iterdescendants("time") if t.get("datetime") is not None), None)
        if time_tag is not None:
            hints["published"] = time_tag.get("datetime")
    return {k: v for k, v in hints.items() if v}


def _tidy(text: str) -> str:
    text = regex.sub(r"[ \t]+\n", "\n", text)
    text = regex.sub(r"\n[ \t]+", "\n", text)
    return regex.sub(r"\n{3,}", "\n\n", text).strip()


def _dom_text(node: HtmlElement) -> str:
    parts: list[str] = []
    _render(node, parts)
    return _tidy("".join(parts))


def _sitevision_text(root: HtmlElement) -> str:
    """The text portlets of a Sitevision page's content region, in order."""
    for tag in _elements(root):
        classes = _classes(tag)
        if "portlet" in classes and SV_CHROME_PORTLETS.search(classes):
            _drop(tag)
    region = _main_container(root)
    if any(_SV_TEXT_PORTLET.search(_classes(a)) for a in (region, *region.iterancestors())):
        return _dom_text(region)      # the region is inside a text portlet: all of it is text
    # The outermost text portlets, in document order: a walk that does not enter a portlet.
    portlets = []
    stack = list(reversed(region))
    while stack:
        tag = stack.pop()
        if not isinstance(tag.tag, str):
            continue
        if _SV_TEXT_PORTLET.search(_classes(tag)):
            portlets.append(tag)
        else:
            stack.extend(reversed(tag))
    if not portlets:
        return _dom_text(region)
    return "\n\n".join(t for t in (_dom_text(p) for p in portlets) if t)


def _paragraphs(text: str) -> str:
    """trafilatura's one paragraph per line as ours: blank lines between paragraphs, its list
    items ("- ") as "• " lines kept together."""
    out = []
    previous_item = False
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        is_item = line.startswith(("- ", "• "))
        out.append(("\n" if is_item and previous_item else "\n\n") + ("• " + line[2:] if is_item else line))
        previous_item = is_item
    return "".join(out).strip()


def _paragraph_chars(node: HtmlElement) -> int:
    return sum(len(text_of(p)) for p in node.iterdescendants("p"))


def _single_container(root: HtmlElement) -> HtmlElement | None:
    """<main>, the page's one <article>, or the smallest block around the <h1> that
    holds most of the page's paragraph text (news sites without semantic markup)."""
    articles = _elements(root, "article")
    if len(articles) == 1:
        return articles[0]
    main = _first(root, "main")
    if main is None:
        main = next((t for t in root.iterdescendants() if t.get("role") == "main"), None)
    if main is not None:
        return main
    h1 = _first(root, "h1")
    total = _paragraph_chars(root)
    if h1 is None or not total:
        return None
    for ancestor in h1.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        if _paragraph_chars(ancestor) >= 0.6 * total:
            return ancestor
    return None


# Nesting deeper than this is no page a person wrote (real pages stay under 100 levels): the tree
# walkers here recurse once per level, and a page 100,000 levels deep ran for minutes. Such a
# page is read flat instead.
MAX_NESTING = 500
_SKIPPED_BLOCKS = regex.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>", regex.I | regex.S)
_FLAT_BREAKS = regex.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\b[^<>]*>", regex.I)


def tree_depth(node: HtmlElement) -> int:
    """How many levels of elements `node` holds, itself included, walked without recursion."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        tag, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in tag if isinstance(child.tag, str))
    return deepest


def flat_text(html: str) -> str:
    """Text of a page too deeply nested for a tree: blocks become paragraphs, other tags go."""
    import html as html_lib

    text = _SKIPPED_BLOCKS.sub(" ", html)
    text = _FLAT_BREAKS.sub("\n\n", text)
    text = html_lib.unescape(regex.sub(r"<[^<>]*>", " ", text))
    text = regex.sub(r"[ \t]+", " ", text)
    return _tidy(text)


_SV_TEXT_PORTLET = regex.compile(r"(?:^|\s)sv-(?:text|html|heading)-portlet(?:\s|$)")
# Sitevision, the CMS of most Swedish municipalities, recognised from its markup without a parse:
# its portlet classes or its generator tag.
_SITEVISION_MARKUP = regex.compile(r"""class=["'][^"']*\bsv-(?:text|html|heading)-portlet\b|<meta[^>]+"""
                                   r"""content=["'][^"']*sitevision""", regex.I)
_SITEVISION_NAME = regex.compile(r"sitevision", regex.I)
_SITEVISION_CERTAIN = regex.compile(r"""class=["'](?:[^"']*\s)?sv-text-portlet(?:\s[^"']*)?["']|"""
                                    r"""<meta[^>]+name=["']generator["'][^>]+content=["'][^"']*sitevision""", regex.I)


def _looks_sitevision(html: str) -> bool:
    """_SITEVISION_MARKUP, behind a substring test: the pattern, tried at every class attribute and
    meta tag of a page, cost 2 ms a page on pages that are not Sitevision (nearly all of them)."""
    if "-portlet" not in html and _SITEVISION_NAME.search(html) is None:
        return False
    return _SITEVISION_MARKUP.search(html) is not None


# trafilatura's settings for the pages that are not ours, chosen on trafilatura-eval and our own
# pages with scripts/eval_clean.py (make eval-clean).
TRAFILATURA_SETTINGS = {"include_comments": False, "include_tables": True, "deduplicate": False}
_BYLINE_LABEL = regex.compile(r"^(?:text|av|skriven av|foto|by|von|par)\b[:\s]*", regex.I)


def html_to_text(html: str, url: str | None = None) -> tuple[str, dict]:
    """The main text of an HTML page (paragraphs separated by blank lines) and metadata hints.

    Sitevision pages, whose layout we know, are read by our own code; every other page goes
    to trafilatura (text and metadata from one parse), and to our code only when trafilatura
    finds next to no text. Measured with `make eval-clean`."""
    if _looks_sitevision(html):
        # Certain (a text portlet or the generator tag): straight to the portlets; a weaker sign
        # (an html or heading portlet, "sitevision" in some meta tag) is checked on the parse.
        return _our_text(html, url, sitevision=True if _SITEVISION_CERTAIN.search(html) else None)
    text, hints = _trafilatura_document(html, url)
    if len(text) < 200:
        ours, our_hints = _our_text(html, url)
        if len(ours) > len(text):
            return ours, our_hints
    return text, hints


def _trafilatura_document(html: str, url: str | None) -> tuple[str, dict]:
    """trafilatura's main text, with metadata from whoever measured better on trafilatura-eval's
    metadata gold (README, "Main text"): the title ours (JSON-LD headline, <h1>, og:title,
    <title>: 0.70 of 845 titles right against trafilatura's 0.59); the date ours where the page
    states one in JSON-LD or a meta tag, else htmldate's (together 0.82 of 728; ours alone 0.60);
    the author trafilatura's (0.52 of 538 against our 0.31). htmldate runs without its extensive
    search: that falls back to dateparser over every locale, half a second for each page with
    a malformed date (0.86 with it); Swedish dates in the text are our rules' anyway."""
    import trafilatura
    from trafilatura.utils import load_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        tree = load_html(html)
        if tree is None:
            return "", {"extractor": "trafilatura"}
        title, stated = tree_title(tree), parse_date(tree_published(tree) or "")
        try:
            meta = _page_metadata(tree, url, stated)
        except (ImportError, AttributeError, TypeError):
            # A trafilatura whose internals differ from 2.3's: its whole metadata pass.
            found = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
            meta = {k: getattr(found, k, None) for k in ("title", "author", "date", "sitename", "url")}
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, **TRAFILATURA_SETTINGS)
    except Exception:  # noqa: BLE001  (trafilatura fails on some broken pages: our code reads them)
        doc = None
    if doc is None:
        return "", {"extractor": "trafilatura"}
    text = _paragraphs(doc.text or "")
    hints = {"title": title or meta.get("title"), "published": stated or meta.get("date"), "author": meta.get("author"),
             "site_name": meta.get("sitename"), "url": meta.get("url"), "extractor": "trafilatura"}
    hints = {k: v for k, v in hints.items() if v}
    if "author" in hints:   # trafilatura keeps the byline's label: "Text Per Holm", "Av Anna Ek"
        hints["author"] = _BYLINE_LABEL.sub("", hints["author"]).strip() or None
    title = hints.get("title")
    # Keep the title in the text: offsets, NER and the title check all read it there.
    if title and text and title not in text[:len(title) + 400]:
        text = f"{title}\n\n{text}"
    return text, {k: v for k, v in hints.items() if v}


def _page_metadata(tree, url: str | None, stated: str | None) -> dict:
    """The parts of trafilatura's metadata we use, and only those: its reading of the meta tags and
    JSON-LD and its author search (the author measured better than ours), htmldate's date where the
    page states none in its markup, the site name and URL. trafilatura's own extract_metadata also
    reads titles (ours are used), categories, tags and the licence, and runs htmldate on every page:
    a quarter of the cleaner's time on trafilatura-eval. Same choices as extract_metadata."""
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    from kommunkollen.clean.author_search import find_author

    doc = examine_meta(tree)
    if doc.author and " " not in doc.author:      # a one-word author in a meta tag is a site's name
        doc.author = None
    try:
        doc = extract_meta_json(tree, doc)
    except Exception:  # noqa: BLE001  (trafilatura's JSON-LD reader fails on some pages)
        pass
    if not doc.author:
        doc.author = find_author(tree)
    doc.url = doc.url or extract_url(tree, url)
    if not stated:
        doc.date = find_date(tree, **{**set_date_params(extensive=False), "url": doc.url})
    doc.sitename = (doc.sitename or extract_sitename(tree) or "").lstrip("@") or None
    if not doc.sitename and doc.url:      # as extract_metadata: the host names the site ("ale.kommun.se")
        host = regex.match(r"https?://(?:www\.)?([^/:?#]+)", doc.url)
        doc.sitename = host[1] if host else None
    doc.clean_and_trim()
    return {k: getattr(doc, k) for k in ("title", "author", "date", "sitename", "url") if getattr(doc, k, None)}


# Where pages state their publication date: meta tags read by both routes.
PUBLISHED_META = ("article:published_time", "dcterms.created", "date", "DC.date", "publish-date", "pubdate")


def _json_ld_string(tree, key: str) -> str | None:
    """The first non-empty string under `key` in the page's JSON-LD items (a list, an @graph or one)."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (json.JSONDecodeError, TypeError):
            continue
        for item in data if isinstance(data, list) else (data.get("@graph", [data]) if isinstance(data, dict) else []):
            if isinstance(item, dict) and isinstance(item.get(key), str) and item[key].strip():
                return item[key].strip()
    return None


def _meta_content(tree, names) -> str | None:
    """The content of the first of these meta tags (by property or name) that has one."""
    for name in names:
        found = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
        if found and found[0].strip():
            return found[0].strip()
    return None


def tree_published(tree) -> str | None:
    """The publication date a page states in JSON-LD (datePublished) or a meta tag, as
    _metadata_hints reads it, from an lxml tree."""
    return _json_ld_string(tree, "datePublished") or _meta_content(tree, PUBLISHED_META)


def tree_title(tree) -> str | None:
    """The page title as _metadata_hints finds it, from an lxml tree: the JSON-LD headline, the
    first <h1>, og:title or dcterms.title, the <title>."""
    h1 = tree.xpath("//h1")
    found = tree.xpath("//title")
    return (_json_ld_string(tree, "headline") or (" ".join(h1[0].text_content().split()) if h1 else None)
            or _meta_content(tree, ("og:title", "dcterms.title"))
            or (" ".join(found[0].text_content().split()) if found else None) or None)


def _our_text(html: str, url: str | None, sitevision: bool | None = None) -> tuple[str, dict]:
    """Our own route: Sitevision portlets, else <main>/<article>, else the body. `sitevision`:
    whether the caller already recognised the page's markup (None: look)."""
    root = parse_html(html)
    if root is None:
        return "", {"extractor": "body"}
    if tree_depth(root) > MAX_NESTING:
        return flat_text(html), {"extractor": "flat"}
    hints = _metadata_hints(root)
    title = hints.get("title")
    for tag in _elements(root, *DROP_TAGS):
        _drop(tag)
    for tag in _elements(root, *PAGE_FRAME_TAGS):
        if not _in_article(tag):
            _drop(tag)
    if sitevision or (sitevision is None and is_sitevision(root)):
        text, route = _sitevision_text(root), "sitevision"
    else:
        for tag in _elements(root):
            if _is_chrome(tag):
                _drop(tag)
        container = _single_container(root)
        text, route = (_dom_text(container), "container") if container is not None else ("", "")
        if not text:
            text, route = _dom_text(_body(root)), "body"
    # Keep the title in the text: offsets, NER and the title check all read it there.
    if title and title not in text[:len(title) + 400]:
        text = f"{title}\n\n{text}"
    hints["extractor"] = route
    return text, hints
