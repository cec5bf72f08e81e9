"""Organisational changes: type, status, object, from, to, evidence."""
from __future__ import annotations

import pytest

from kommunkollen.extractors.org_changes import extract_org_changes
from kommunkollen.nlp.components import find_mentions


def changes(text, title=None):
    sentences, start = [], 0
    for line in text.split("\n"):
        for part in __import__("regex").finditer(r"[^.!?]+[.!?]?", line):
            if part.group().strip():
                sentences.append((start + part.start(), start + part.end()))
        start += len(line) + 1
    orgs = [m for m in find_mentions(text) if m["label"] == "ORG"]
    return list(extract_org_changes(text, sentences, orgs, title))


@pytest.mark.parametrize("text, ctype, status, frm, to", [
    ("Kommunstyrelsen föreslår att miljönämnden och byggnadsnämnden slås samman till en ny nämnd.", "merge",
     "proposed", "miljönämnden; byggnadsnämnden", "nämnd"),
    ("Fullmäktige beslutade att ansvaret för färdtjänsten överförs från socialnämnden till tekniska nämnden.",
     "transfer", "decided", "socialnämnden", "tekniska nämnden"),
    ("Överväg om ansvaret bör flyttas till utbildningsnämnden.", "transfer", "considered", None, "utbildningsnämnden"),
    ("Fritidsgården i Väster läggs ned vid årsskiftet.", "abolish", None, None, None),
    ("Arbetsmarknadsenheten byter namn till Jobbcentrum.", "rename", None, "Arbetsmarknadsenheten", "Jobbcentrum"),
    ("En ny tjänst som inkluderingskoordinator har inrättats.", "create", "implemented", None, None),
    ("Förslaget innebär en bodelning av nuvarande Kultur & Fritid.", "split", "proposed",
     "Kultur & Fritid", None),
    ("Kommunen har numera en samlad bostadsorganisation.", "create", "implemented", None, None),
    ("Planeringsenheten ska flyttas till förvaltningens stab.", "transfer", "planned", None, "förvaltningens stab"),
])
def test_org_changes_types_statuses_from_to(text, ctype, status, frm, to):
    found = changes(text)
    assert [c["type"] for c in found] == [ctype]
    c = found[0]
    if status:
        assert c["status"] == status
    assert (c["from"], c["to"]) == (frm, to)
    assert c["evidence"] == text and text[c["start"]:c["end"]] == c["evidence"]


def test_org_changes_list_items_take_the_status_of_their_introduction():
    text = "Rapporten föreslår flera förändringar.\nI korthet:\n• Enheten flyttas till kommunledningen.\n• En samordnare inrättas."
    found = changes(text)
    assert [(c["type"], c["status"]) for c in found] == [("transfer", "proposed"), ("create", "proposed")]


@pytest.mark.parametrize("text", [
    "Genom förändringen har vi skapat förutsättningar för bättre stöd.",   # a figure of speech
    "Vi flyttade in i nya lokaler och trivs.",                              # not an organisational change
    "Bussen stannar vid torget.",
])
def test_org_changes_not_changes(text):
    assert changes(text) == []


def test_org_changes_headline_is_not_counted():
    assert changes("Enheten flyttas till kommunledningen", title="Enheten flyttas till kommunledningen") == []
