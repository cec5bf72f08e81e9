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

import regex
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

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


def is_sitevision(soup: BeautifulSoup) -> bool:
    generator = soup.find("meta", attrs={"name": "generator"})
    if generator and "sitevision" in (generator.get("content") or "").lower():
        return True
    return soup.find(class_=regex.compile(r"^sv-text-portlet$")) is not None


def _in_article(tag: Tag) -> bool:
    return tag.find_parent(["article", "main"]) is not None


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
    # Every <meta> once, by property and by name (a find per name walked the page a dozen times).
    contents: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = (tag.get("content") or "").strip()
        if content:
            for key in (tag.get("property"), tag.get("name")):
                if key:
                    contents.setdefault(key, content)

    def meta(*names):
        return next((contents[n] for n in names if n in contents), None)

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
    hints.setdefault("published", meta(*PUBLISHED_META))
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


def _tidy(text: str) -> str:
    text = regex.sub(r"[ \t]+\n", "\n", text)
    text = regex.sub(r"\n[ \t]+", "\n", text)
    return regex.sub(r"\n{3,}", "\n\n", text).strip()


def _dom_text(node: Tag) -> str:
    parts: list[str] = []
    _render(node, parts)
    return _tidy("".join(parts))


def _classes(tag: Tag) -> str:
    return " ".join(tag.get("class") or ())


def _sitevision_text(soup: BeautifulSoup) -> str:
    """The text portlets of a Sitevision page's content region, in order. (One walk over the tags,
    their classes tested as a string: bs4's class_ filter with a pattern tests every class of
    every tag through its matcher, the slowest step of this route.)"""
    for tag in [t for t in soup.find_all(class_=True) if "portlet" in (c := _classes(t)) and SV_CHROME_PORTLETS.search(c)]:
        if not tag.decomposed:
            tag.decompose()
    region = _main_container(soup)
    if any(_SV_TEXT_PORTLET.search(_classes(a)) for a in (region, *region.parents) if isinstance(a, Tag)):
        return _dom_text(region)      # the region is inside a text portlet: all of it is text
    # The outermost text portlets, in document order; each element is looked at once (an outer
    # portlet's descendants are marked before its inner portlets come up).
    portlets, inside = [], set()
    for t in region.find_all(class_=True):
        if id(t) in inside or not _SV_TEXT_PORTLET.search(_classes(t)):
            continue
        portlets.append(t)
        inside.update(id(d) for d in t.find_all(class_=True))
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


def _paragraph_chars(node: Tag) -> int:
    return sum(len(p.get_text(" ", strip=True)) for p in node.find_all("p"))


def _single_container(soup: BeautifulSoup) -> Tag | None:
    """<main>, the page's one <article>, or the smallest block around the <h1> that
    holds most of the page's paragraph text (news sites without semantic markup)."""
    articles = soup.find_all("article")
    if len(articles) == 1:
        return articles[0]
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main is not None:
        return main
    h1 = soup.find("h1")
    total = _paragraph_chars(soup)
    if h1 is None or not total:
        return None
    for ancestor in h1.parents:
        if ancestor.name in ("body", "html", "[document]"):
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


def tree_depth(node: Tag) -> int:
    """How many levels of elements `node` holds, walked without recursion."""
    deepest = 0
    stack = [(node, 0)]
    while stack:
        tag, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in tag.contents if isinstance(child, Tag))
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
            meta = _page_metadata(tree, html, url, stated)
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


# What trafilatura's author search (xpaths.AUTHOR_XPATHS) looks for in a page's markup: without
# any of these strings its xpaths cannot match, and the search (7 ms a page, EXSLT regexes over
# every element) is skipped. Kept in step with trafilatura 2.3's xpaths.
_AUTHOR_MARKUP = regex.compile(r"author|byl|bbl|username|screenname|writer|zuozhe|bianji|xiaobian|channel-name|"
                               r"submitted-by|posted-by|journalist-name|rel=[\"']?me\b", regex.I)


def _page_metadata(tree, html: str, url: str | None, stated: str | None) -> dict:
    """The parts of trafilatura's metadata we use, and only those: its reading of the meta tags and
    JSON-LD and its author search (the author measured better than ours), htmldate's date where the
    page states none in its markup, the site name and URL. trafilatura's own extract_metadata also
    reads titles (ours are used), categories, tags and the licence, and runs htmldate on every page:
    a quarter of the cleaner's time on trafilatura-eval. Same choices as extract_metadata."""
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    doc = examine_meta(tree)
    if doc.author and " " not in doc.author:      # a one-word author in a meta tag is a site's name
        doc.author = None
    try:
        doc = extract_meta_json(tree, doc)
    except Exception:  # noqa: BLE001  (trafilatura's JSON-LD reader fails on some pages)
        pass
    if not doc.author and _AUTHOR_MARKUP.search(html):
        doc.author = extract_author(tree)
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
    soup = BeautifulSoup(html, "lxml")
    if tree_depth(soup) > MAX_NESTING:
        return flat_text(html), {"extractor": "flat"}
    hints = _metadata_hints(soup)
    title = hints.get("title")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(PAGE_FRAME_TAGS):
        if not tag.decomposed and not _in_article(tag):
            tag.decompose()
    if sitevision or (sitevision is None and is_sitevision(soup)):
        text, route = _sitevision_text(soup), "sitevision"
    else:
        for tag in soup.find_all(True):
            if not tag.decomposed and _is_chrome(tag):
                tag.decompose()
        container = _single_container(soup)
        text, route = (_dom_text(container), "container") if container is not None else ("", "")
        if not text:
            text, route = _dom_text(soup.body or soup), "body"
    # Keep the title in the text: offsets, NER and the title check all read it there.
    if title and title not in text[:len(title) + 400]:
        text = f"{title}\n\n{text}"
    hints["extractor"] = route
    return text, hints
