"""Normalisation data: municipal abbreviations and the inflections of body names."""

# Common abbreviations of municipal bodies, resolved only when the document
# itself uses the abbreviation (alone or in parentheses).
BODY_ABBREVIATIONS = {
    "KS": "kommunstyrelsen", "KF": "kommunfullmäktige", "KSAU": "kommunstyrelsens arbetsutskott",
    "BUN": "barn- och utbildningsnämnden", "SN": "socialnämnden", "UN": "utbildningsnämnden",
    "UBN": "utbildningsnämnden", "KFN": "kultur- och fritidsnämnden", "KoF": "kultur- och fritidsnämnden",
    "MBN": "miljö- och byggnadsnämnden", "BN": "byggnadsnämnden", "MN": "miljönämnden",
    "TN": "tekniska nämnden", "VON": "vård- och omsorgsnämnden", "ÄN": "äldrenämnden",
    "ÖFN": "överförmyndarnämnden", "SBN": "samhällsbyggnadsnämnden", "VN": "valnämnden",
    "KSF": "kommunstyrelseförvaltningen", "KLK": "kommunledningskontoret",
}

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
