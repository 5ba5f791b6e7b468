"""The intake's lexicon: the words that propose an engagement's type, its status and level,
a trade figure's measure, and the kind of a new name.

Every rule is a general cue of English news and official writing; none names a source, a
person or a country pair. Types are the codes of ``engagement_types.csv`` (each carries its
CAMEO code there: visit 042, meeting 040, third-location meeting 044, agreement 057, phone
call 041, military exercise 062, …); a cue whose type the data does not define is dropped.

A cue is a regular expression matched case-insensitively on word boundaries. Order
matters where cues overlap: the first type whose cue matches a clause wins for that clause,
and a sentence can propose several types (a visit during which leaders met is a visit and a
meeting).
"""

from __future__ import annotations

#: (type, cue): the cue proposes an engagement of that type. CAMEO in the comment.
ENGAGEMENT_CUES: tuple[tuple[str, str], ...] = (
    ("recognition", r"recogni[sz](?:e|ed|es|ing|tion)\b[^.]{0,60}\bindependence|"
     r"acknowledg\w*\s+(?:the\s+)?(?:state\s+)?(?:sovereignty|independence)"),  # 054
    ("diplomatic_relations", r"diplomatic\s+relations\b[^.]{0,40}\b(?:establish|set\s+up|"
     r"upgrad)|(?:establish\w*|set\s+up)\s+(?:of\s+)?diplomatic\s+relations|"
     r"\bembass(?:y|ies)\b[^.;]{0,60}?\b(?:was|were)\s+(?:opened|set\s+up)|"
     r"\bopen(?:ed|s|ing)?\s+(?:of\s+)?(?:its|an|the|a|their)\s+embass|"
     r"presented\s+(?:his|her|their)?\s*credentials"),  # 050
    ("military_exercise", r"(?:military|joint|army|naval|air|counter-?terror\w*)\s+"
     r"(?:\w+\s+){0,2}(?:exercises?|drills?)\b|\bexercises?\b|\bwar\s*games\b|"
     r"\b(?:military|joint|field)\s+training\b|"
     r"\bedition\s+of\s+(?:the\s+)?(?-i:[A-Z]{3,}\b)"),  # 062 (exercises go by code names)
    ("peacekeeping", r"peace-?keeping"),  # 074
    ("working_group", r"working\s+group|joint\s+(?:\w+\s+){0,2}commission|"
     r"inter-?governmental\s+(?:\w+\s+){0,2}(?:commission|committee)|"
     r"foreign\s+office\s+consultations|joint\s+(?:\w+\s+){0,4}committee"),  # 040
    ("phone_call", r"video\s*(?:conference|call|link)|"
     r"(?:tele)?phone\s+(?:call|conversation|talks)|spoke\s+(?:by|over|on\s+the)"
     r"\s+(?:tele)?phone|telephon\w+|\bcall(?:ed)?\s+with\b|\bspoke\s+with\b"),  # 041
    ("congratulation", r"congratulat\w*"),  # 051
    ("third_location_meeting", r"on\s+the\s+(?:sidelines|margins)\s+of"),  # 044
    ("visit", r"\bvisit(?:s|ed|ing)?\b|state\s+visit|arriv(?:ed|es|e|ing)\s+in\b|"
     r"travel(?:l?ing|l?ed|s)?\s+to\b|\btour(?:ed)?\s+of\b|"
     r"\b(?:lead\w*|led)\s+(?:[\w-]+\s+){0,4}(?:delegation|mission)\b[^.;]{0,60}?\bto\b|"
     r"\bexpected\s+here\b|\b(?:I|we)\s+(?:was|were)\s+in\s+[A-Z]|\bmy\s+visit\b|"
     r"\b(?:chief\s+)?guest\s+of\s+honou?r\b|\bchief\s+guest\b|\blanded\s+in\b"),  # 042
    ("meeting", r"\bmet\b|\bmeet(?:s|ing)?\b|held\s+talks|hold\s+talks|\btalks\s+with\b|"
     r"discuss(?:ed|es|ing)?\b|\bconsultations\b|\bsession\b|\bdialogue\b|\bround\s+of\b|"
     r"\bcourtesy\s+call|\breceived\b|\bheld\s+talks|\btalks\b|"
     r"\bcall(?:ed|s|ing)?\s+on\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|"
     r"eighth|ninth|tenth|next|last|latest|\d{1,2}(?:st|nd|rd|th))\s+round\b|\b(?:held|hold|holds|holding)\s+discussions\b|"
     r"\bdiscussions\s+with\b|\bthe\s+(?:most\s+recent|latest|last|previous)(?:\s+(?:one|round|"
     r"session|meeting))?\s+(?:took\s+place|was\s+(?:held|convened))\b"),
    # 040 (to call on someone is to visit them)
    ("agreement", r"\bsign(?:ed|s|ing)?\b|agreement|\bpacts?\b|treaty|\bMoU\b|memorand|"
     r"contract\b|\binked\b|\brenewed\s+(?:the\s+|their\s+|its\s+)?\w*\s*"
     r"(?:deal|accord|agreement|contract)"),  # 057
    ("intent_to_cooperate", r"agreed\s+to|\bagree\s+to|decided\s+to|committed\s+to|"
     r"pledged\s+to"),  # 030
    ("multilateral", r"\bsummit\b|multilateral|\bforum\b"),  # 040
    ("cooperation", r"cooperation\s+(?:also\s+)?continues|continues?\s+to\s+develop|"
     r"cooperat\w+\s+in\s+the\s+field"),  # 061
    ("statement", r"in\s+an\s+interview|told\s+(?:the\s+)?[A-Z]|\bstatement\b"),  # 010
)

#: Cues that make a clause's engagement planned (CAMEO 036, intent to meet).
PLANNED_CUES = (r"\bwill\b|\bshall\b|is\s+expected\s+to|are\s+expected\s+to|\bslated\s+to|"
                r"scheduled\s+to|\bset\s+to\b|\bplans?\s+to\b|\bplanned\b|\bis\s+due\s+to|"
                r"\bare\s+due\s+to|\bupcoming\b|\bforthcoming\b|\bto\s+visit\b|"
                r"\bwould\s+(?:visit|travel|meet|hold)|\binvit(?:ed|ation)\s+to\s+visit|"
                r"\binvit\w*\b.{0,60}\bto\s+(?:pay|visit|make)\b|"
                r"\bscheduled\s+(?:for|in|on)\b|\bexpected\s+(?:here|there|in|at|on|next)\b|"
                r"\bnext\s+(?:session|round|meeting|visit|summit|edition)\b|"
                r"\baccepted\s+(?:an?\s+|the\s+)?invitation|"
                r"\b(?:is|are)\s+to\s+(?:visit|travel|meet|hold|sign|attend)\b|"
                r"\bcould\s+(?:visit|travel|meet|sign)\b|\bintends?\s+to\b|"
                r"\bslated\s+for\b|\bexpects?\s+to\b|\bwould\s+(?:make|pay|host|attend|"
                r"sign|come)\b|\bwill\s+take\s+place\b|\bno\s+date\s+has\s+been\s+set\b|"
                r"\bagreed\s+to\s+(?:convene|hold|meet|organi[sz]e|host)\b|"
                r"\binstructed\b[^.;]{0,60}\bto\s+(?:hold|convene|organi[sz]e|prepare)\b|"
                r"\blooking\s+forward\s+to\b|\blooks?\s+forward\s+to\b|"
                r"\bcould\s+take\s+place\b|\blikely\s+to\b|"
                r"\b(?:is|are)\s+to\s+be\s+(?:held|signed|convened|hosted|organi[sz]ed)\b")
#: Cues of something under way rather than a dated act.
ONGOING_CUES = (r"continues?\s+to|\bcontinue[sd]?\b|are\s+participating|"
                r"\bongoing\b|\bregularly\b")

#: Portfolios of a minister's title ("Minister for Foreign Affairs and Trade").
PORTFOLIOS = (r"Foreign\s+Affairs|External\s+Affairs|Foreign\s+Trade|Trade|Commerce|Defen[cs]e|"
              r"Energy|Finance|Economy|Economic\s+Affairs|Agriculture|Health|Education|"
              r"Home\s+Affairs|Interior|Industry|Transport|Culture|Tourism|Investment|"
              r"Economic\s+Attractiveness|Mines|Mining|Petroleum|Labour|Justice|Science|"
              r"Technology|Environment|Infrastructure|Communications|Water|Youth|Sport|Women|"
              r"(?:International\s+)?Development|Economic\s+Diplomacy|National\s+Defen[cs]e")

#: Adjectives of nationality that do not begin with the country's name (the rest are found
#: by its first letters: "Kenyan", "Brazilian").
DEMONYMS = {
    "NOR": "Norwegian", "NLD": "Dutch", "CHE": "Swiss", "GBR": "British|UK", "FRA": "French",
    "GRC": "Greek|Hellenic", "CYP": "Cypriot", "DNK": "Danish", "SWE": "Swedish",
    "FIN": "Finnish", "POL": "Polish", "ESP": "Spanish", "TUR": "Turkish", "IRL": "Irish",
    "PHL": "Filipino|Philippine", "MDG": "Malagasy", "CIV": "Ivorian", "THA": "Thai",
    "LAO": "Lao|Laotian", "MMR": "Burmese", "KOR": "Korean|South\\s+Korean",
    "PRK": "North\\s+Korean", "CZE": "Czech", "SVK": "Slovak", "SVN": "Slovenian|Slovene",
    "ARE": "Emirati", "USA": "American|US", "ZAF": "South\\s+African", "AFG": "Afghan",
    "AZE": "Azerbaijani|Azeri", "RUS": "Russian", "VNM": "Vietnamese", "IRN": "Iranian",
    "SYR": "Syrian", "LBN": "Lebanese", "NZL": "New\\s+Zealand", "BIH": "Bosnian",
    "HUN": "Hungarian", "DEU": "German", "BEL": "Belgian", "LUX": "Luxembourgish?",
    "ISL": "Icelandic", "MDA": "Moldovan", "CHN": "Chinese", "TWN": "Taiwanese",
    "BOL": "Bolivian", "VEN": "Venezuelan", "TZA": "Tanzanian", "COD": "Congolese",
    "COG": "Congolese", "GNB": "Bissau-Guinean", "PNG": "Papua\\s+New\\s+Guinean",
}

#: Title words before a name: the person's level. First match wins.
TITLES: tuple[tuple[str, str], ...] = (
    (r"(?:Vice[\s-])?President|Prime\s+Minister|PM|Premier|(?:Federal\s+)?Chancellor|King|"
     r"Queen|Emir|Crown\s+Prince|"
     r"Sultan|Head\s+of\s+(?:State|Government)", "head_of_state_or_government"),
    (r"(?:State\s+|Deputy\s+|Vice[\s-]|First\s+Deputy\s+|Cabinet\s+|Federal\s+)?"
     r"(?:Foreign|Defen[cs]e|Trade|Commerce|External\s+Affairs|Energy|Finance|Economy|"
     r"Agriculture|Health|Education|Home|Interior|Industry|Transport|Culture|Tourism|"
     r"(?:International\s+)?Development)?\s*(?:Minister|Secretary)"
     r"(?:\s+Delegate)?(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?(?:" + PORTFOLIOS + r")"
     r"(?:,?\s+(?:and\s+)?"
     r"(?:" + PORTFOLIOS + r"))*)?|Secretary\s+of\s+State|Foreign\s+Secretary|"
     r"Federal\s+Councillor",
     "minister"),
    (r"Ambassador|High\s+Commissioner|Envoy|Charg[eé]\s+d'Affaires|Consul(?:\s+General)?",
     "ambassador"),
    (r"(?:Lieutenant\s+|Major\s+|Brigadier\s+)?General|(?:Rear\s+|Vice\s+)?Admiral|"
     r"Air\s+(?:Vice[\s-])?Marshal|(?:Lieutenant\s+)?Colonel|Commodore|"
     r"(?:Lieutenant\s+)?Commander|Captain|Major|Brigadier|"
     r"Chief\s+of\s+(?:Army|Defen[cs]e|General)\s+Staff", "armed_forces"),
    (r"Secretary|Deputy\s+Secretary|Under-?\s?[Ss]ecretary|Permanent\s+Secretary|"
     r"Secretary-General|Director|Chairman|Chairperson|Governor|Mayor|Speaker|"
     r"Senator|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Professor|Sheikh", "officials"),
)

#: Capitalised words of titles of documents, events and offices: a run holding one is not
#: a person's name (with the words the text itself writes in lower case).
CONCEPT_WORDS = frozenset("""
agreement memorandum understanding joint declaration strategic partnership dialogue visit
state republic cooperation industry presidency sea ocean palace commission education trade
economic free council summit forum exercise session meeting talks statement cabinet
protocol treaty convention programme program plan initiative corridor project mission
development investment energy security defence defense affairs foreign external relations
national international federal central eastern western northern southern university
institute organisation organization union association chamber commerce bank fund
ministry department office embassy agency corporation company group holdings prize award
year day week month presidential ministerial parliamentary general assembly conference
""".split())

#: Words in a name that make it a place (a lake, a province) rather than a person.
PLACE_WORDS = frozenset("""Lake River Sea Mount Mountains Island Islands Province Region
Oblast Valley Gulf Bay Port Peninsula Desert Strait Canal District City State East Asia
Africa America Europe Balkans Caucasus Pacific Atlantic Arctic Caribbean Sahel""".split())

#: Words in a name that make it an organisation rather than a person or a place.
ORGANISATION_WORDS = (
    "Ministry", "Organisation", "Organization", "Council", "Bank", "Corporation", "Company",
    "Agency", "Forces", "Army", "Navy", "University", "Institute", "Committee", "Commission",
    "Union", "Association", "Times", "News", "Post", "Group", "Forum", "Parliament",
    "Government", "Office", "Department", "Chamber", "Federation", "Fund", "Authority",
    "Exchange", "Limited", "Ltd", "Inc", "Holding", "Embassy", "Consulate", "Secretariat",
    "Assembly", "Centre", "Center", "Board", "Foundation", "Party", "Press", "Herald",
    "Tribune", "Daily", "Review", "Monitor", "Telegraph", "Express", "Journal", "Nations",
    "Force", "Command", "Guard", "Police", "Service", "Staff",
)

#: Words that start a capitalised run but are not part of a name.
NOT_NAMES = frozenset("""
A An The This That These Those It Its In On At By For From To Of And But Or With As After
Before During Since Until While When Where Which Who Whom Whose What Why How If Also Both
Each Every Some Many Most Other Another Such No Not Yet Still Then There Here He She They We
I You His Her Their Our My Your Last Next Earlier Later Today Tomorrow Yesterday Monday
H E HE Eng Hon His Her Excellency Tuesday Wednesday Thursday Friday Saturday Sunday January
February March April May June
July August September October November December Mr Mrs Ms Dr Read More Share Leave Reply
Required Your Email Comment Also Said Says According However Meanwhile Moreover Further
Furthermore Over Under About Around Between Among Against Into Onto Upon Within Without
Q A TEST DATA Photo Image Video Source Sources Copyright All Rights Reserved Click Follow
""".split())

#: Measure of a trade figure, by the words of its sentence. First match wins.
MEASURE_CUES: tuple[tuple[str, str], ...] = (
    ("exports", r"\bexport(?:s|ed)?\b|\bshipments?\s+to\b|\bsold\s+to\b"),
    ("imports", r"\bimport(?:s|ed)?\b|\bpurchases?\s+from\b|\bbought\s+from\b"),
    ("turnover", r"\btrade\b|\bturnover\b|\bcommerce\b|\btrading\b"),
)
#: A money figure in a sentence with these words (and none of the above) is not trade.
NOT_TRADE_CUES = r"\binvest\w*|\bloan|\bcredit\s+line|\bgrant|\baid\b|\bbudget|\bcapital"

#: Currency words as written -> ISO 4217 code.
CURRENCIES = {
    "us$": "USD", "us $": "USD", "usd": "USD", "$": "USD", "dollars": "USD",
    "us dollars": "USD", "dollar": "USD", "eur": "EUR", "€": "EUR", "euro": "EUR",
    "euros": "EUR", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR", "rupees": "INR",
    "kzt": "KZT", "tenge": "KZT", "uzs": "UZS", "soums": "UZS", "sums": "UZS", "rub": "RUB",
    "roubles": "RUB", "rubles": "RUB", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "jpy": "JPY", "yen": "JPY", "¥": "JPY", "cny": "CNY", "yuan": "CNY", "rmb": "CNY",
    "c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD",
    "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
}
#: Unit words as written -> the schema's unit.
UNITS = {
    "thousand": "thousand", "k": "thousand", "mn": "million", "mln": "million",
    "million": "million", "m": "million", "millions": "million", "bn": "billion",
    "billion": "billion", "b": "billion", "billions": "billion", "crore": "crore",
    "crores": "crore", "cr": "crore", "lakh": "lakh", "lakhs": "lakh",
}

#: Month in which a country's fiscal year starts (reference data for split-year periods
#: such as "2017-18"); a pair with none of these leaves such a period's basis to the
#: analyst. Only bases the schema defines are proposed.
FISCAL_YEAR_BASIS = {"IND": ("fiscal_year_in", 4)}

#: Topic of a claim by its words (claims table's topics). First match wins.
CLAIM_TOPICS: tuple[tuple[str, str], ...] = (
    ("trade", r"\btrade\b|\bbalance\s+of\s+trade|\bexports?\b|\bimports?\b|trading\s+partner"),
    ("investment", r"\binvest"),
    ("energy", r"\benergy|\boil\b|\bgas\b|uranium|nuclear|hydrocarbon"),
    ("defence", r"\bdefen[cs]e|\bmilitary|\bsecurity\b"),
    ("connectivity", r"connectivity|\bcorridor|\btransit|\bport\b|\brail|landlocked"),
    ("regional", r"\bregion|\bregional"),
    ("history", r"\bhistor|\blegacy|\bcenturies|\bancient"),
    ("political", r"strategic\s+partnership|\bpartnership\b|\brelations\b|\bties\b"),
)
#: Words that mark a sentence as an assessment worth proposing as a claim.
CLAIM_CUES = (r"\blargest\b|\bbiggest\b|\bmain\b|\bkey\b|\bstrategic\b|\bpartner\b|"
              r"\bbalance\s+of\s+trade|\brobust\b|\bsignifican|\bimportan|\bgrowing\b|"
              r"\bdeepening\b|\bpriority\b|\bfirst\s+(?:country|countries)\b")

#: Engagement type -> the domains proposed for it (the analyst may add more).
TYPE_DOMAINS = {
    "military_exercise": "defence", "peacekeeping": "defence", "recognition": "political",
    "diplomatic_relations": "political", "visit": "political", "meeting": "political",
    "third_location_meeting": "political", "phone_call": "political",
    "congratulation": "political", "multilateral": "multilateral", "statement": "political",
    "agreement": "political", "intent_to_cooperate": "political", "working_group": "political",
    "cooperation": "political",
}
#: Words that move a clause to a domain (first match), before the type's default.
DOMAIN_CUES: tuple[tuple[str, str], ...] = (
    ("defence", r"\bdefen[cs]e|\bmilitary|\barmy\b|\bnaval\b|\barmed\s+forces"),
    ("nuclear", r"\bnuclear|\buranium"),
    ("energy", r"\benergy|\boil\b|\bgas\b|hydrocarbon|\bpower\b"),
    ("trade", r"\btrade\b|\bcommerce|\bexports?\b|\bimports?\b"),
    ("investment", r"\binvest"),
    ("connectivity", r"connectivity|\bcorridor|\btransit|\bport\b|\brailway"),
)

#: Country names in common use that ISO 3166 (pycountry) spells otherwise.
COUNTRY_SHORT_NAMES = {
    "Russia": "RUS", "Turkey": "TUR", "UK": "GBR", "Britain": "GBR", "Great Britain": "GBR",
    "US": "USA", "USA": "USA", "U.S.": "USA", "America": "USA", "Holland": "NLD",
    "Czech Republic": "CZE", "Ivory Coast": "CIV",
    "Burma": "MMR", "Persia": "IRN", "Macedonia": "MKD", "Swaziland": "SWZ",
}
