"""Shapes of boilerplate lines and section headings, as data.

None of these names a site: they are the stock phrases of Swedish public
websites (Sitevision and WordPress themes, news CMSs, contact widgets).
Each entry is a regular expression matched against a whole stripped line.
"""

# Lines that are page chrome wherever they appear.
BOILERPLATE_LINES = (
    r"stäng|meny|huvudmeny|sök|sökfält|sök på webbplatsen|till toppen|tillbaka|skriv ut|dela( sidan)?|"
    r"lyssna|talande webb|in english|other languages|logga in|logga ut|kommentera|svara|gilla|"
    r"läs mer|visa fler|visa alla|fler nyheter|relaterat|relaterade (nyheter|artiklar|sidor)|"
    r"mer eller mindre relaterat|senaste nyheterna?|mest lästa|kontakta oss|kontakt|kontaktformulär.*|"
    r"om webbplatsen|om kakor|cookies|tillgänglighetsredogörelse|hoppa (direkt )?till (huvud)?innehåll(et)?",
    r"gå (direkt )?till .{0,80}",
    r"(tillbaka )?till startsidan|skicka e-post|e-posta sidan|tipsa en vän|skriv ut sidan|spara som pdf",
    # Page numbers that a PDF's transcription leaves on a line of their own.
    r"(sida|page|s\.)\s*\d{1,4}(\s*(av|of|/)\s*\d{1,4}|\s*\(\d{1,4}\))?|\d{1,4}\s*\(\d{1,4}\)|[-–]\s*\d{1,4}\s*[-–]",
    r"sök i .{1,60}",
    r"tyck till( om [^–(-]{1,40})?(\s*[–(-].{0,80})?( lämna felanmälan)?",
    r"lämna (en )?(synpunkt|felanmälan|klagomål).{0,80}",
    r"beröm, fråga, ge förslag eller lämna ett klagomål\.?",
    r"(vi använder|webbplatsen använder|denna webbplats använder) (kakor|cookies).*",
    r"(godkänn|acceptera|neka)( alla)? (kakor|cookies)?.*",
    r"fyll i dina uppgifter.*",
    r"du kommenterar med ditt .{1,60}|du är inloggad.{0,80}|du måste vara inloggad.{0,80}",
    r"(skriv|lämna) en kommentar.{0,80}|kommentarer( \(\d+\))?|\d+ kommentarer?|om kakor.{0,40}",
    r"ansluter till %s|meddela mig.{0,80}|skicka kommentar|avbryt svar|lämna en kommentar",
    r"\S+(\.com)?[- ](logo|logga|foto|bild|ikon)",
    r"verifiering( \*)?( \(obligatorisk\))?|vi kontrollerar att du är en människa.*|jag är inte en robot",
    r"(sidan|senast) (uppdaterad|uppdaterades|granskad)[^\d]{0,60}",   # with a date, the line is metadata: kept
    r"(fick du (svar|den information).{0,60}|hjälpte (informationen|sidan|texten) dig.{0,40}|"
    r"var (informationen|sidan) till hjälp.{0,40})( ja nej)?",
    r"(redan prenumerant|bli prenumerant|logga in för att läsa|lås upp artikeln|köp prenumeration).{0,80}",
    r"läs också|läs även|mest lästa?|kopiera länk(en)?|annons|tipsa oss.{0,60}|dela artikeln",
    r"dela (på|via) .{1,40}|(facebook|twitter|linkedin|instagram|youtube|x|e-post|e-posta)",
)

# Contact lines: phone, fax and e-mail details.
CONTACT_LINE = r"(ring|tel(efon)?|telefonnummer|fax|faxa|växel|mobil|e-post|e-posta)\b.*\d{2,}.*"
PHONE = r"(?<!\d)0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2,3}(?!\d)"
EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)+"

# Headings that open sections of tjänsteskrivelser, protokoll and case pages.
SECTION_HEADINGS = (
    "Förslag till beslut", "Förslag till kommunfullmäktige", "Förslag till kommunstyrelsen",
    "Sammanfattning", "Ärendebeskrivning", "Ärendet", "Bakgrund", "Beredning", "Beslutsunderlag",
    "Bedömning", "Överväganden", "Ekonomiska konsekvenser", "Yrkanden", "Propositionsordning",
    "Beslutsgång", "Beslut", "Beslutet skickas till", "Beslutet ska skickas till", "Expedieras till",
    "Justering", "Justerandes signatur", "Närvarande", "Ledamöter", "Tjänstgörande ersättare",
    "Ersättare", "Övriga närvarande", "Kontaktpersoner", "Exemplet i korthet", "Därför gjorde vi det",
    "Så gjorde vi", "Så blev det", "Om exemplet", "Inledning", "Slutsatser", "Resultat",
)
