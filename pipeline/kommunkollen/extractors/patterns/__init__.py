"""Trigger and status patterns of the organisational-change extractor, as data."""

# Change type -> verb phrases that state it (passive, active and noun forms).
CHANGE_TRIGGERS = {
    # Definite nouns ("Sammanslagningen ska spara ...") refer back to a change already stated: left out.
    "merge": r"slås (?:ihop|samman)|slogs (?:ihop|samman)|slagits (?:ihop|samman)|går samman|gick samman|"
             r"gått samman|bildar tillsammans|sammanslagning(?!en)|sammanförs|sammanfördes|läggs samman|"
             r"blir (?:en|ett) (?:gemensam |gemensamt |ny |nytt )?(?:bolag|förvaltning|nämnd|enhet|sektor|organisation)|"
             r"lades samman|slå (?:ihop|samman)|slås ihop|fusioneras|fusionerades|fusionerats|"
             r"samlas i (?:en|ett) (?:gemensam|gemensamt|ny|nytt)",
    "split": r"delas upp|delades upp|delats upp|bodelning(?!en)|klyvs|styckas|"
             r"(?:delas|delades|dela upp|dela)(?: \S+){0,3}? i (?:två|tre|fyra|flera)|att dela (?:upp )?\p{Ll}+(?:en|et)\b",
    "rename": r"byter (?:\S+ ){0,2}namn|bytte (?:\S+ ){0,2}namn|bytte namn|bytt namn|byta (?:\S+ ){0,2}namn|"
              r"(?:får|fick|fått) (?:det )?(?:nya )?namnet|döps om|döptes om|nytt namn|heter numera|heter nu|har bytt namn",
    "abolish": r"avvecklas|avvecklades|avvecklats|avveckla|(?:läggs|lades|lagts|läggas|lägga|lägger)(?: \S+){0,6}? (?:ned|ner)\b|"
               r"hotas av (?:nedläggning|stängning)|"
               r"upphör|"
               r"upphörde|stängs|stängdes|stängts|stänga|stänger|stängde|avskaffas|avskaffades|tas bort|togs bort",
    "transfer": r"flyttas(?: över)?|flyttades(?: över)?|flyttats(?: över)?|överförs|överfördes|överförts|"
                r"förs över|fördes över|överflyttas|tar över|tog över|tagit över|läggs (?:på|under)|"
                r"lades (?:på|under)|delegeras|delegerades|får (?:ett |det )?(?:ökat |utökat |samlat |övergripande )?"
                r"ansvar(?:et)?|flytta(?= ansvar)|ta(?:r|git)? tillbaka|tas tillbaka|tas? hem|tar hem|tagit hem|"
                r"(?:läggs|lades|lagts|läggas|lägga|lägger)(?: \S+){0,5}? ut på entreprenad|(?:läggs|lades|lagts|läggas|lägga|lägger) ut (?:\S+ ){1,5}?på entreprenad|upphandlas|flyttar(?= (?:\S+ ){0,3}?till\b)|"
                r"(?:ska|skall|kommer att|kan|bör|skulle) ingå i",
    "create": r"inrättas|inrättades|inrättats|inrättat|inrättade|inrättar|inrätta|bildat|bildar|bilda|startat|skapat|bildas|bildades|bildats|tillsätts|tillsattes|tillsatts|utses|"
              r"startas|startades|startats|skapas|skapades|etableras|etablerades|"
              r"en ny (?:nämnd|förvaltning|enhet|avdelning|sektor|funktion|tjänst|organisation)|"
              r"(?:numera (?:har|finns)|(?:har|finns) numera) (?:en|ett) (?:ny|nytt|samlad|samlat|gemensam|gemensamt|"
              r"egen|eget)",
}

# Nouns of change with their object after "av" ("avveckling av Björkhemmet och nedläggning av
# Ugglan", "samorganisering av kommunens växlar"); each occurrence is a change of its own.
# Definite forms ("nedläggningen av skolan") restate a change; one record per change and document
# is kept anyway (extractors/org_changes.py, same_change).
NOMINAL_TRIGGERS = {
    "abolish": r"avveckling(?:en)?|nedläggning(?:en)?|stängning(?:en)?|avskaffande(?:t)?|upphörande(?:t)?",
    "merge": r"sammanslagning(?:en)?|sammanläggning(?:en)?|samorganisering(?:en)?|sammanföring(?:en)?|samgående(?:t)?|"
             r"fusion(?:en)?",
    "create": r"inrättande(?:t)?|bildande(?:t)?|etablering(?:en)?",
    "transfer": r"överföring(?:en)?|överflyttning(?:en)?|övertagande(?:t)?",
    "split": r"uppdelning(?:en)?|delning(?:en)?",
}

# Nouns that make an active "skapat", "startat", "bildat" an organisational creation
# ("vi har skapat en ny enhet"), not a figure of speech ("vi har skapat förutsättningar").
UNIT_NOUNS = (r"nämnd|förvaltning|enhet|avdelning|sektor|funktion|tjänst|organisation|grupp|team|råd|center|"
              r"kontor|bolag|stiftelse|forum|mötesplats|samordnare|ledare|koordinator|chef|lots|verksamhet|"
              r"utskott|beredning|kommitté|projekt|mottagning|skola|boende|vårdcentral|bibliotek|fritidsgård|kök|"
              # a compound home ("HVB-hem", "behandlingshemmet"), not "hem" alone or "hemsida"
              r"(?<=[\p{L}-])hem(?:met|men)?(?![\p{L}])")

# The heads of what two or more units become together ("A och B blir en gemensam förvaltning"),
# as lemmas: bodies and organisations, not a place or an activity they come to share.
MERGED_UNIT_HEADS = (r"nämnd|förvaltning|enhet|avdelning|sektor|organisation|bolag|kontor|skola|förbund|kommun|"
                     r"region|stiftelse|förening|verksamhet|funktion|mottagning|kansli|utskott")

# Words that end like a unit noun and name none ("samråd" is a consultation, "förråd" a store).
NOT_UNIT_NOUNS = frozenset(("samråd", "förråd", "tillråd", "avråd", "överskott", "underskott", "lotteri"))

# A change stated in the present tense for a future time is planned: "Från den 1 januari
# delas förvaltningen", "läggs förskolan ned när den nya öppnar".
FUTURE_ANCHORS = (r"från (?:och med )?den \d{1,2} \p{L}+|från och med|när (?:den |det )?(?:\S+ ){0,3}?(?:öppnar|är klar|"
                  r"står klar|startar)|vid årsskiftet|nästa år|till (?:hösten|våren|sommaren|vintern)")

# A closure or move for a while, not a change to the organisation: "Biblioteket stänger klockan
# 16", "Simhallen stänger för renovering", "Eleverna flyttas till paviljonger under ombyggnaden".
TEMPORARY_CUES = (r"klockan|kl\.?\s*\d|tillfälligt|tillfällig|temporärt|för (?:renovering|ombyggnad|reparation|sommaren|julen|jul|"
                  r"jullov|sportlov|påsklov|höstlov|semester|helgen|dagen)|under (?:sommaren|julen|helgen|semestern|"
                  r"renoveringen|ombyggnaden|byggtiden|arbetet|arbetena|reparationen|lovet|evakueringen)|över (?:sommaren|julen|helgen)|"
                  r"på (?:måndagar|tisdagar|onsdagar|torsdagar|fredagar|lördagar|söndagar|helger|helgerna)|upphör att gälla|"
                  r"i väntan på|"
                  # a stated duration: "stängs av under två veckor", "stänger i tre månader"
                  r"(?:under|i)\s+(?:några|ett\s+par|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+)\s+"
                  r"(?:dagar|dag|veckor|vecka|månader|månad|timmar|timme)")
# (Read in the verb's own clause: "Kundtjänsten flyttar till stadshuset och har öppet klockan 8-16" moves.)

# Status -> cue words, in priority order (the first status whose cue occurs wins).
STATUS_CUES = (
    ("considered", r"överväg\w*|utreds|utreda|utreder|utredning(?:en)? (?:av|om)|ser över|bör|kan komma att|skulle kunna|diskuteras|undersöks|"
                   r"riskerar att|hotas av|hotad\w*"),
    ("proposed", r"föresl\w*|förslag\w*|föreslaget|förordar|rekommender\w*"),
    ("decided", r"beslutar|beslutade?|beslöt|beslutats|beslutat|fattade beslut|fattat beslut|klubbade|klubbat|"
                # a body's approval or adoption ("Fullmäktige godkände att ...", "har antagit planen")
                r"godkände|godkänt|(?:har|hade) godkänt|antog|(?:har|hade) antagit|fastställde|"
                r"väljer (?:\S+ )?att|valde (?:\S+ )?att|har valt att|(?:tagit|tar) (?:ett |sitt )?beslut|"
                r"tog (?:vi |man |nämnden |styrelsen |fullmäktige )?(?:\S+ ){0,3}?beslut(?:et)?"),
    ("implemented", r"(?:har|hade)\s+(?:\S+\s+){0,3}?(?:tagit|flyttat|inrättat|bildat|startat|lagt|avvecklat|stängt|"
                    r"slagit|övertagit|genomfört|skapat|delat|bytt|fört|flyttats|avvecklats|stängts)\b|"
                    r"har inrättats|har inrättas|numera|genomfördes|har genomförts|är genomförd|har bildats|"
                    r"har startats|inrättades|bildades|startades|flyttades|har flyttats|i hamn|sedan dess|"
                    r"gick samman|slogs ihop|slogs samman|lades ned|lades ner|avvecklades"),
    ("planned", r"ska|skall|planeras|kommer att|avses|är tänkt"),
)
