"""find_author gives trafilatura's extract_author answer, page by page, without its page walk."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
from trafilatura.metadata import extract_author  # noqa: E402
from trafilatura.utils import load_html  # noqa: E402

from kommunkollen.clean import author_search  # noqa: E402
from kommunkollen.clean.author_search import find_author  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page(body: str) -> str:
    return f"<html><head><title>T</title></head><body><article><p>{'Text. ' * 40}</p>{body}</article></body></html>"


PAGES = {
    "no byline": page("<p>Inget namn här.</p>"),
    "class author": page('<p class="author">Anna Berg</p>'),
    "rel author link": page('<a rel="author" href="/a">Per Holm</a>'),
    "itemprop": page('<span itemprop="author name">Lena Ek</span>'),
    # the first expression's candidate wins over an earlier element the third one matches
    "expression order": page('<div class="writer-box">Karl Sund</div><span class="author">Eva Lind</span>'),
    # pruned: inside comments, so trafilatura's copy no longer has it; the next candidate counts
    "inside comments": page('<div class="comments"><span class="author">Kommentator</span></div>'
                            '<p class="byline">Av Sara Nyberg</p>'),
    # a <time> inside the byline goes from the text read
    "time inside byline": page('<p class="byline">Av Olle Berg<time>12 maj 2024</time></p>'),
    "too long": page(f'<p class="author">{"Mycket lång text " * 10}</p><span id="authorbox">Ida Ström</span>'),
    "author element": page("<author>Nils Åberg</author>"),
    "child rel": page("<div><rel>me</rel>Jonas Berg</div>"),
    "data-component": page('<div data-component="Byline">Maria Holm</div>'),
    # a substring inside another's match: "submitted-byline" holds both
    "overlap": page('<span class="submitted-byline">Anders Lund</span>'),
    "capital class": page('<div class="ArticleAuthorName">Tove Ek</div>'),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_find_author_equals_trafilatura(name):
    html = PAGES[name]
    assert find_author(load_html(html)) == extract_author(load_html(html))


def test_find_author_finds_the_bylines_it_should():
    assert find_author(load_html(PAGES["class author"])) == "Anna Berg"
    assert find_author(load_html(PAGES["no byline"])) is None
    assert find_author(load_html(PAGES["inside comments"])) == extract_author(load_html(PAGES["inside comments"]))
    assert "Kommentator" not in (find_author(load_html(PAGES["inside comments"])) or "")


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda p: p.name)
def test_find_author_equals_trafilatura_on_fixture_pages(path):
    html = path.read_text(encoding="utf-8")
    assert find_author(load_html(html)) == extract_author(load_html(html))


def test_unknown_trafilatura_xpaths_fall_back_to_extract_author(monkeypatch):
    """Another trafilatura's xpaths: the shortcut's superset no longer holds, so trafilatura runs."""
    author_search._compiled.cache_clear()
    monkeypatch.setattr(author_search, "_KNOWN_XPATHS", "0" * 64)
    calls = []
    import trafilatura.metadata

    real = trafilatura.metadata.extract_author
    monkeypatch.setattr(trafilatura.metadata, "extract_author", lambda tree: calls.append(1) or real(tree))
    try:
        assert find_author(load_html(PAGES["class author"])) == "Anna Berg"
        assert calls == [1]
    finally:
        author_search._compiled.cache_clear()
