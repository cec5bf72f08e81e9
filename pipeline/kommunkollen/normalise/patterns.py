"""Normalisation data: municipal abbreviations and the inflections of body names."""

from kommunkollen.nlp.patterns import BODY_ABBREVIATIONS  # noqa: F401  (one list, read by both stages)

# Genitive and indefinite endings of body heads, to their definite nominative form.
HEAD_FORMS = (
    ("nämndens", "nämnden"), ("nämnds", "nämnden"), ("nämnd", "nämnden"),
    ("styrelsens", "styrelsen"), ("styrelse", "styrelsen"),
    ("förvaltningens", "förvaltningen"), ("förvaltning", "förvaltningen"),
    ("kontorets", "kontoret"), ("kontor", "kontoret"),
    ("enhetens", "enheten"), ("enhet", "enheten"),
    ("avdelningens", "avdelningen"), ("avdelning", "avdelningen"),
    ("utskottets", "utskottet"), ("utskott", "utskottet"),
    ("fullmäktiges", "fullmäktige"), ("sektorns", "sektorn"), ("ledningens", "ledningen"),
    ("kommuns", "kommun"),
)

# Short forms that, in a municipality's own documents, mean its body.
SHORT_FORMS = {"fullmäktige": "kommunfullmäktige", "kommunledningen": "kommunledningen"}
