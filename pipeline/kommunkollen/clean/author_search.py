"""trafilatura's author search (`trafilatura.metadata.extract_author`): the same answer at a
fraction of the cost.

extract_author copies the whole page, prunes comment, date and figure sections from the copy
and runs three XPath searches whose EXSLT regular expressions call back into Python for every
element of the page: 7-9 ms a page on trafilatura-eval, a quarter of the HTML cleaner's time.
Here the page's attribute values, read as plain strings, say which of the substrings the three
can match occur at all; one native XPath of those substring tests finds the few candidate
elements (everything the three can select, and a little more); trafilatura's own conditions are then tested
on those alone, in its order (expression by expression, each in document order), a candidate
is passed over where the pruning would have removed it, and only the chosen candidate's own
subtree is copied and pruned to read its text. The pruning conditions look at an element's
tag and attributes alone, so pruning a subtree and pruning the page agree on it.

This holds for the xpaths it was written against (trafilatura 2.3), checked by their text
when first used; with any other text, extract_author itself runs.
"""
from __future__ import annotations

import hashlib
from copy import deepcopy
from functools import cache, lru_cache

import regex

# Everything trafilatura 2.3's AUTHOR_XPATHS can select has one of these substrings in one of
# these attributes ("uthor" covers author, Author, authorName, author-name), or is an <author>
# element, or has a child <rel> (the xpaths' `rel='me'`, a child test; such a page goes to
# extract_author). XPath's contains() over every element is itself slow (0.3 ms a substring on an
# average page), so the attribute values are read first, as plain strings, and only the
# substrings that occur in them are tested element by element. (A substring whose every
# occurrence overlaps another's match is not seen, but an element holding it holds the other,
# which is tested.)
NEEDLES = {
    "class": ("uthor", "byl", "BBL", "Byline", "username", "screenname", "writer", "channel-name", "zuozhe",
              "bianji", "xiaobian", "submitted-by", "posted-by", "journalist-name"),
    "id": ("uthor", "zuozhe", "bianji", "xiaobian"),
    "itemprop": ("author",),
    "rel": ("author",),
    "data-testid": ("AuthorCard", "AuthorURL"),
    "data-component": ("Byline",),
}
# sha256 of trafilatura 2.3's AUTHOR_XPATHS and AUTHOR_DISCARD_XPATHS paths, joined by NUL.
_KNOWN_XPATHS = "25bd9dc701d833cf3cf1eccf12c4f97299053490f81b81f498fa621ab0b3719a"
_FROM_ROOT = regex.compile(r"(^\s*|\|\s*)\.?//")


def _paths(xpaths) -> list[str]:
    return [x.path for x in xpaths]


def xpaths_digest() -> str:
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    return hashlib.sha256("\0".join(_paths(AUTHOR_XPATHS) + _paths(AUTHOR_DISCARD_XPATHS)).encode()).hexdigest()


@cache
def _compiled():
    """(readers of the attribute values, the substrings to look for in each, the <author> and
    <rel> elements, trafilatura's conditions as tests of one element, the pruning as a test of
    an element and its ancestors), or None where trafilatura's xpaths are not those we know."""
    from lxml.etree import XPath
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    if xpaths_digest() != _KNOWN_XPATHS:
        return None
    namespaces = {"re": "http://exslt.org/regular-expressions"}
    own = [XPath(_FROM_ROOT.sub(r"\1self::", path), namespaces=namespaces) for path in _paths(AUTHOR_XPATHS)]
    pruned = XPath(" | ".join(_FROM_ROOT.sub(r"\1ancestor-or-self::", path)
                              for path in _paths(AUTHOR_DISCARD_XPATHS)), namespaces=namespaces)
    values = {name: XPath(f"//@{name}", smart_strings=False) for name in NEEDLES}
    patterns = {name: regex.compile("|".join(map(regex.escape, needles))) for name, needles in NEEDLES.items()}
    return values, patterns, XPath("//author | //rel"), own, pruned


@lru_cache(maxsize=512)
def _candidates_xpath(tests: tuple[tuple[str, str], ...], author_elements: bool):
    from lxml.etree import XPath

    found = " or ".join(f"contains(@{name}, '{needle}')" for name, needle in tests)
    return XPath(" | ".join((["//author"] if author_elements else []) + ([f"//*[{found}]"] if found else [])))


def find_author(tree) -> str | None:
    """What `trafilatura.metadata.extract_author(tree)` returns, without walking the page with it."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.metadata import extract_author, normalize_authors
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    compiled = _compiled()
    if compiled is None:
        return extract_author(tree)
    values, patterns, tags, own, pruned = compiled
    tests = tuple(sorted({(name, needle) for name, read in values.items()
                          for needle in patterns[name].findall("\n".join(read(tree)))}))
    special = tags(tree)
    if any(t.tag == "rel" for t in special):
        return extract_author(tree)
    if not tests and not special:
        return None
    candidates = _candidates_xpath(tests, bool(special))(tree)
    for condition in own:   # extract_metainfo: expression by expression, the first fitting text
        for element in candidates:
            if not condition(element) or pruned(element):
                continue
            text = trim(" ".join(prune_unwanted_nodes(deepcopy(element), AUTHOR_DISCARD_XPATHS).itertext()))
            if text and 2 < len(text) < 120:
                return normalize_authors(None, text)
    return None
