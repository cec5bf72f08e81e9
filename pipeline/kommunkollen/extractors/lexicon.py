"""Swedish lexicons of the extractors, as data: one place each."""

# Money: unit words and their multipliers in kronor (or in the currency's main unit).
MONEY_MULTIPLIERS = {
    "miljarder": 1e9, "miljard": 1e9, "mdr": 1e9, "mdkr": 1e9, "md kr": 1e9, "mdkronor": 1e9,
    "miljoner": 1e6, "miljon": 1e6, "milj.": 1e6, "milj": 1e6, "mnkr": 1e6, "mkr": 1e6, "mn": 1e6,
    "msek": 1e6, "mln": 1e6, "tusen": 1e3, "tkr": 1e3, "ksek": 1e3, "tsek": 1e3, "öre": 0.01,
}
# Words that make "105 miljoner" money without a currency word: the sentence or its neighbours
# speak of money (extractors/amounts.py, bare millions).
MONEY_CONTEXT = (r"kron\w*|kr\b|sek\b|mnkr|mkr|tkr|budget\w*|kost\w*|spar\w*|besparing\w*|investering\w*|"
                 r"investera\w*|underskott\w*|överskott\w*|resultat\w*|anslag\w*|bidrag\w*|pengar\w*|medel\b|"
                 r"ram(?:en|ar|arna)?\b|finansier\w*|intäkt\w*|skatt\w*|lån\w*|miljonerna|ersättning\w*|minus|plus")
# Nouns that make "3 miljoner" a count, not money: "3 miljoner besökare", "2 miljoner ton".
NOT_MONEY_AFTER = (r"människor|invånare|besökare|resenärer|personer|ton|liter|kubikmeter|kilometer|km|kwh|mwh|gwh|"
                   r"kvadratmeter|år|exemplar|visningar|träffar|sidvisningar|djur|träd")
# Units that carry both the multiplier and the currency.
MONEY_COMPOUND_UNITS = {"mnkr": "SEK", "mkr": "SEK", "mdkr": "SEK", "tkr": "SEK", "msek": "SEK", "ksek": "SEK",
                        "tsek": "SEK", "öre": "SEK"}
CURRENCIES = {
    "kr": "SEK", "kr.": "SEK", "kronor": "SEK", "krona": "SEK", "sek": "SEK", ":-": "SEK",
    "euro": "EUR", "eur": "EUR", "€": "EUR", "dollar": "USD", "usd": "USD", "$": "USD",
    "norska kronor": "NOK", "nok": "NOK", "danska kronor": "DKK", "dkk": "DKK", "pund": "GBP", "gbp": "GBP",
}
PERIOD_CUES = (
    ("year", r"per år|om året|i året|/år|årligen|per kalenderår|årsvis|\bårlig[at]?\b|årsbudget"),
    ("month", r"per månad|i månaden|/mån(?:ad)?|månatligen|månadsvis"),
    ("week", r"per vecka|i veckan|/vecka|veckovis"),
    ("day", r"per dag|per dygn|/dygn|/dag|om dagen|dagligen"),
)
# Nouns of money that runs per year: an amount in a clause with one of them is annual (period "year")
# when nothing else says otherwise: budget frames, grants for operations, rents, salaries.
ANNUAL_NOUNS = (r"budgetram\w*|ram(?:en|ar|arna)?|årsbudget\w*|driftbudget\w*|driftram\w*|verksamhetsbidrag\w*|"
                r"driftbidrag\w*|driftstöd\w*|föreningsbidrag\w*|lokalbidrag\w*|årshyr\w*|hyr(?:a|an|or)|"
                r"årskostnad\w*|lön(?:en|er|erna)?|årslön\w*|anslag(?:et)?|budget(?:en)?|index(?:uppräkning\w*)?|"
                r"nettokostnad\w*|kommunbidrag\w*")
# Phrases that tie money to a budget year: "budget 2024", "tilläggsanslag 2020", "inför 2018",
# "för år 2020". The year most of them name is the document's budget year (extractors/amounts.py).
BUDGET_YEAR_CUES = (r"\w*budget\w*|\w*anslag\w*|\w*bidrag\w*|budgetram\w*|ram(?:en|ar|arna)|"
                    r"verksamhetsår(?:et)?|budgetår(?:et)?|inför|för(?:\s+år)?|räkenskapsår(?:et)?")
ALLOCATION_VERBS = (r"tilldelas|beviljas|får|erhåller|tillförs|anvisas|budgeteras|avsätts till|ges|fick|beviljades|"
                    r"tilldelades|har fått|har beviljats|har tilldelats|har erhållit|erhöll")
# Totals and their parts (extractors/amounts.py, link_totals). Words just before an amount that make
# it a part of an earlier amount ("varav 2 mnkr till ..."), words just before an amount that make it
# the sum of the amounts before it ("totalt 1,5 miljoner"), and words in an amount's sentence that make
# it a frame later allocated to recipients ("avsätta 1,8 miljoner ... att fördela").
PART_CUES = r"varav|därav|av dessa|av detta|av vilka|av vilket|av beloppet|av summan|av ramen|av potten|inklusive"
TOTAL_CUES = r"totalt|sammanlagt|sammantaget|summa|totalsumma|totalbelopp|tillsammans|i alla|tot\."
FRAME_CUES = (r"avsätt\w*|avsatt\w*|fördela\w*|fördelning\w*|ram(?:en|ar|arna)?|budget\w*|pott(?:en)?|anslag\w*|"
              r"totalt|sammanlagt|medel(?:en)?|reserver\w*|öronmärk\w*")

# Counts: nouns for counted people, places and units (heads of compounds count too).
# Heads of nominals that can receive money (extractors/amounts.py): bodies, units, associations,
# companies, groups of people; compounds end in them ("idrottsföreningar", "socialnämnden").
RECEIVER_HEADS = ("nämnd|styrelse|förvaltning|kontor|enhet|avdelning|utskott|sektor|förening|förbund|bolag|företag|"
                  "stiftelse|kommun|region|myndighet|verk|skola|förskola|klubb|organisation|församling|kår|"
                  "person|barn|elev|familj|hushåll|brukare|medborgare|invånare|anställd|medarbetare|hemlös|äldre|"
                  "pensionär|ungdom|student|deltagare|sökande|mottagare|part|aktör|arrangör|utförare|entreprenör")

COUNT_NOUNS = (
    "personer", "person", "barn", "ungdomar", "unga", "elever", "studenter", "deltagare", "invånare",
    "medborgare", "anställda", "medarbetare", "tjänstemän", "konsulter", "chefer", "lärare", "handläggare",
    "familjer", "hushåll", "flyktingar", "nyanlända", "asylsökande", "ensamkommande", "kvinnor", "män",
    "pojkar", "flickor", "patienter", "brukare", "boende", "pensionärer", "äldre", "sökande", "ledamöter",
    "ersättare", "politiker", "platser", "bostäder", "lägenheter", "boenden", "bostadsrätter", "villor",
    "hyresrätter", "sängar", "vårdplatser", "förskolor", "skolor", "avdelningar", "enheter", "förvaltningar",
    "nämnder", "kommuner", "regioner", "bolag", "företag", "föreningar", "organisationer", "tjänster",
    "heltidstjänster", "årsarbetare", "årsarbeten", "befattningar", "jobb", "arbetstillfällen", "praktikplatser",
    "sektorer", "verksamheter", "anläggningar", "besökare", "deltagare", "kunder", "resenärer", "patienter", "byggnader", "fastigheter", "tomter", "kontor", "stationer",
    "fordon", "bilar", "bussar", "arbetsgrupper", "grupper", "team", "projekt", "klasser", "barngrupper",
    "organisationer", "mandat", "ledamöter", "styrelser", "utskott",
)
# Words that make a number approximate.
APPROX_WORDS = (r"drygt|cirka|ca\.?|c:a|omkring|runt|ungefär|nästan|knappt|över|närmare|uppemot|"
                r"mer än|fler än|mindre än|färre än|upp till|kring|minst|högst|bortåt")

# Role nouns: titles that may stand before or after a person's name.
ROLE_WORDS = (
    "ordförande", "vice ordförande", "förste vice ordförande", "andre vice ordförande", "kommunalråd",
    "oppositionsråd", "regionråd", "ledamot", "ersättare", "kommundirektör", "kommunchef", "förvaltningschef",
    "sektorchef", "avdelningschef", "enhetschef", "verksamhetschef", "chef", "direktör", "handläggare",
    "samordnare", "integrationssamordnare", "utvecklingsledare", "projektledare", "kontaktperson",
    "sekreterare", "nämndsekreterare", "controller", "ekonom", "utredare", "strateg", "koordinator",
    "rektor", "minister", "statsråd", "generaldirektör", "landshövding", "talesperson", "gruppledare",
    "presschef", "kommunikatör", "praktikant", "konsult", "författare", "skribent", "fotograf", "reporter",
    "revisor", "näringslivschef", "stadsbyggnadschef", "socialchef", "skolchef", "ekonomichef", "personalchef",
    "justerare", "sekreterare", "biträdande", "tf", "t.f.", "vd", "VD",
)
# Heads of role nouns: a word that is one of them or a compound ending in one ("planarkitekt",
# "kf-ordförande", "IT-strateg", definite "förvaltningschefen") names a role (extractors/roles.py).
ROLE_HEADS = (
    "ordförande", "ledamot", "ersättare", "chef", "direktör", "sekreterare", "samordnare", "handläggare",
    "strateg", "ekonom", "controller", "rektor", "lärare", "jurist", "arkitekt", "assistent", "utredare",
    "ingenjör", "inspektör", "konsult", "koordinator", "ledare", "ansvarig", "revisor", "fotograf", "reporter",
    "redaktör", "journalist", "skribent", "författare", "kommunikatör", "talesperson", "minister",
    "hövding", "kurator", "pedagog", "sjuksköterska", "läkare", "psykolog", "ombudsman", "notarie",
    "registrator", "arkivarie", "bibliotekarie", "planerare", "analytiker", "specialist", "expert",
    "praktikant", "justerare", "kontaktperson", "vd", "talman", "borgmästare", "sakkunnig", "rådgivare",
    "främjare", "biträde", "medarbetare", "tjänsteman", "förvaltare", "intendent", "föreståndare",
    "överförmyndare", "gruppledare", "kassör", "diakon", "präst", "rådman", "utgivare", "moderator",
)
# Roles ending in -råd are listed whole: "samråd", "förråd" and "elevråd" are not people.
ROLE_WORDS_WHOLE = ("kommunalråd", "oppositionsråd", "regionråd", "statsråd", "landstingsråd", "borgarråd",
                    "kommunråd", "skolråd")
# Compounds on a role head that are not roles.
NOT_ROLES = ("invånare", "medborgare", "företagare", "ägare", "väljare",
             "läsare", "brukare", "deltagare", "sökande", "lokalchef")
# Abbreviations of roles in lists and signature blocks.
ROLE_ABBREVIATIONS = {"ordf": "ordförande", "ordf.": "ordförande", "v. ordf.": "vice ordförande",
                      "bitr.": "bitr.", "tf": "tf", "t f": "t f", "t.f.": "t.f.", "vd": "VD"}
# Words that qualify a role before its head ("förste vice ordförande", "biträdande rektor").
ROLE_MODIFIERS = ("vice", "förste", "andre", "tredje", "1:e", "2:e", "3:e", "1:a", "2:a", "biträdande", "bitr.",
                  "tf", "t.f.", "t f", "tillförordnad", "tillförordnade", "ställföreträdande", "ordinarie",
                  "observerande", "tjänstgörande", "avgående", "tillträdande", "nyvalda", "nyvalde", "förra",
                  "förre", "tidigare", "nye", "nya", "ny", "nytt", "nyvald", "nyvalda", "nyanställd", "nyutnämnd",
                  "blivande", "ansvarig", "ansvariga", "politisk", "politiska", "ekonomisk", "ekonomiska")
# Party letters in attendance lists and signatures, in any case: "(s)", ", S,", "Anna Ek, m".
PARTY_LETTERS = ("s", "m", "c", "kd", "l", "mp", "v", "sd", "fp", "fi", "båp", "bp")
# Headings of attendance lists and signature blocks (on their own line or inline, capitalised,
# in a PDF transcript): the people listed under them hold that role (None: no role of its own).
ATTENDANCE_HEADINGS = (
    (r"Beslutande(?:\s+ledamöter)?|(?:Närvarande|Kallade|Ordinarie)\s+ledamöter|Ledamöter", "ledamot"),
    (r"Tjänstgörande\s+ersättare", "tjänstgörande ersättare"),
    (r"(?:Icke\s+tjänstgörande\s+|Närvarande\s+)?Ersättare", "ersättare"),
    (r"Utses\s+att\s+justera|Justerare|Justerande", "justerare"),
    (r"Övriga\s+(?:närvarande|deltagande|deltagare|kallade)|För\s+kännedom|Frånvarande", None),
)

# Activities that name a role: "gör sin praktik" -> praktikant.
ROLE_CUES = (
    (r"(?:gör|göra|gjorde|påbörjar|påbörjade|börjar|började)\s+(?:sin\s+)?praktik", "praktikant"),
    (r"(?:skriver|skrev)\s+(?:sitt\s+)?examensarbete", "examensarbetare"),
    (r"(?:gör|göra|gjorde)\s+(?:sin\s+)?(?:sommarjobb|feriearbete)", "feriearbetare"),
)
