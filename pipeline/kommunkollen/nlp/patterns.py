"""The municipal layer's rules, as data: body suffixes, unit words, aliases.

Shapes of Swedish public-sector names, not names from any one document.
"""

# Compound heads of municipal bodies and units, definite or genitive forms.
BODY_HEADS = (
    r"nämnd(?:en|ens|s)?", r"styrelse(?:n|ns)?", r"förvaltning(?:en|ens)?", r"kontor(?:et|ets)?",
    r"enhet(?:en|ens)?", r"avdelning(?:en|ens)?", r"fullmäktige(?:s)?", r"utskott(?:et|ets)?",
    r"sektor(?:n|ns)?", r"ledning(?:en|ens)", r"sekretariat(?:et|ets)?", r"center(?:t|ts)?",
    r"verk(?:et|ets)", r"revision(?:en|ens)",
)
# A compound must have a real first part ("utbildnings-", "kommun-"); these alone are generic.
GENERIC_HEADS = {"nämnden", "nämnd", "styrelsen", "förvaltningen", "förvaltning", "kontoret", "enheten",
                 "avdelningen", "sektorn", "sektor", "ledningen", "center", "centret", "verket", "revisionen",
                 "enhet", "avdelning", "kontor", "styrelse", "utskottet", "utskott", "sekretariatet",
                 "regionen"}
# Compounds with a body's head that are not bodies: networks, frameworks, pipes, malls.
NON_BODY_WORDS = {"nätverket", "nätverk", "regelverket", "ramverket", "hantverket", "kraftverket", "verket",
                  "vattenledningen", "elledningen", "ledningen", "köpcentret", "köpcenter", "stadscentret",
                  "hemkontoret", "hemkontor", "mötescenter", "kundcenter", "datacenter", "ombudsenheten"}
# Nouns made from adjectives in -en with -het ("lägenhet", "erfarenhet", "befogenhet",
# "öppenhet") end like a unit ("-enhet") but are not one.
NOT_A_UNIT = r"(?:öpp|vet|läg|mög|mog|vak|näg|far|fog|trog|bund|skaff|lägs|eg)enhet(?:en|ens|er|erna)?$"

# A body in the genitive and the organs of its own it names ("kommunstyrelsens arbetsutskott",
# "kommunfullmäktiges presidium", "socialnämndens förvaltning", "kommunstyrelsens ledningsgrupp").
BODY_GENITIVES = r"styrelsens|fullmäktiges|nämndens"
ORGAN_HEADS = (r"(?:utskott|presidi|förvaltning|kansli|kommitt[ée]|grupp|beredning|stab|råd|sekretariat)"
               r"(?:et|ets|en|ens|er|erna|um|ums|n|ns|s)?")
# Words ending like an organ that are no organ ("samråd", "förråd", "underskott").
NOT_AN_ORGAN = r"samråd\p{L}*|förråd\p{L}*|överskott\p{L}*|underskott\p{L}*|målgrupp\p{L}*"

# Bodies named without a compound head.
STANDALONE_BODIES = (r"fullmäktige", r"kommunfullmäktige", r"regionfullmäktige", r"kommunstyrelsen",
                     r"kommunledningen", r"kontaktcenter", r"medborgarcenter", r"servicecenter",
                     r"överförmyndaren", r"kommunrevisionen", r"valnämnden")

# Agencies known by a short form in running text.
AGENCY_ALIASES = {
    "Polisen": "Polismyndigheten", "Länsstyrelsen": "Länsstyrelsen", "Kronofogden": "Kronofogdemyndigheten",
    "Migrationsverket": "Migrationsverket", "Regeringen": "Regeringskansliet", "Regeringskansliet":
    "Regeringskansliet", "Riksdagen": "Sveriges riksdag", "IVO": "Inspektionen för vård och omsorg",
    "MSB": "Myndigheten för samhällsskydd och beredskap", "SCB": "Statistiska centralbyrån",
    "Skolinspektionen": "Statens skolinspektion", "Trafikverket": "Trafikverket",
}

# Associations and other bodies of the municipal sector.
ASSOCIATIONS = {
    "SKR": "Sveriges Kommuner och Regioner", "Sveriges Kommuner och Regioner": "Sveriges Kommuner och Regioner",
    "SKL": "Sveriges Kommuner och Landsting", "Sveriges Kommuner och Landsting": "Sveriges Kommuner och Landsting",
    "Kommuninvest": "Kommuninvest", "Svenska kyrkan": "Svenska kyrkan", "Röda korset": "Röda korset",
    "Rädda barnen": "Rädda barnen", "Riksidrottsförbundet": "Riksidrottsförbundet",
}
ASSOCIATION_HEADS = (r"förening(?:en|ens)?", r"förbund(?:et|ets)?", r"föreningar(?:na)?", r"stiftelse(?:n|ns)?")

# Lower-case heads after a proper name that make the words an association's name: "Stjärnby
# hembygdsförening", "Norrby vävstugan", "Ås idrottsklubb", "Söderby Hembygdsgille", "Ås kyrkokör".
NAMED_ASSOCIATION_HEADS = (r"\p{L}*(?:förening|gille|sällskap|klubb|förbund|vävstuga|bygdegård|orkester|scoutkår|"
                           r"församling)(?:en|et|n|t|s)?|\p{L}+kör(?:en|et)?")   # "kyrkokör", never the verb "kör"

COMPANY_SUFFIXES = r"AB|HB|KB|Aktiebolag|AB \(publ\)|Ltd|Oy|AS|A/S|GmbH|Inc\.?"

# Adjectives that name a body with a generic head: "tekniska nämnden", "sociala utskottet".
BODY_ADJECTIVES = r"tekniska|sociala|gemensamma|kommunala|regionala|politiska"
# Clubs and societies: "IFK Skövde", "Skövde Innebandyklubb", "Föreningen Kulturhuset".
CLUB_PREFIXES = r"IFK|IK|IF|BK|FK|FF|SK|GIF|AIK|HK|BS|KFUM|KFUK"
CLUB_HEADS = r"klubb(?:en)?|sällskap(?:et)?|idrottsförening(?:en)?|förening(?:en)?|förbund(?:et)?|IF|IK|BK|FF"
# News media: "Vänersborgsbladet", "Lidköpingsnytt.nu", "Kuriren".
MEDIA_HEADS = r"bladet|posten|tidningen|kuriren|nytt|allehanda|tidning|nyheter|kuriren"
# Media known by a bare name, often with a local edition: "Allehanda Härnösand", "Kuriren Luleå".
MEDIA_NAMES = r"Allehanda|Kuriren|Nyheterna|Lokaltidningen|Tidningen|Mitti"

# Street-address heads: "Skaragatan 8", "Storgatan 12 B".
STREET_HEADS = r"gatan|vägen|gränd|gränden|torget|stigen|allén|backen|plan|leden|esplanaden|promenaden|kajen"

# Party names with their inflections; abbreviations come from the gazetteer.
PARTY_FORMS = r"(?P<party>{names})(?:s)?"
PARTY_ABBREVIATIONS = ("S", "M", "C", "KD", "L", "MP", "V", "SD", "FP")

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


# Titles the NER sometimes takes into a person's name ("professor Göran Ek"): not part of it.
# Labels of protokoll layout that the NER runs into names when a signature block or attendance
# list is flattened to one line ("Sekreterare Anna Ek Ordförande Per Holm"): where they stand, one
# name ends and the next begins.
LIST_LABELS = frozenset({
    "sekreterare", "justerare", "justerande", "ordförande", "ersättare", "ledamot", "ledamöter", "underskrifter",
    "underskrift", "närvarande", "beslutande", "paragrafer", "utses", "övriga", "tjänstemän", "protokollförare",
})

PERSON_TITLES = frozenset({
    "professor", "docent", "doktor", "dr", "fru", "herr", "fröken", "direktör", "vd", "biskop", "kyrkoherde",
    "kung", "kungen", "drottning", "drottningen", "prins", "prinsessan", "president", "presidenten",
    "minister", "ministern", "statsminister", "statsministern", "statsrådet", "kommunalrådet", "kommunalråd",
    "oppositionsrådet", "ordförande", "ordföranden", "rektor", "överläkare", "läkaren", "chefen", "kapten",
    "general", "generalen", "pastor", "landshövding", "landshövdingen", "riksdagsledamoten", "ledamoten",
})
