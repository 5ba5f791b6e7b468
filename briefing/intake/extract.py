"""Propose candidate facts from a source text: engagements, trade figures, claims, and the
entities, places and aliases they name.

The extractor is general: it knows English date expressions (:mod:`.dates`), a lexicon of
cues (:mod:`.lexicon`), ISO 3166 country names (pycountry) and whatever the data already
knows (entities, aliases, places, engagements, trade figures). Every quote it proposes is a
verbatim span of the text, found by offset, never retyped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

import pandas as pd
import pycountry
from rapidfuzz import fuzz

from briefing.cells import LIST_SEP, split_list
from briefing.intake import lexicon as lx
from briefing.intake.dates import (
    DateFound,
    find_dates,
    find_dates_coarse,
    month_of,
    month_span,
    resolution,
)
from briefing.intake.gazetteer import fold, locate

#: Columns of a review sheet, in order.
SHEET_COLUMNS = [
    "candidate_id", "kind", "accept", "quote", "summary", "type", "status", "level",
    "date_start", "date_end", "date_precision", "date_basis", "date_expression",
    "participants", "places", "actor_country", "counterpart_country", "domains", "value",
    "unit", "currency", "period_start",
    "period_end", "period_basis", "measure", "growth", "name", "country", "role", "topic",
    "matches", "fact_id", "note",
]
KINDS = ("engagement", "link", "trade", "claim", "entity", "place", "alias")

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*"
_NAME_RUN = re.compile(rf"{_CAP}(?:(?:\s+|\s+(?:of|for|de|da|del|al|bin|ibn|van|von|der|la|le|"
                       rf"es|el|do|dos|das|du|des|di)\s+)"
                       rf"{_CAP})*")
_PRONOUN_START = re.compile(r"^(?:He|She|They|The\s+duo|The\s+two(?:\s+\w+)?|Both(?:\s+\w+)?|"
                            r"The\s+(?:leaders|ministers|minister|president))\b")
_CONTEXT_START = re.compile(r"(?i)^(?:He|She|They|The\s+duo|The\s+two\s+\w+|Both\s+\w+|The\s+"
                            r"(?:ministers|leaders|presidents|delegations|sides)|During\s+(?:the|that|this|his|her|"
                            r"their)|"
                            r"At\s+the|On\s+the\s+occasion|On\s+the\s+same\s+day|"
                            r"Following\s+the|After\s+the\s+talks|In\s+the\s+presence)\b")
_INSTITUTIONAL = {"military_exercise", "peacekeeping", "working_group", "multilateral",
                  "cooperation", "recognition", "diplomatic_relations", "agreement"}
_GROUP_OF_PEOPLE = re.compile(r"\b(?:the|both)\s+(?:two\s+)?(?:heads\s+of\s+(?:the\s+)?"
                              r"delegations?|co-?chairs|heads\s+of\s+(?:state|government)|"
                              r"presidents|leaders|ministers|"
                              r"prime\s+ministers|foreign\s+ministers|heads\s+of\s+state)\b",
                              re.I)
_NOUN_SUFFIX = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ism|ship|ing|ure|ogy|ics|ness|"
                          r"ery|ary|ory|age)$")
_PAIR_WORDS = re.compile(r"\bboth\s+(?:countries|sides|nations|states)|\bthe\s+two\s+"
                         r"(?:countries|sides|nations|states)|\bbilateral\b", re.I)


@dataclass
class Name:
    """A name found in a sentence: what it refers to, or what it would be if new."""

    start: int
    end: int
    text: str
    ref: str            # entity or place id (known or proposed)
    table: str          # "entities" or "places"
    kind: str           # person, organisation, country, region, media | city, state, country
    known: bool
    country: str = ""
    role: str = ""
    level: str = ""


@dataclass
class Knowledge:
    """What the data already knows, indexed for intake.

    Built from a :class:`briefing.facts.Facts` (or empty, for a pair the data has never
    seen): names of entities, aliases and places; countries by ISO code; existing
    engagements and trade figures to match against.
    """

    entities: pd.DataFrame = field(default_factory=pd.DataFrame)
    aliases: pd.DataFrame = field(default_factory=pd.DataFrame)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    engagements: pd.DataFrame = field(default_factory=pd.DataFrame)
    trade: pd.DataFrame = field(default_factory=pd.DataFrame)
    types: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)

    @classmethod
    def from_facts(cls, facts) -> Knowledge:
        eng = facts.raw_engagements if facts.raw_engagements is not None else facts.engagements
        return cls(facts.entities, facts.aliases, facts.places, eng, facts.trade_observations,
                   set(facts.engagement_types["type"]), set(facts.domains["domain"]))

    def __post_init__(self):
        self.names: dict[str, tuple[str, str]] = {}     # surface -> (table, id)
        self.kind_of: dict[tuple[str, str], str] = {}
        self.country_of: dict[tuple[str, str], str] = {}
        self.country_entity: dict[str, str] = {}        # ISO code -> entity id
        self.country_place: dict[str, str] = {}
        if not self.entities.empty:
            for e in self.entities.itertuples():
                self.names[e.name] = ("entities", e.entity_id)
                self.kind_of[("entities", e.entity_id)] = e.kind
                self.country_of[("entities", e.entity_id)] = e.country
                if e.kind == "country" and e.country:
                    self.country_entity.setdefault(e.country, e.entity_id)
        if not self.aliases.empty:
            for a in self.aliases.itertuples():
                self.names.setdefault(a.alias, ("entities", a.entity_id))
        if not self.places.empty:
            for p in self.places.itertuples():
                self.names.setdefault(p.name, ("places", p.place_id))
                self.kind_of[("places", p.place_id)] = p.kind
                self.country_of[("places", p.place_id)] = p.country
                if p.kind == "country":
                    self.country_place.setdefault(p.country, p.place_id)
        self.surnames: dict[str, str] = {}
        for (table, ref), kind in self.kind_of.items():
            if table == "entities" and kind == "person":
                name = self.entities.loc[self.entities["entity_id"] == ref, "name"].iloc[0]
                last = name.split()[-1]
                if len(last) >= 4:
                    self.surnames.setdefault(last, ref)
        self.ids = set(self.entities.get("entity_id", [])) | set(self.places.get("place_id", []))


_COUNTRIES: dict[str, str] = {}


def countries() -> dict[str, str]:
    """Country names (ISO 3166 names, common and official names, common short names)
    -> alpha-3 code."""
    if not _COUNTRIES:
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    _COUNTRIES[value] = c.alpha_3
                    if "," in value:
                        head, _, tail = value.partition(",")
                        _COUNTRIES.setdefault(head, c.alpha_3)
                        _COUNTRIES.setdefault(f"{tail.strip()} {head}", c.alpha_3)
        _COUNTRIES.update(lx.COUNTRY_SHORT_NAMES)
    return _COUNTRIES


def slug(text: str) -> str:
    """An id from a name: ``"Jane Q. Doe"`` -> ``"jane-q-doe"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-") or "name"


# --- sentences and clauses -------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?])[\"”’]?(?:\s+(?=[\"“‘(]?[A-Z0-9])|"
                       r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|"
                       r"(?<=[a-z]{2}[.!?][\"”])(?=[A-Z]))|\n\s*\n|\n(?=\S)")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                     r"Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|Rs|vs|e\.g|i\.e|approx|H\.E|Eng|Hon|Amb|Sen|Rep|"
                     r"Gov|Maj|Brig|Capt|Adm|Sr|Jr|Mt|Ft|Corp|Inc|Ltd|Excl)\.$|"
                     r"(?<![A-Za-z])[A-Z]\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (offsets into it, whitespace trimmed)."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        cut = m.start() if m.group(0).strip() == "" or m.group(0).startswith("\n") else m.end()
        if m.group(0) and m.group(0)[0] in "\"”’":
            cut = m.start() + 1
        if _ABBREV.search(text[start:cut].rstrip()):
            continue
        spans.append((start, cut))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 3:
            out.append((s, e))
    return out


_CLAUSE_CUT = re.compile(r",\s+(?=(?:when|where|while|which|after|before|as|and|but)\b)|;\s+|"
                         r"\s+(?:and|but|while|whereas)\s+(?=[a-z])|\s+under\s+which\s+|"
                         r",\s+(?=[a-z])|\s+(?:when|where)\s+(?=[a-z])|"
                         r"(?:" + "|".join(f"(?<={w})" for w in (
                             "agreed", "stated", "decided", "noted", "welcomed", "recalled",
                             "confirmed", "announced", "said")) + r")\s+that\s+")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of a sentence's clauses (cut at commas, semicolons, and conjunctions before a
    lower-case word; "France and Kenya" stays whole)."""
    cuts, start = [], 0
    for m in _CLAUSE_CUT.finditer(sentence):
        cuts.append((start, m.start()))
        start = m.end()
    cuts.append((start, len(sentence)))
    return [(s, e) for s, e in cuts if e > s]


# --- names -----------------------------------------------------------------------------------

_TITLE_RES = [(re.compile(rf"(?:^|\b)(?:{pat})\s*$"), level) for pat, level in lx.TITLES]
_TITLE_ANY = re.compile("|".join(f"(?:{p})" for p, _ in lx.TITLES))


#: Words of respect written before a name, inside a run of capitals ("Textile Shri Piyush
#: Goyal", "Excellency Mr Jan Nowak").
_HONORIFICS = {"Shri", "Smt", "Sri", "Shrimati", "Mr", "Mrs", "Ms", "Dr", "Madam", "Hon",
               "Excellency", "Sheikh", "Sayyid"}

#: Lower-case words a name may hold inside but never end with ("Rattanakul of" Thailand).
_CONNECTORS = {"of", "for", "de", "da", "del", "al", "bin", "ibn", "van", "von", "der", "la",
               "le", "es", "el", "do", "dos", "das", "du", "des", "di"}
_CURRENCY_CODES = {k.upper() for k in lx.CURRENCIES if k.isalpha()}
MONTH_OR_DAY = (r"January|February|March|April|May|June|July|August|September|October|"
                r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")


class Namer:
    """Finds names in sentences, remembering the new ones an article introduces."""

    def __init__(self, know: Knowledge):
        self.know = know
        self.new: dict[str, Name] = {}          # id -> first Name of a new entity
        self.new_places: dict[str, Name] = {}   # id -> first Name of a new place
        self.variants: dict[str, set[str]] = {}  # id -> other spellings seen
        self.surnames = dict(know.surnames)
        #: the pair's countries, preferred for an ambiguous place name
        self.prefer: tuple[str, ...] = ()
        #: words the text also writes in lower case: common nouns, not names
        self.lower_words: set[str] = set()

    def read(self, text: str) -> None:
        """Note the words a text writes in lower case (``memorandum``, ``dialogue``)."""
        self.lower_words = {w for w in re.findall(r"\b[a-z][a-z\-]+\b", text)}

    def _full_name(self, ref: str) -> str:
        if ref in self.new:
            return self.new[ref].text
        ents = self.know.entities
        hit = ents.loc[ents["entity_id"] == ref, "name"] if not ents.empty else []
        return hit.iloc[0] if len(hit) else ""

    def find(self, sentence: str) -> list[Name]:
        found: list[Name] = []
        taken: list[tuple[int, int]] = []

        def free(s, e):
            return not any(s < te and ts < e for ts, te in taken)

        # 1. names the data knows, longest first
        for surface in sorted(self.know.names, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w])", sentence):
                if free(*m.span()):
                    table, ref = self.know.names[surface]
                    found.append(Name(m.start(), m.end(), surface, ref, table,
                                      self.know.kind_of.get((table, ref), ""), True,
                                      self.know.country_of.get((table, ref), "")))
                    taken.append(m.span())
        # 2. countries by ISO name
        for surface, code in sorted(countries().items(), key=lambda kv: -len(kv[0])):
            if surface not in sentence:
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w])(?!\s+City\b)",
                                 sentence):
                if free(*m.span()):
                    ref = self.know.country_entity.get(code) or slug(
                        next(n for n, c in countries().items() if c == code
                             and n == surface))
                    name = Name(m.start(), m.end(), surface, ref, "entities", "country",
                                code in self.know.country_entity, code)
                    found.append(name)
                    if not name.known and ref not in self.new:
                        self.new[ref] = name
                    taken.append(m.span())
        # 3. a long title, its portfolio joined by "and" or commas, and the name after it
        # ("Minister for European and International Affairs Katharina Pölzl")
        for m in _LONG_TITLE.finditer(sentence):
            if not free(*m.span(1)):
                continue
            run = _NAME_RUN.match(sentence, m.end())
            if run is None:
                continue
            toks = [(t.start() + run.start(), t.end() + run.start(), t.group(0))
                    for t in re.finditer(r"\S+", run.group(0))]
            if not 2 <= len(toks) <= 4 or not all(free(a, b) for a, b, _ in toks):
                continue
            name = self._name_from_tokens(sentence, toks, "", title=m.group(1))
            if name is not None and name.kind == "person":
                found.append(name)
                taken.extend([m.span(1), (name.start, name.end)])
        # 4. other capitalised runs: new names, or variants of known or earlier ones
        last_kind = ""
        for run in _NAME_RUN.finditer(sentence):
            tokens = [(t.start() + run.start(), t.end() + run.start(), t.group(0))
                      for t in re.finditer(r"\S+", run.group(0))]
            # a run is cut where a known name sits inside it
            parts, cur = [], []
            for tok in tokens:
                if free(tok[0], tok[1]):
                    cur.append(tok)
                else:
                    parts.append(cur)
                    cur = []
            parts.append(cur)
            for part in parts:
                name = self._name_from_tokens(sentence, part, last_kind)
                if name is not None and free(name.start, name.end):
                    found.append(name)
                    taken.append((name.start, name.end))
                    last_kind = name.table
        return sorted(found, key=lambda n: n.start)

    def _name_from_tokens(self, sentence, tokens, last_kind, title="") -> Name | None:
        """A name from a run of capitalised tokens: titles and modifiers before the name
        are dropped (their title kept), possessives and non-name words trimmed."""
        toks = [(s, e - (2 if w.endswith(("’s", "'s")) else 1 if w.endswith(("’", "'")) else 0),
                 re.sub(r"[’']s?$", "", w)) for s, e, w in tokens]
        while len(toks) > 2 and _POST_NOMINAL.fullmatch(toks[-1][2]) and \
                not toks[-2][2].isupper():
            toks = toks[:-1]   # "Ciarán Moloney TD", "Jane Doe MP"
        level, cut = ("minister" if title else ""), None
        # the last title in the run: what follows it is the name ("the Ruritanian President Doe")
        for i in range(len(toks)):
            for j in range(len(toks), i, -1):
                words = " ".join(t[2] for t in toks[i:j])
                if _TITLE_ANY.fullmatch(words):
                    if cut is None or j > cut[1]:
                        cut = (i, j, words)
                    break
        if cut is not None and not title:
            i, j, words = cut
            title = sentence[toks[i][0]:toks[j - 1][1]]
            level = next(lv for rx, lv in _TITLE_RES if rx.search(words))
            toks = toks[j:]
        honorific = [k for k, t in enumerate(toks[:-1]) if t[2].rstrip(".") in _HONORIFICS]
        if honorific:   # "… and Textile Shri Piyush Goyal": the name follows the honorific
            k = honorific[-1]
            if not title:
                title = toks[k][2]
                level = level or "officials"
            toks = toks[k + 1:]
        while toks and (toks[0][2] in lx.NOT_NAMES or toks[0][2].upper() in _CURRENCY_CODES):
            toks = toks[1:]
        while toks and (toks[-1][2] in lx.NOT_NAMES or toks[-1][2] in _CONNECTORS):
            toks = toks[:-1]
        if not toks:
            return None
        words = [t[2] for t in toks]
        if any(re.fullmatch(MONTH_OR_DAY, w.split("-")[0]) for w in words):
            return None
        if re.fullmatch(r"(?:[A-Z][a-z]+\s+)*(?:Ministers?|Officials?|Leaders?|Heads?|Chiefs?)|"
                        r"Heads?\s+of\s+(?:State|Government)s?", " ".join(words)):
            return None
        s, e = toks[0][0], toks[-1][1]
        text = sentence[s:e]
        if len(text) < 2 or text.upper() in _CURRENCY_CODES or re.fullmatch(r"[IVXLC]+", text):
            return None   # a currency or a roman numeral ("the XIV session")
        # an adjective before a lower-case noun ("Central Asian country")
        after = sentence[e:e + 20]
        if not title and re.match(r"\s+[a-z]", after) and re.search(
                r"(?:an|ese|ish)$", words[-1]) and not text.isupper() \
                and words[-1] not in self.surnames:
            return None
        return self._resolve(sentence, s, e, text, at_start=(s == 0), title=title,
                             level=level, last_kind=last_kind)

    def _resolve(self, sentence, s, e, text, at_start, title="", level="",
                 last_kind="") -> Name | None:
        words = text.split()
        # a titled single name that is one word of a person's name ("President Han")
        if title and len(words) == 1 and len(text) >= 3:
            for ref, person in list(self.new.items()):
                if person.kind == "person" and text in person.text.replace("-", " ").split() \
                        and text != person.text:
                    return Name(s, e, text, ref, "entities", "person", False, "", title,
                                level)
        # the end of an earlier person's name, hyphens aside ("Kamau Odhiambo" after
        # "Wanjiru Kamau-Odhiambo")
        flat = fold(text.replace("-", " "))
        if len(words) >= 2 or title:
            for ref, person in list(self.new.items()):
                full = fold(person.text.replace("-", " "))
                if person.kind == "person" and full != flat and len(flat) >= 5 and \
                        full.endswith(" " + flat):
                    self.variants.setdefault(ref, set()).add(text)
                    return Name(s, e, text, ref, "entities", "person", False, "", title,
                                level)
        # a variant of a known or earlier surname (Ivanova / Ivanov)
        if len(words) <= 2:
            for surname, ref in self.surnames.items():
                if words[-1] == surname or (len(words[-1]) >= 5 and
                                            fuzz.ratio(fold(words[-1]), fold(surname)) >= 80):
                    full = self._full_name(ref)
                    if words[-1] != surname or (len(words) == 2 and text != full):
                        self.variants.setdefault(ref, set()).add(text)
                    return Name(s, e, text, ref, "entities", "person",
                                ref in self.know.ids, "", title, level)
        single = len(words) == 1
        if single and not title:
            acronym = text.isupper() and 2 <= len(text) <= 6
            if not acronym and (at_start or text.lower() in {"government", "minister"}):
                return None
        common = [w for w in words if w.lower() in self.lower_words or
                  w.lower() in lx.CONCEPT_WORDS]
        # (an acronym is no town: "EAM" is the External Affairs Minister)
        where = None if title or (text.isupper() and len(text) <= 5) else \
            locate(text, self.prefer)
        country = ""
        if where is not None and not (single and at_start and not re.search(
                r"^\s*[:,]", sentence[e:])):
            country, kind = where
            table = "places"
        elif any(w in lx.PLACE_WORDS for w in words):
            kind, table = "region", "places"
        elif any(w.strip(".,") in lx.ORGANISATION_WORDS for w in words) or (
                single and text.isupper() and not title):
            kind, table = "organisation", "entities"
            if words[-1] in {"Times", "News", "Post", "Herald", "Tribune", "Daily", "Review",
                             "Monitor", "Telegraph", "Express", "Journal", "Press"}:
                kind = "media"
        elif (title and not common) or (len(words) >= 2 and not common and
                                        _APPOSITION_BEFORE.search(sentence[max(0, s - 160):s])):
            # titled, or after a title in apposition ("the Minister of Water, Jan Nowak")
            kind, table = "person", "entities"
        elif common:
            return None
        else:
            before = sentence[max(0, s - 20):s]
            if re.search(r"\b(?:in|at|to|from|city\s+of|town\s+of|region\s+of|near|visited|"
                         r"visit)\s+$", before) or (last_kind == "places" and re.search(
                             r"(?:,|\band)\s+$", before)) or re.match(r"\s*:", sentence[e:]):
                kind, table = "city", "places"
            elif len(words) >= 2 and not common and not text.isupper() and not any(
                    _NOUN_SUFFIX.search(w.lower()) for w in words) and not re.search(
                    r"[\"“‘']\s*$", sentence[:s]):
                kind, table = "person", "entities"
            else:
                return None
        ref = slug(text)
        if table == "places" and ref in self.know.ids:
            ref = f"{ref}-place"
        if table == "places" and not country:
            found = locate(text, self.prefer)
            country = found[0] if found else ""
        pool = self.new if table == "entities" else self.new_places
        if ref not in pool:
            pool[ref] = Name(s, e, text, ref, table, kind, False, country, title, level)
            if kind == "person" and len(words[-1]) >= 4:
                self.surnames.setdefault(words[-1], ref)
                # double surnames ("Lucía Ferrer Almagro" is also "Ferrer", "Jean
                # Marchetti-Laval" also "Marchetti")
                for w in [*words[1:-1], *words[-1].split("-")[:-1]]:
                    if len(w) >= 4 and w[0].isupper() and w.lower() not in self.lower_words:
                        self.surnames.setdefault(w, ref)
        return Name(s, e, text, ref, table, kind, False, country, title, level)


# --- candidates ------------------------------------------------------------------------------

@dataclass
class Candidate:
    """One proposed row of a review sheet (see :data:`SHEET_COLUMNS`)."""

    kind: str
    quote_start: int
    quote_end: int
    fields: dict

    def row(self, text: str) -> dict:
        out = {c: "" for c in SHEET_COLUMNS}
        out.update({k: v for k, v in self.fields.items() if v is not None and k != "actor"})
        out["actor"] = self.fields.get("actor", "")
        out["kind"] = self.kind
        out["quote"] = text[self.quote_start:self.quote_end]
        return out


def _short(text: str, limit: int = 200) -> str:
    """A summary: the text on one line, cut at a word (with "…") if longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _first(cues, text: str, flags=re.I) -> str | None:
    for code, cue in cues:
        if re.search(cue, text, flags):
            return code
    return None


def infer_pair(names_per_sentence: list[list[Name]]) -> tuple[str, str] | None:
    """The two countries an article names most (ties go to the earlier), or None."""
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for names in names_per_sentence:
        for n in names:
            code = n.country if n.kind == "country" else ""
            if code:
                counts[code] = counts.get(code, 0) + 1
                order.setdefault(code, len(order))
    ranked = sorted(counts, key=lambda c: (-counts[c], order[c]))
    return (ranked[0], ranked[1]) if len(ranked) >= 2 else None


_MONEY = re.compile(
    r"(?P<pre>US\s?\$|[A-Z]{1,2}\$|USD|US\s+dollars?|\$|Rs\.?|INR|₹|EUR|€|KZT|UZS|RUB|£|GBP|JPY|"
    r"¥|CNY|CAD|AUD|(?-i:\b[A-Z]{3})(?=\s?\d))?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    r"(?P<unit>thousand|mn|mln|million|millions|bn|billion|billions|crores?|cr|lakhs?|[mbk])?"
    r"\b\.?\s?(?P<post>USD|US\s+dollars|dollars|euros?|EUR|tenge|KZT|rupees|INR|roubles|rubles|"
    r"RUB|soums|sums|UZS|pounds|GBP|yen|JPY|yuan|CNY)?(?![\w%])", re.I)
_GROWTH = re.compile(r"(?:up|down|rose|fell|grew|increase[ds]?|decrease[ds]?|decline[ds]?|"
                     r"growth|jump(?:ed)?|surge[ds]?)\s+(?:of\s+|by\s+)?(?:about\s+|nearly\s+|"
                     r"over\s+|almost\s+)?(\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)|"
                     r"(?:an?\s+)?increase\s+of\s+(two|three|four|five|\d+)\s+times|"
                     r"(\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)\s+(?:increase|rise|growth|"
                     r"decrease|fall|decline|higher|lower|more|less)", re.I)
_FISCAL = re.compile(r"\b(?:FY\s?)?((?:19|20)\d\d)\s?[-–/]\s?(\d\d)\b(?!\d)")
_FIRST_MONTHS = re.compile(r"first\s+(two|three|four|five|six|seven|eight|nine|ten|eleven|\d+)"
                           r"\s+months\s+of\s+(this\s+year|last\s+year|(?:19|20)\d\d)", re.I)
_FIRST_HALF = re.compile(r"first\s+half\s+of\s+(this\s+year|last\s+year|(?:19|20)\d\d)", re.I)
#: Words before a date that make it the base of a comparison, not a figure's period.
_BASE_PERIOD = re.compile(r"(?:\d\s?(?:%|per\s?cent|percent)|\b(?:up|down|rise|fall|"
                          r"increase|decrease|growth))[^.;]{0,25}\b(?:on|from|over|against|"
                          r"than|compared\s+(?:with|to))\s+(?:the\s+same\s+(?:period|months?|"
                          r"quarter|half)\s+(?:of|in|last)\s+)?(?:the\s+)?$|"
                          r"\bcompared\s+(?:with|to)\s+(?:the\s+same\s+\w+\s+(?:of|in)\s+)?$",
                          re.I)
#: "over the same six months", "in the same period", "in the quarter": the period of the
#: figure before.
_SAME_PERIOD = re.compile(r"\b(?:over|in|during|for)\s+the\s+(?:same\s+(?:\w+\s+)?(?:months?|"
                          r"period|quarter|half|year)|(?:quarter|period|half)(?!\s+to\b))\b"
                          r"(?!\s+(?:of|in|last|ended|ending)\b)", re.I)
#: "July–March FY2025-26", "April-December 2024-25": months of a split (fiscal) year.
_MONTHS_SPLIT_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s*[-–]\s*(January|February|March|April|May|June|July|August|September|"
    r"October|November|December),?\s+(?:FY\s?)?((?:19|20)\d\d)\s?[-–/]\s?(?:\d\d)?\d\d\b")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11}


#: A title in apposition just before a name: "the Minister of Foreign Affairs of Greece, Ms".
_APPOSITION_BEFORE = re.compile(
    rf"\b((?:[A-Z][\w’']*\s+)?(?:{_TITLE_ANY.pattern})"
    r"(?:\s+(?:of|for|to)\s+(?:the\s+)?[A-Z][\w’'\- ]*?)?),\s+"
    r"(?:(?:His|Her)\s+(?:Excellency|Majesty|Highness)\s+)?"
    r"(?:(?:Mr|Ms|Mrs|Dr|Madam|Amb|Eng|Hon|Prof|H\.\s?E\.)\.?\s+)?$",
)
#: A title in apposition just after a name: ", Poland's Foreign Minister", ", the Polish
#: Minister of Trade".
_APPOSITION_AFTER = re.compile(
    rf",\s+((?:the\s+)?(?:[A-Z][\w’'\-]*\s+){{0,3}}?(?:{_TITLE_ANY.pattern})"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'\- ]*)?)")
#: The last word of a portfolio ("… and Foreign Affairs", "… and Regional Integration").
_PORTFOLIO_END = (r"(?:Affairs|Relations|Integration|Cooperation|Co-operation|Trade|Development|"
                  r"Industry|Industries|Defen[cs]e|Finance|Economy|Energy|Planning|Investment|"
                  r"Resources|Environment|Health|Education|Justice|Interior|Agriculture|Tourism|"
                  r"Culture|Transport|Infrastructure|Commerce|Fisheries|Works|Security|Diplomacy|"
                  r"Technology|Innovation|Communications|Labour|Employment|Mines|Petroleum|Water|"
                  r"Youth|Sports?|Women|Family|Welfare|Services|Reform|Administration|Budget|"
                  r"Treasury|Europe|Abroad|Diaspora|Climate|Research|Science|Transition)")
_PORTFOLIO = rf"(?:[A-Z][\w’'\-]*(?:\s*,\s*|\s+and\s+|\s+&\s+|\s+)){{0,4}}?{_PORTFOLIO_END}\b"
#: A minister's title whose portfolio no list holds, up to the name after it.
_LONG_TITLE = re.compile(
    rf"\b((?:(?:Deputy|Vice|State|Federal|First\s+Deputy|Cabinet)[\s-]+)?(?:Minister|Secretary|"
    rf"Commissioner)(?:\s+of\s+State)?\s+(?:of|for)\s+(?:the\s+)?{_PORTFOLIO}"
    rf"(?:(?:\s*,\s*|\s+and\s+|\s+&\s+){_PORTFOLIO})*)(?:\s*,\s*|\s+)(?=[A-Z])")
#: A reporting verb next to its speaker ("Doe told reporters", "said Doe").
_SPEAKER = re.compile(r"\b(?:said|says|told|added|stressed|noted|recalled|explained)\b")
#: A sentence spoken in the first person.
_FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b|\b[Ww]e\s+(?:have\s+|had\s+|also\s+|just\s+)*"
                           r"(?:agreed|signed|met|held|were|discussed|visited|had)\b")
#: Letters after a name (a member of parliament, an honour): not part of it.
_POST_NOMINAL = re.compile(r"TD|MP|MPs|MLA|MSP|MEP|QC|KC|OBE|MBE|CBE|KBE|PhD|Jr\.?|Sr\.?")
#: A transcript's speaker label ("MINISTER MOLONEY:", "QUESTION (Name, Paper):").
_SPEAKER_LABEL = re.compile(r"^\s*([A-Z][A-Z.'’\- ]{2,}?)\s*(?:\([^)]*\))?\s*:\s")
#: A line giving who answers (a parliamentary answer, an interview) or writes.
_AUTHOR_LINE = re.compile(r"^(?:Answer|Reply|Response|A|By)\s*[:(]?\s*(?:(?:Rt\s+)?Hon\.?\s+|"
                          r"Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?(?=[A-Z])")
#: A dateline opening a wire: "ACCRA, March 4 (Agency) -", "ALGECIRAS —".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’\- ]{2,}(?:,\s*[A-Z][A-Za-z.'’\- ]+)?(?:,\s+(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|"
    r"\d{1,2}\s+[A-Z][a-z]{2,9})(?:,?\s+\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+")
#: "a two-day visit": how many days a visit lasted.
_N_DAYS = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"thirteen|fourteen|fifteen|\d{1,2})[-\s]days?(?:[-\s]long)?\b(?!\s+(?:ago|"
                     r"later|earlier|before|after))|\b(fortnight|week)[-\s]long\b", re.I)
#: Words between the dates of a list ("in 2019, 2021 and 2023").
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+as\s+well\s+as)\s+(?:again\s+)?(?:in|on)?\s*",
                       re.I)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                 "fourteen": 14, "fifteen": 15}
_SPANS = {"fortnight": 14, "week": 7}
#: A sentence opening on the act just told ("At the end of the talks, …").
_AFTER_ACT = re.compile(r"(?i)(?:at\s+the\s+(?:end|close|conclusion)\s+of|after|following|"
                        r"during|on\s+the\s+sidelines\s+of|in\s+the\s+course\s+of)\s+the\s+"
                        r"(talks|meeting|visit|session|dialogue|consultations|round)\b")
_AFTER_KINDS = {"talks": ("meeting", "third_location_meeting"),
                "meeting": ("meeting", "third_location_meeting"),
                "visit": ("visit",), "session": ("working_group", "meeting"),
                "dialogue": ("meeting",), "consultations": ("meeting",), "round": ("meeting",)}
#: "The two countries launched …": the states act, not the people last named.
_TWO_STATES = re.compile(r"\b(?:the\s+two|both)\s+(?:countries|nations|states|governments)\b",
                         re.I)
#: The text says the date is not known yet: nothing is to be borrowed from elsewhere.
_NO_DATE = re.compile(r"\bno\s+(?:firm\s+)?dates?\s+(?:has|have|had|was|were)\s+(?:yet\s+)?"
                      r"(?:been\s+)?(?:set|fixed|agreed|announced)|\bdates?\s+(?:are|is|will\s+be)"
                      r"\s+(?:yet\s+)?to\s+be\s+(?:set|fixed|finali[sz]ed|announced|worked)|"
                      r"\bdates?\s+(?:will|would)\s+be\s+(?:finali[sz]ed|fixed|set|worked\s+out)",
                      re.I)
#: A country's side of an act ("the Jordanian delegation").
_SIDE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:delegation|side|team|officials|"
                   r"authorities|government|leadership)\b")
#: Acts between two sides: a person of one side meets, calls or signs with the other.
_BETWEEN_TWO = {"meeting", "phone_call", "agreement", "third_location_meeting", "working_group",
                "congratulation"}
#: "the 30th anniversary of": the act it marks was that many years before.
_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\b", re.I)
#: Acts that last some days (a visit, an exercise, a session) and so can span a range.
_LASTING = {"visit", "military_exercise", "working_group", "multilateral", "peacekeeping"}
#: The day given is the last of the span, not the first.
_ENDED = re.compile(r"\b(?:ended|concluded|wound\s+up|culminated|came\s+to\s+an\s+end|"
                    r"left|departed|wrapped\s+up)\b", re.I)
#: A clause that begins with the signing verb: its subject is in the clauses before.
_SIGNED_FIRST = re.compile(r"\s*(?:(?:also|jointly|then|later|together)\s+)?(?:signed|inked|"
                           r"exchanged|initialled|initialed)\b")
#: A side and who led it: "the Romanian delegation was led by", "the Jordanian side by".
_SIDE_LED_BY = re.compile(r"\b([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\s+(?:delegation|side|team)"
                          r"(?:\s+(?:was|is|were|will\s+be))?\s+(?:(?:led|headed)\s+)?by\b")
#: Acts whose sides are led by someone (a delegation, a session's co-chairs).
_LED_ACTS = {"meeting", "consultations", "joint_commission", "working_group", "visit",
             "third_location_meeting"}
#: "its first meeting since 2019": the last one was then.
_FIRST_SINCE = re.compile(r"\bfirst\s+(?:[\w-]+\s+){0,3}?(?:meeting|visit|session|round|talks|"
                          r"trip|call|exercise|summit|edition|consultations)\s+(?:[^.;]{0,60}?\s)?"
                          rf"since\s+(?:({MONTH_OR_DAY})\s+)?((?:19|20)\d\d)\b", re.I)
#: A role written in lower case after a name: ", commander of the Jordanian special forces".
_ROLE_AFTER = re.compile(r",\s+((?:the\s+)?(?:[a-z-]+\s+){0,2}(?:commander|head|chief|director|"
                         r"chair\w*|ambassador|envoy|minister|secretary|leader|spokes\w+|"
                         r"representative|governor|speaker|president|deputy)\b[^,;.()]{0,80})")
#: Words of a body that belongs to no one country.
_INTERNATIONAL = re.compile(r"\b(?:International|United|Nations|World|Union|Global|European|"
                            r"African|Asian|Organi[sz]ation|Cooperation|Forum|Alliance|"
                            r"Commonwealth|Community|Joint|Bilateral|Intergovernmental)\b|"
                            r"\b[A-Z]{2,}\b")
#: A name right after a title in apposition: the title was that name's ("X, the Prime
#: Minister of Latvia, Her Excellency Ms Ilze Kalnina").
_NAME_NEXT = re.compile(r"\s*,\s*(?:(?:His|Her)\s+(?:Excellency|Majesty|Highness)\s+)?"
                        r"(?:(?:Mr|Ms|Mrs|Dr|Madam|Shri|Smt)\.?\s+)?[A-Z][\w’'\-]+\s+[A-Z]")
#: An office-holder named by title alone: "The President is in Greece", "the Minister held".
_THE_TITLE = re.compile(r"\b[Tt]he\s+(President|Prime\s+Minister|Minister|Foreign\s+Minister|"
                        r"Chancellor|Premier|Ambassador|Secretary\s+of\s+State|Amir|Emir|King|"
                        r"Councillor|"
                        r"Queen)\b(?!\s+(?:of|for|and)\b)(?!\s+[A-Z])(?!’s|'s)")
#: "On the second day" of a visit told before.
_NTH_DAY = re.compile(r"\b(?:on\s+)?the\s+(first|second|third|fourth|fifth|final|last|opening|"
                      r"closing)\s+day\b", re.I)
_ORDINAL_DAYS = {"first": 0, "opening": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
_BEGAN = re.compile(r"\b(?:that|which)\s+(?:had\s+)?(?:began|started|commenced|opened)\b", re.I)
#: A clause speaking of an act already named ("at that meeting", "during the visit").
_ANAPHOR = re.compile(r"\b(?:that|this|the\s+same)\s+(?:meeting|visit|session|call|occasion)\b|"
                      r"\bduring\s+the\s+(?:visit|talks|meeting)\b", re.I)
#: Nouns that name an act already told when "the" comes before them.
_MENTION_NOUNS = (r"(?:visit|agreements?|signing|ceremony|committee|commission|meeting|talks|"
                  r"deals?|accords?|session|treaty|pact|memorand\w*|mou|exercises?|summit)")
#: Levels from the highest: a later title replaces an earlier, lower one.
_LEVEL_RANK = {"head_of_state_or_government": 0, "minister": 1, "ambassador": 2,
               "armed_forces": 3, "officials": 4}


class Extractor:
    """Proposes candidates from one text.

    Parameters
    ----------
    know
        What the data knows (:class:`Knowledge`).
    published
        The source's publication date (base of relative dates), or None.
    pair
        The two countries of the source's pair, if given; else inferred from the text.
    published_span
        For a source published on a day not known exactly (``published`` is None): the
        first and last day it may have appeared (a month, a year, a range).
    """

    def __init__(self, know: Knowledge, published: dt.date | None,
                 pair: tuple[str, str] | None = None,
                 published_span: tuple[dt.date, dt.date] | None = None):
        self.know = know
        self.published = published
        self.span = published_span if published is None else None
        # the latest day the source can speak from, for telling past acts from plans
        self.pub_end = published or (self.span[1] if self.span else None)
        self.pub_year = (published.year if published else
                         self.span[0].year if self.span and
                         self.span[0].year == self.span[1].year else None)
        self.pub_label = ""
        if self.span:
            a, b = self.span
            self.pub_label = (f"the publication year {a.year}" if (a.month, a.day, b.month,
                                                                   b.day) == (1, 1, 12, 31)
                              and a.year == b.year else
                              f"the publication month {a.isoformat()[:7]}"
                              if a.day == 1 and month_span(a.year, a.month)[1] == b else
                              f"the publication dates {a.isoformat()} to {b.isoformat()}")
        self.pair = pair
        self.namer = Namer(know)
        self._last_period: tuple[int, dict] | None = None
        self._guessed: dict[str, str] = {}   # person id -> how their country was guessed
        self._historic: set[str] = set()     # people named so far only in the past
        self._sentence_index = 0

    @staticmethod
    def _document_date(text: str) -> dt.date | None:
        """The day a document dates itself in a short line of its heading ("Iveagh House,
        Dublin, Monday 7 October 2024"), if it does."""
        for line in text.splitlines()[:8]:
            if not line.strip() or len(line.split()) > 14:
                continue
            days = [d for d in find_dates(line, None) if d.precision == "day" and
                    d.basis == "stated"]
            if len(days) == 1:
                return days[0].date_start
        return None

    def _find_dates(self, sentence: str, future: bool = False) -> list[DateFound]:
        if self.span:
            return find_dates_coarse(sentence, self.span, future)
        return find_dates(sentence, self.published, future)

    # the whole text -------------------------------------------------------------------------
    def run(self, text: str) -> list[Candidate]:
        self._text = text
        spans = sentences(text)
        self._spans = spans
        self.namer.read(text)
        self.namer.prefer = tuple(self.pair or ())
        named = [self.namer.find(text[s:e]) for s, e in spans]
        if self.pair is None:
            self.pair = infer_pair(named)
        out: list[Candidate] = []
        last_people: list[str] = []
        people_seen: list[Name] = []          # every person named so far, in order
        self._people_seen = people_seen
        speaker, quoting = "", False          # who is being quoted, and whether still
        author = ""                           # who answers or writes in the first person
        recent: list[tuple[int, dict]] = []   # (sentence index, engagement fields) with dates
        prev_eng: list[Candidate] = []         # the candidates of the sentence before
        self._year_seen = None
        self._dateline_end = 0
        doc = self._document_date(text)
        if doc and self.published and 0 < (self.published - doc).days <= 14:
            # a transcript or statement dated in its heading, published days later: its
            # "today" and "yesterday" are counted from its own date
            self.published = self.pub_end = doc
            self.pub_label = f"the date the document gives itself, {doc.isoformat()}"
        for i, ((s, e), names) in enumerate(zip(spans, named, strict=True)):
            sentence = text[s:e]
            self._sentence_end = e
            dateline = _DATELINE.match(sentence)
            # the dateline's own date is the day of writing, not the day of an act
            self._dateline_end = dateline.end() if dateline else 0
            if dateline:   # "ACCRA, March 4 (Agency) -": neither actor nor agency is a party
                names = [n for n in names if n.start >= dateline.end()]
            self._note_people(sentence, names)
            people = [n.ref for n in names if n.kind == "person"]
            group = self._group_people(sentence, people_seen)
            said = _SPEAKER.search(sentence)
            speaker_here = next((n.ref for n in names if n.kind == "person" and said and
                                 (n.end <= said.start() + 1 and said.start() - n.end < 40 or
                                  n.start >= said.end() - 1 and n.start - said.end() < 40)),
                                "")
            answer = _AUTHOR_LINE.match(sentence)
            if answer:
                author = next((n.ref for n in names if n.kind == "person" and
                               n.start >= answer.end() - 1), author)
            label = _SPEAKER_LABEL.match(sentence)
            if label:   # a transcript: "MINISTER MOLONEY: …" speaks until the next label
                words = set(fold(label.group(1)).lower().split())
                author = next((r for r in reversed([n.ref for n in people_seen] + people)
                               if fold(self.namer._full_name(r) or r).lower().split()[-1:]
                               and fold(self.namer._full_name(r) or r).lower().split()[-1]
                               in words), "")
            # "I" is the speaker of a quotation, else the one answering or writing
            me = ""
            if _FIRST_PERSON.search(sentence):
                me = speaker if (quoting or re.search(r"[\"“”]", sentence)) else author
            if group and not people:
                inherited = group
            elif not people and last_people and (_PRONOUN_START.match(sentence) or
                                                 _GROUP_OF_PEOPLE.search(sentence)):
                inherited = list(last_people)
            else:
                inherited = []
            eng = self._engagements(text, s, sentence, names, inherited, recent, i,
                                    last_people[0] if last_people else "", group, me)
            leaders = [n.ref for n in names if n.kind == "person"]
            if not eng and leaders and prev_eng and _SIDE_LED_BY.search(sentence):
                # "… took place in Bucharest. The Romanian delegation was led by X, and the
                # Jordanian delegation by Y": they took part in the act just told
                for c in prev_eng:
                    if c.fields["type"] in _LED_ACTS:
                        c.fields["participants"] = LIST_SEP.join(dict.fromkeys(
                            [*split_list(c.fields["participants"]), *leaders]))
                        c.fields["note"] = "; ".join(x for x in (
                            c.fields.get("note", ""),
                            "who led the sides taken from the sentence after") if x)
            prev_eng = eng
            out.extend(eng)
            self._sentence_index = i
            stated = [c.fields for c in eng if c.fields.get("date_basis") == "stated" and
                      c.fields.get("date_start")]
            if stated:   # the time the text is speaking of, for a date written without a year
                self._year_seen = (i, dt.date.fromisoformat(stated[-1]["date_start"]), e)
            trade = self._trade(text, s, sentence)
            out.extend(trade)
            if not eng and not trade:
                out.extend(self._claim(text, s, sentence, names))
            if people:
                last_people = people
                people_seen.extend(n for n in names if n.kind == "person")
                dated = [d for d in self._find_dates(sentence) if d.date_end]
                old = self.pub_end and dated and all(
                    d.date_end.year < self.pub_end.year - 1 for d in dated)
                for ref in people:
                    if old:
                        self._historic.add(ref)   # "President Ba travelled … in 1998"
                    else:
                        self._historic.discard(ref)
            elif group:
                last_people = group   # "They" after "the two ministers" are those two
            if speaker_here:
                speaker = speaker_here
            elif people and not re.search(r"[\"“”]", sentence):
                speaker = ""
            # inside a quotation that runs on into the next sentence
            quoting = (sentence.count('"') + sentence.count("“") - sentence.count("”")) % 2 \
                == 1 or bool(re.search(r"[\"“”]\s*$", sentence)) and quoting
            for c in eng:
                if c.fields.get("date_start"):
                    recent.append((i, c.fields))
        self._visitors_sign(out)
        self._countries_from_acts(out)
        out.extend(self._new_names(text))
        return out

    def _visitors_sign(self, cands: list[Candidate]) -> None:
        """A signing between the states alone, on a day of the one visit the text tells,
        takes the people of that visit ("Norway and Tanzania on Wednesday signed …, as
        Minister Solbakken wrapped up a three-day visit"); the row says so."""
        visits = [c for c in cands if c.kind == "engagement" and c.fields["type"] == "visit"
                  and c.fields.get("status") in ("held", "ongoing")
                  and c.fields.get("date_precision") in ("day", "range")]
        for c in cands:
            f = c.fields
            if c.kind != "engagement" or f["type"] != "agreement" or f.get("status") != "held" \
                    or f.get("date_precision") != "day" or any(
                        self._is_person(r) for r in split_list(f["participants"])):
                continue
            sentence = next(((a, b) for a, b in self._spans if a <= c.quote_start < b), (0, 0))
            talks = [m for m in cands if m.kind == "engagement" and m.fields["type"] in (
                "meeting", "third_location_meeting") and sentence[0] <= m.quote_start <
                sentence[1] and m.fields.get("date_start") == f["date_start"]]
            during = [v for v in visits
                      if v.fields["date_start"] <= f["date_start"] <= v.fields["date_end"]]
            # "signed on Thursday, as X held talks with Y": the talks' people too
            people = {r for v in (during if len(during) == 1 else []) + talks
                      for r in split_list(v.fields["participants"]) if self._is_person(r)}
            if not people:
                continue
            f["participants"] = LIST_SEP.join(dict.fromkeys(
                [*split_list(f["participants"]), *sorted(people)]))
            f["note"] = "; ".join(x for x in (f.get("note", ""), "the people of the visit "
                                              "or talks of that day added: check them") if x)

    def _note_people(self, sentence: str, names: list[Name]) -> None:
        """Complete what is known of each new person from their titles: a title in
        apposition before the name ("the Minister of Foreign Affairs of Greece, Mr Jan
        Nowak") or a later, higher title ("Minister Nowak") replaces a lesser one ("Mr"); and
        the person takes the pair country their title names ("the Polish Foreign Minister
        Jan Nowak", "Jan Nowak, Poland's Foreign Minister"), with no other name, comma or
        full stop between that country and the person."""
        for n in names:
            person = self.namer.new.get(n.ref)
            if n.kind != "person" or person is None:
                continue
            before = sentence[max(0, n.start - 160):n.start]
            appos = _APPOSITION_BEFORE.search(before)
            titles = [(n.role, n.level)]
            if appos:
                phrase = re.sub(r"^(?:The|the)\s+", "", " ".join(appos.group(1).split()))
                titles.append((phrase, next((lv for rx, lv in _TITLE_RES
                                             if re.search(rx.pattern[:-4], phrase)),
                                            "officials")))
            for role, level in titles:
                rank, now = _LEVEL_RANK.get(level, 9), _LEVEL_RANK.get(person.level, 9)
                if role and (rank < now or (rank == now and person.role and
                                            person.role in role)):
                    person.role, person.level = role, level
            if person.country or not self.pair:
                continue
            lead = re.search(r"[^,;.:()\[\]“”\"]*$", before).group(0)
            others = [m for m in names if m is not n and n.start - len(lead) <= m.start < n.start
                      and m.kind != "country"]
            if others:   # "X held talks with Kenyan Foreign Minister Y": after X only
                lead = sentence[max(m.end for m in others):n.start]
            codes = self._demonym_codes(lead)
            if len(codes) != 1 and appos:
                codes = self._demonym_codes(appos.group(1))
            if len(codes) != 1:
                # "his Egyptian counterpart, Foreign Minister Hazem Ali"
                prior = re.search(r"([^,;.:()]*\bcounterparts?),\s*[^,;.:()]*$", before)
                if prior:
                    codes = self._demonym_codes(prior.group(1))
            if len(codes) != 1:
                # "The Romanian delegation was led by …, X, and the Jordanian delegation by Y"
                since = max([m.end for m in names if m.kind == "person" and m.end <= n.start],
                            default=0)
                led = list(_SIDE_LED_BY.finditer(sentence[since:n.start]))
                if led:
                    codes = self._demonym_codes(led[-1].group(1))
            nxt = sentence[n.end:]
            if len(codes) != 1:
                role = _ROLE_AFTER.match(nxt)
                # "X, commander of the Jordanian special forces"
                if role and not _NAME_NEXT.match(nxt[role.end():]):
                    codes = self._demonym_codes(role.group(1))
            if len(codes) != 1:
                after = _APPOSITION_AFTER.match(nxt)
                if after and not _NAME_NEXT.match(nxt[after.end():]):
                    codes = self._demonym_codes(after.group(1))
            if len(codes) == 1:
                person.country = codes[0]

    def _group_people(self, sentence: str, seen: list[Name]) -> list[str] | None:
        """The people "the two foreign ministers", "both leaders", "the two presidents" refer
        to: the latest person named with that title for each country of the pair (or, the
        countries unknown, the two latest so titled). None if the sentence has no such group
        or fewer than two people fit."""
        m = _GROUP_OF_PEOPLE.search(sentence)
        if not m:
            return None
        noun = m.group(0).lower()

        def fits(n: Name) -> bool:
            if "delegation" in noun or "chair" in noun:
                return True   # whoever led a side
            info = self.namer.new.get(n.ref)
            role = ((info.role if info else n.role) or "").lower()
            level = (info.level if info else n.level) or self._known_level(n.ref)
            if "foreign" in noun:
                return bool(re.search(r"foreign|external", role))
            if "prime" in noun:
                return "prime" in role
            if "president" in noun:
                return "president" in role
            if "minister" in noun:
                return level == "minister" or "minister" in role
            return level == "head_of_state_or_government"

        chosen: list[str] = []
        taken: set[str] = set()
        # of each country, the latest named, unless named only in the text's history
        order = sorted(range(len(seen)), key=lambda k: (seen[k].ref not in self._historic, k),
                       reverse=True)
        for n in (seen[k] for k in order):
            if n.ref in chosen or not fits(n):
                continue
            country = self._country_of(n.ref)
            if country and country in taken:
                continue
            chosen.append(n.ref)
            if country:
                taken.add(country)
            if len(chosen) == 2:
                return chosen[::-1]
        return None

    def _has_cue(self, text: str, besides: str = "") -> bool:
        """Whether ``text`` holds an engagement cue of its own (of a type other than
        ``besides``)."""
        return any(re.search(cue, text, re.I if typ != "statement" else 0)
                   for typ, cue in lx.ENGAGEMENT_CUES if typ != besides)

    def _demonym_codes(self, text: str) -> list[str]:
        """The pair's countries named by an adjective or possessive in ``text`` ("Brazilian",
        "Kenya's", "French"): a word sharing the first letters of the country's name."""
        found = []
        for code in self.pair or ():
            country = pycountry.countries.get(alpha_3=code)
            if country is None:
                continue
            names = {getattr(country, a, None) for a in ("name", "common_name")} - {None}
            if code in lx.DEMONYMS and re.search(rf"\b(?:{lx.DEMONYMS[code]})\b", text):
                found.append(code)
                continue
            for name in names:
                stem = name.split(",")[0].split()[-1]
                stem = stem[:max(4, min(5, len(stem) - 1))]
                if re.search(rf"\b{re.escape(stem)}[a-z]*(?:’s|'s)?\b", text):
                    found.append(code)
                    break
        return found

    # engagements ----------------------------------------------------------------------------
    @staticmethod
    def _clause_date(dates, cs: int, ce: int):
        """The date a clause takes: its own, else the last one before it in the sentence,
        else the next one."""
        dated = [d for d in dates if d.precision != "undated"]
        own = [d for d in dated if cs <= d.start < ce]
        before = [d for d in dated if d.end <= cs]
        after = [d for d in dated if d.start >= ce]
        return (own or before[-1:] or after or [None])[0]

    def _engagements(self, text, offset, sentence, names, inherited, recent, index,
                     subject="", group=None, me=""):
        future_sentence = bool(re.search(lx.PLANNED_CUES, sentence, re.I))
        dates = [d for d in self._find_dates(sentence, future_sentence)
                 if d.start >= self._dateline_end]
        found_types: list[tuple[str, int, int]] = []
        persons_in = {}
        for cs, ce in clauses(sentence):
            clause = sentence[cs:ce]
            persons_in[(cs, ce)] = sum(1 for n in names if n.kind == "person" and
                                       cs <= n.start < ce)
            for typ, cue in lx.ENGAGEMENT_CUES:
                if self.know.types and typ not in self.know.types:
                    continue
                if re.search(cue, clause, re.I if typ != "statement" else 0):
                    known = [k for k, f in enumerate(found_types) if f[0] == typ]
                    own = [d for d in dates if cs <= d.start < ce and d.precision != "undated"]
                    # the date the earlier clause of this kind takes: its own, else one
                    # before it, else the next one
                    theirs = self._clause_date(dates, *found_types[known[0]][1:]) \
                        if known else None
                    if not known or (own and theirs is not None and theirs is not own[0] and
                                     own[0].date_start != theirs.date_start):
                        # a second act of the same kind on another date is another candidate
                        found_types.append((typ, cs, ce))
                    elif persons_in[(cs, ce)] > persons_in[found_types[known[0]][1:]]:
                        # the clause that names people says more about who did it
                        found_types[known[0]] = (typ, cs, ce)
        # a relative clause says more of the same act ("the summit, which is scheduled for
        # the first week of December"): its date and status belong to the cue's clause
        spans = clauses(sentence)
        for k, (typ, cs, ce) in enumerate(found_types):
            for ns, ne in spans:
                if ns >= ce and re.match(r"\s*(?:which|that|who)\s+(?:is|are|was|were|will|"
                                         r"has|have|convened|met|took\s+place)\b",
                                         sentence[ns:ne]) and \
                        not re.search(r"[;.]", sentence[ce:ns]) and \
                        not self._has_cue(sentence[ns:ne], besides=typ):
                    ce = ne
                elif ns >= ce:
                    break
            found_types[k] = (typ, cs, ce)
        types = [t for t, *_ in found_types]
        if "third_location_meeting" in types:
            found_types = [f for f in found_types if f[0] != "meeting"]
        if not found_types:
            return []
        out = []
        for typ, cs, ce in found_types:
            clause = sentence[cs:ce]
            planned = self._planned(typ, clause)
            ongoing = bool(re.search(lx.ONGOING_CUES, clause, re.I)) and not planned
            usable = dates
            if not planned and self.pub_end and re.search(r"\b\w+ed\b", clause):
                # a past act is not dated after its source's publication
                usable = [d for d in dates if d.date_start is None or
                          d.date_start <= self.pub_end]
            in_clause = [d for d in usable if cs <= d.start < ce]
            earlier = [d for d in usable if d.end <= cs and d.precision != "undated"]
            later = [d for d in usable if d.start >= ce and d.precision != "undated" and
                     not self._has_cue(sentence[ce:d.start], besides=typ)]
            basis_note = ""
            date: DateFound | None = None
            also: list[DateFound] = []
            years = [d.date_start.year for d in usable
                     if in_clause and d.end <= in_clause[0].start and d.date_start]
            if not years and recent:
                years = [int(recent[-1][1]["date_start"][:4])]
            if in_clause and in_clause[0].basis == "context" and years:
                # "in October of that year": the year the text was speaking of
                d0 = in_clause[0]
                first, last = month_span(years[-1], month_of(d0.expression))
                date = DateFound(d0.start, d0.end, d0.expression, first, last, "month",
                                 "context")
            elif in_clause:
                date = self._year_from_context(sentence, in_clause[0], usable, index)
                if date.precision == "year" and date.date_start:
                    # "Other contacts in 2024 included the visit …, on 27–29 May": the year
                    # frames a list; the act takes its own, finer date
                    finer = [d for d in usable if d.start >= ce and d.date_start and
                             d.precision in ("day", "range", "month") and
                             d.date_start.year == date.date_start.year and
                             not self._has_cue(sentence[ce:d.start])]
                    if finer and not any(cs <= d.start < ce and d is not in_clause[0]
                                         for d in usable):
                        date = finer[0]
            elif earlier and not ongoing:
                date = earlier[-1]
            elif later and not ongoing:
                date = later[0]
            nth = ([m for m in _NTH_DAY.finditer(sentence[:ce])] or [None])[-1]
            if nth and (date is None or date.precision in ("range", "month")):
                # "on the second day": of the visit (or other span) last told
                span = next((f for _, f in reversed(recent)
                             if f.get("date_precision") == "range"
                             and f["type"] in ("visit", "military_exercise", "multilateral")
                             and (date is None or f["date_start"] == _iso(date.date_start))),
                            None)
                if span:
                    first = dt.date.fromisoformat(span["date_start"])
                    last = dt.date.fromisoformat(span["date_end"])
                    word = nth.group(1).lower()
                    day = last if word in ("final", "last", "closing") else first + \
                        dt.timedelta(days=_ORDINAL_DAYS.get(word, 0))
                    if first <= day <= last:
                        date = DateFound(nth.start(), nth.end(), nth.group(0), day,
                                         day, "day", "context")
            if date is not None and date.basis != "context":
                # "visited Paris thrice, in January 1994, May 2000 and April 2005": each
                # date of a list is an act of its own
                for d in [x for x in usable if x.start > date.start]:
                    if d.precision == "undated" or not _LIST_GAP.fullmatch(
                            sentence[(also or [date])[-1].end:d.start]):
                        break
                    also.append(d)
            anniversary = _ANNIVERSARY.search(clause)
            if date is not None and date.date_start and anniversary and re.search(
                    dict(lx.ENGAGEMENT_CUES)[typ], clause[anniversary.end():], re.I):
                # "this year marks the 30th anniversary of the establishment of …"
                y = date.date_start.year - int(anniversary.group(1))
                date = DateFound(cs + anniversary.start(), cs + anniversary.end(),
                                 anniversary.group(0), dt.date(y, 1, 1), dt.date(y, 12, 31),
                                 "year", "context")
            days = _N_DAYS.search(clause)
            if date is not None and typ in _LASTING and date.precision == "day" and days:
                # "arrived on Monday for a two-day visit", "began a fortnight-long exercise"
                word = (days.group(1) or days.group(2) or "").lower()
                n_days = _SPANS.get(word) or _NUMBER_WORDS.get(word) or int(word)
                span = dt.timedelta(days=n_days - 1)
                if _ENDED.search(clause):
                    date = replace(date, date_start=date.date_start - span, precision="range")
                else:
                    date = replace(date, date_end=date.date_start + span, precision="range")
            began = _BEGAN.search(clause)
            if date is not None and typ in _LASTING and date.precision == "day" and began \
                    and _ENDED.search(clause[:began.start()]):
                # "today concluded a state visit that began on 8 April"
                first = [d for d in usable if d.start >= cs + began.end() and d.date_start
                         and d.precision == "day" and d.date_start < date.date_start]
                if first:
                    date = replace(date, date_start=first[0].date_start, precision="range")
            reach = self._reach(sentence, ce)
            # people named in the clause of another act of this kind, or of another item
            # of a list ("…, and a telephone conversation between X and Y"), are that act's
            siblings = [(a, b) for t, a, b in found_types if (a, b) != (cs, ce) and (
                t == typ or (re.match(r"\s*(?:and\s+)?(?:a|an)\s", sentence[a:b]) and
                             not (a <= cs < b or cs <= a < ce)))]
            people_here = [n for n in names if n.kind == "person" and (
                cs <= n.start < ce or not any(a <= n.start < b for a, b in siblings))]
            own = [n for n in people_here if cs <= n.start < ce]
            if own and re.match(r"\s*(?:and\s+)?(?:a|an)\s", clause):
                people_here = own   # an item of a list names its own people
            if typ in _INSTITUTIONAL:
                # states and bodies take part: only people named in the cue's own clause
                # (or the clause saying who held it: "…, chaired by X and Y")
                start = cs
                if typ == "agreement" and _SIGNED_FIRST.match(clause):
                    # "X, the minister of …, and Y signed …": the clause's subject is before it
                    start = 0
                people_here = [n for n in people_here if start <= n.start < reach]
                if not _GROUP_OF_PEOPLE.search(clause) or typ in ("military_exercise",
                                                                  "peacekeeping"):
                    inherited = []
            if group and typ not in ("military_exercise", "peacekeeping") and \
                    _GROUP_OF_PEOPLE.search(clause) and not any(
                    cs <= n.start < ce for n in people_here):
                # "the two ministers met …, when Ms Doe …": the group is this clause's actor
                people_here, inherited = [], list(group)
            participants = [n.ref for n in people_here] or (
                [] if self.pair and _TWO_STATES.search(clause) else list(inherited))
            the = _THE_TITLE.search(clause) if not any(
                cs <= n.start < ce for n in people_here) else None
            titled = self._titled(the.group(1)) if the else ""
            if titled:   # "The President is in Greece on an official visit": the one so titled
                participants = list(dict.fromkeys([titled, *participants]))
            if people_here and subject and re.match(r"(?:He|She)\b", sentence) and \
                    not re.match(r"(?:He|She)\s+(?:also\s+)?(?:said|says|added|noted|told|"
                                 r"recalled|stressed|announced|confirmed)\b", sentence) and \
                    typ not in _INSTITUTIONAL:
                participants = list(dict.fromkeys([subject, *participants]))
            if me and _FIRST_PERSON.search(clause) and typ not in ("military_exercise",
                                                                   "peacekeeping"):
                participants = list(dict.fromkeys([me, *participants]))
                mine = self._country_of(me)
                if re.search(r"\b[Ww]e\b", clause) and typ in _BETWEEN_TWO and self.pair:
                    # "we met": the speaker and the latest named of the other side
                    other = next((n.ref for n in reversed(self._people_seen)
                                  if n.ref != me and self._country_of(n.ref) in self.pair and
                                  self._country_of(n.ref) != mine), "")
                    if other:
                        participants = list(dict.fromkeys([*participants, other]))
            if inherited and not people_here:
                basis_note = "participants taken from the sentence before ('" + \
                    sentence.split()[0] + "…')"
            orgs = [n.ref for n in names if n.kind in ("organisation", "media")
                    and n.table == "entities" and cs <= n.start < reach]
            date_basis = date.basis if date else ""
            date_fields = {}
            undated_sentence = not [d for d in usable if d.precision != "undated"]
            continuing = bool(_CONTEXT_START.match(sentence)) or bool(_CONTEXT_START.match(
                clause.strip()))
            if date is None and not ongoing and (participants or continuing) \
                    and undated_sentence and not _NO_DATE.search(sentence):
                def closeness(f):
                    if not self.published or not f.get("date_start"):
                        return 0
                    return -abs((dt.date.fromisoformat(f["date_start"]) -
                                 self.published).days)
                after = _AFTER_ACT.match(sentence) or _AFTER_ACT.search(clause)
                kinds = _AFTER_KINDS.get(after.group(1).lower(), ()) if after else ()
                ranked = sorted(
                    # "following the talks": the talks told last, before anything else
                    # (of those, the one nearest the publication: the text's own occasion)
                    ((f["type"] in kinds, len(set(split_list(f["participants"])) &
                                              set(participants)), j, closeness(f), f)
                     for j, f in recent),
                    key=lambda t: (t[0], t[1], t[3], t[2]) if kinds else t[:4], reverse=True)
                ranked = [(o, j, c, f) for _, o, j, c, f in ranked]
                for overlap, j, _, fields in ranked:
                    if planned != (fields.get("status") == "planned"):
                        continue  # a plan takes its date from a plan, an act from an act
                    if (continuing and index - j <= (5 if _AFTER_ACT.match(sentence) else 2)) \
                            or (overlap and (
                            index - j <= 6 or re.search(r"\balso\b", clause) or
                            closeness(fields) >= -31)):
                        date_fields = {k: fields[k] for k in ("date_start", "date_end",
                                                              "date_precision")}
                        date_fields["date_expression"] = ""
                        date_basis = "context"
                        if _ANAPHOR.search(clause):   # "at that meeting": its people too
                            participants = list(dict.fromkeys(
                                [*participants, *split_list(fields["participants"])]))
                        basis_note = (basis_note + "; " if basis_note else "") + \
                            "date taken from an earlier sentence about the same people"
                        break
            countries_here = [n for n in names if n.kind == "country"]
            if not participants:
                codes = []
                for n in countries_here:
                    if n.country and n.country not in codes:
                        codes.append(n.country)
                for code in self._demonym_codes(sentence):
                    if code not in codes:
                        codes.append(code)
                if self.pair and (_PAIR_WORDS.search(sentence) or
                                  (len(codes) == 1 and codes[0] in self.pair) or not codes):
                    codes = list(dict.fromkeys([*codes, *self.pair]))
                participants = [r for r in (self._country_entity(c, countries_here)
                                            for c in codes) if r]
            elif typ not in ("visit",) and typ not in _INSTITUTIONAL:
                # a person-led act towards a country named in its clause ("congratulated X")
                participants += [r for r in (self._country_entity(n.country, countries_here)
                                             for n in countries_here if cs <= n.start < reach
                                             and n.country in (self.pair or ())) if r]
                # … or towards its delegation ("received the Jordanian delegation")
                for side in _SIDE.finditer(clause):
                    participants += [r for r in (self._country_entity(c, countries_here)
                                                 for c in self._demonym_codes(side.group(0))
                                                 if c in (self.pair or ())) if r]
            elif typ in _INSTITUTIONAL and self.pair and _PAIR_WORDS.search(clause):
                # "the two sides signed": the states are parties beside the people
                participants += [r for r in (self._country_entity(c, countries_here)
                                             for c in self.pair) if r]
            participants = list(dict.fromkeys(participants + orgs))
            places = [n.ref for n in names if n.table == "places" and n.kind != "country"
                      and not re.match(r"\s*:", sentence[n.end:])]
            if typ in ("visit",):
                for n in countries_here:
                    before = sentence[max(0, n.start - 12):n.start]
                    if re.search(r"\b(?:to|in|visited|visit)\s+(?:the\s+)?$", before) and (
                            n.start >= cs and n.end <= ce + 40):
                        ref = self.know.country_place.get(n.country)
                        if ref is None:
                            ref = slug(n.text)
                            self.namer.new_places.setdefault(ref, Name(
                                n.start, n.end, n.text, ref, "places", "country", False,
                                n.country))
                        places.append(ref)
            if typ == "visit" and self.pair and not any(
                    n.kind == "country" for n in countries_here if n.ref in places or
                    self.know.country_place.get(n.country) in places):
                # the visitor's country, from an adjective or possessive before a person's
                # title: the visit is to the other country of the pair
                people_at = [n for n in people_here if n.start < ce + 5]
                visitor = []
                for n in people_at[:1]:
                    visitor = self._demonym_codes(sentence[max(0, n.start - 60):n.start])
                if len(visitor) == 1:
                    other = [c for c in self.pair if c != visitor[0]][0]
                    ref = self.know.country_place.get(other)
                    if ref is None:
                        label = pycountry.countries.get(alpha_3=other)
                        label = (getattr(label, "common_name", None) or label.name) if label \
                            else other
                        ref = slug(label)
                        self.namer.new_places.setdefault(ref, Name(
                            0, 0, label, ref, "places", "country", False, other))
                    places.append(ref)
            status = "planned" if planned else ("ongoing" if ongoing else "held")
            if date and date.date_start and self.pub_end and not ongoing and \
                    date.date_start > self.pub_end:
                status = "planned"
            level = self._level(typ, names, participants)
            domain = _first(lx.DOMAIN_CUES, sentence) or lx.TYPE_DOMAINS.get(typ, "political")
            if self.know.domains and domain not in self.know.domains:
                domain = lx.TYPE_DOMAINS.get(typ, "political")
            actor = next((self._country_of(r) for r in participants if self._country_of(r)),
                         "")
            fields = {
                "type": typ, "status": status, "level": level, "actor": actor,
                "participants": LIST_SEP.join(participants),
                "places": LIST_SEP.join(dict.fromkeys(places)), "domains": domain,
                "summary": _short(clause),
                "note": basis_note,
            }
            if date is not None:
                fields.update(date_start=_iso(date.date_start), date_end=_iso(date.date_end),
                              date_precision=date.precision, date_basis=date.basis,
                              date_expression=date.expression)
                res = resolution(date, self.published, self.pub_label)
                if res:
                    fields["note"] = (fields["note"] + "; " if fields["note"] else "") + res
            elif date_fields:
                fields.update(date_fields, date_basis="context")
            else:
                fields.update(date_precision="undated", date_basis="unknown")
            del date_basis
            if self._not_an_act(typ, sentence, clause, cs, ce, names, date, participants):
                continue
            q0, q1 = self._quote_span(sentence, cs, ce, date)
            cand = Candidate("engagement", offset + q0, offset + q1, fields)
            self._match(cand)
            out.append(cand)
            for d in also:
                more = dict(fields, date_start=_iso(d.date_start), date_end=_iso(d.date_end),
                            date_precision=d.precision, date_basis=d.basis,
                            date_expression=d.expression,
                            note="one of a list of dates; the act on " + d.expression)
                if d.date_start and self.pub_end and d.date_start > self.pub_end:
                    more["status"] = "planned"
                cand = Candidate("engagement", offset + q0, offset + q1, more)
                self._match(cand)
                out.append(cand)
            since = _FIRST_SINCE.search(clause)
            then = None
            if since:
                year, month = int(since.group(2)), month_of(since.group(1) or "")
                first, last = month_span(year, month) if month else (dt.date(year, 1, 1),
                                                                     dt.date(year, 12, 31))
                then = DateFound(cs + since.start(1 if month else 2), cs + since.end(),
                                 since.group(0).split("since", 1)[1].strip(), first, last,
                                 "month" if month else "year", "stated")
            if then is not None and (not self.pub_end or then.date_start <= self.pub_end):
                # "its first meeting since 2019": there was one in 2019
                more = dict(fields, date_start=_iso(then.date_start),
                            date_end=_iso(then.date_end), date_precision=then.precision,
                            date_basis=then.basis, date_expression=then.expression,
                            status="held", places="", note=f"an earlier act implied by '"
                            f"{' '.join(since.group(0).split())}'")
                cand = Candidate("engagement", offset + q0, offset + q1, more)
                self._match(cand)
                out.append(cand)
        return out

    @staticmethod
    def _planned(typ: str, clause: str) -> bool:
        """The act of the clause is planned: a planned cue governs it, not one inside a
        clause hanging from it ("met X soon after arriving on a visit during which he will
        attend …")."""
        p = re.search(lx.PLANNED_CUES, clause, re.I)
        if not p:
            return False
        cue = dict(lx.ENGAGEMENT_CUES).get(typ)
        m = re.search(cue, clause, re.I if typ != "statement" else 0) if cue else None
        if m and m.end() <= p.start() and \
                re.fullmatch(r"(?:met|held|signed|visited|called|spoke|\w+ed)", m.group(0),
                             re.I) and \
                re.search(r"\b(?:during|after|at|in|following)\s+which\b|\bwhere\b|"
                          r"\bwhen\b|,\s*which\b", clause[m.end():p.start()], re.I):
            return False
        return True

    @staticmethod
    def _reach(sentence: str, ce: int) -> int:
        """Where the people and bodies of a cue's clause end: after a following clause that
        says who did it ("…, conducted by the X Navy and the Y Navy", "…, chaired by X and
        Y"), with the rest of its list."""
        reach, inside = ce, False
        for ns, ne in clauses(sentence):
            if ns < ce:
                continue
            part = sentence[ns:ne]
            if not inside and re.match(r"\s*(?:(?:and\s+)?(?:was\s+|were\s+)?(?:conducted|"
                                       r"organi[sz]ed|held|hosted|"
                                       r"run|led|involving|attended|(?:co-?)?chaired)\b|"
                                       r"between\b|by\b)", part, re.I):
                reach, inside = ne, True
            elif inside and re.match(r"\s*(?:and\s+)?(?:the\s+[A-Z]|(?:co-?)?chaired\b|"
                                     r"attended\b|led\b|by\b)", part):
                reach = ne
            else:
                break
        return reach

    def _not_an_act(self, typ, sentence, clause, cs, ce, names, date, participants) -> bool:
        """Whether a cue names no act of its own to propose:

        * a headline or heading (a line with no closing punctuation) with no date: the body
          tells the same act with its date;
        * a clause with no date of its own that only mentions an act already told, by a
          noun after "the" ("the agreements were welcomed", "the visit reaffirmed ties"),
          naming nobody;
        * an act named only in an opening "following the talks" or "after the visit";
        * an act in a third country by at most one person, with neither country of the
          pair named ("is due to travel on to Lomé for talks with Togolese officials").
        """
        people = [n for n in names if n.kind == "person" and cs <= n.start < ce]
        if date is None and not re.search(r"[.!?\"”’)\]:]\s*$", sentence) and \
                self._text[self._sentence_end:].strip():
            return True   # (the unfinished last words of an excerpt are no heading)
        opener = _AFTER_ACT.match(clause.strip())
        if opener and not re.search(dict(lx.ENGAGEMENT_CUES)[typ], clause.strip()[opener.end():],
                                    re.I if typ != "statement" else 0):
            return True   # "Following the talks, X …": the talks were told before
        if date is None and not people:
            for t, cue in lx.ENGAGEMENT_CUES:
                if t != typ:
                    continue
                m = re.search(cue, clause, re.I if typ != "statement" else 0)
                if m and re.fullmatch(_MENTION_NOUNS, m.group(0).strip().lower()) and \
                        not re.match(r"\s+of\b", clause[m.end():]) and \
                        re.search(r"\b(?:the|these|those|such)\s+(?:[\w-]+\s+){0,2}$",
                                  clause[:m.start()], re.I):
                    return True
        if self.pair:
            here = [n for n in names if n.table == "places" and cs <= n.start < ce
                    and n.country]
            pair_named = any(n.kind == "country" and n.country in self.pair and
                             cs <= n.start < ce for n in names) or \
                self._demonym_codes(clause)
            if here and all(n.country not in self.pair for n in here) and not pair_named \
                    and len(people) <= 1 and typ not in ("third_location_meeting",):
                return True
        return False

    def _year_from_context(self, sentence: str, date: DateFound, usable, index: int):
        """A day or month written without its year ("On 14 February") takes the year the
        text was just speaking of (a year stated earlier in the sentence or in the two
        sentences before), not the one nearest the publication date."""
        if date.basis != "relative" or not date.date_start or \
                re.search(r"\b(?:1[89]|20)\d\d\b|\b(?:last|next|this|past|coming|ago|yesterday|"
                          r"today|tomorrow)\b", date.expression, re.I) or \
                month_of(date.expression) is None:
            return date
        before = [d for d in usable if d.end <= date.start and d.basis == "stated" and
                  d.date_start]
        if before:
            since = before[-1].date_start
        elif self._year_seen and index - self._year_seen[0] <= 2 and not re.search(
                r"\n\s*\n", self._text[self._year_seen[2]:self._sentence_end - len(sentence)]):
            since = self._year_seen[1]   # (a new paragraph leaves the year it spoke of)
        else:
            return date
        # a narrative runs forward: the first such day on or after the one spoken of
        year = since.year
        try:
            if date.date_start.replace(year=year) < since.replace(day=1):
                year += 1
        except ValueError:   # 29 February
            return date
        shift = year - date.date_start.year
        if shift == 0:
            return date
        try:
            start = date.date_start.replace(year=date.date_start.year + shift)
            end = date.date_end.replace(year=date.date_end.year + shift)
        except ValueError:   # 29 February
            return date
        if self.pub_end and (start > self.pub_end) != (date.date_start > self.pub_end):
            return date   # the year spoken of would change the tense: not that year
        return replace(date, date_start=start, date_end=end, basis="context")

    @staticmethod
    def _quote_span(sentence, cs, ce, date):
        """The clause, widened to take in its date if the date sits outside it."""
        s, e = cs, ce
        if date is not None:
            s, e = min(s, date.start), max(e, date.end)
        return s, e

    def _titled(self, title: str) -> str:
        """The person last named with ``title`` ("the President", "the Minister"), passing
        over people named only in the text's history; "" if none or the title is ambiguous
        between the two sides."""
        want = " ".join(title.lower().split())
        for n in reversed(self._people_seen):
            info = self.namer.new.get(n.ref)
            role = " ".join(((info.role if info else n.role) or "").lower().split())
            if n.ref in self._historic or want not in role:
                continue
            if want == "minister" and "prime" in role:
                continue
            return n.ref
        return ""

    def _is_person(self, ref: str) -> bool:
        if ref in self.namer.new:
            return self.namer.new[ref].kind == "person"
        return self.know.kind_of.get(("entities", ref)) == "person"

    def _countries_from_acts(self, cands: list[Candidate]) -> None:
        """Give a new person with no country the one the acts imply, in a text about two
        countries: the one person of an act between two sides whose other side is known
        ("Solbakken held talks with Tanzanian Foreign Minister Mwakalinga": Solbakken is
        of the other country), and the lone visitor to a place of one country (of the
        other). Each guess is said in the person's row."""
        if not self.pair:
            return
        other = {self.pair[0]: self.pair[1], self.pair[1]: self.pair[0]}
        changed = True
        while changed:
            changed = False
            for c in cands:
                if c.kind not in ("engagement", "link"):
                    continue
                people = [r for r in split_list(c.fields.get("participants", ""))
                          if self._is_person(r)]
                bodies = [r for r in split_list(c.fields.get("participants", ""))
                          if r in self.namer.new and self.namer.new[r].kind == "organisation"
                          and not _INTERNATIONAL.search(self.namer.new[r].text)]
                unknown = [r for r in people + bodies if r in self.namer.new and
                           not self.namer.new[r].country]
                if len(unknown) != 1:
                    continue
                sides = {self._country_of(r) for r in split_list(c.fields.get("participants", ""))
                         if r not in unknown} & set(other)
                why = ""
                if len(sides) == 1 and c.fields["type"] in _BETWEEN_TWO:
                    code = other[sides.pop()]
                    why = f"the other side of a {c.fields['type'].replace('_', ' ')}"
                elif c.fields["type"] == "visit" and len(sides) <= 1:
                    # the lone visitor, or the one stranger among hosts, to a place of one
                    # country is of the other
                    at = {self._place_country(p) for p in split_list(c.fields.get("places",
                                                                                   ""))}
                    at = at & set(other)
                    if len(at) != 1 or (sides and sides != at):
                        continue
                    code = other[at.pop()]
                    why = "a visitor to " + next(iter(set(other) - {code}))
                else:
                    continue
                person = self.namer.new[unknown[0]]
                person.country = code
                self._guessed[unknown[0]] = f"country guessed ({why}): check it"
                changed = True

    def _place_country(self, ref: str) -> str:
        if ref in self.namer.new_places:
            return self.namer.new_places[ref].country
        return self.know.country_of.get(("places", ref), "")

    def _country_of(self, ref: str) -> str:
        if ref in self.namer.new:
            return self.namer.new[ref].country
        return self.know.country_of.get(("entities", ref), "")

    def _country_entity(self, code: str, names: list[Name]) -> str:
        if code in self.know.country_entity:
            return self.know.country_entity[code]
        for n in names:
            if n.country == code:
                return n.ref
        # a country the sentence does not name: the entity is named as the text names it
        for surface, c in sorted(countries().items(), key=lambda kv: -len(kv[0])):
            if c == code and re.search(rf"(?<![\w-]){re.escape(surface)}(?!\w)", self._text):
                ref = slug(surface)
                self.namer.new.setdefault(ref, Name(0, 0, surface, ref, "entities", "country",
                                                    False, code))
                return ref
        return ""  # not named anywhere: no entity can be quoted for it

    def _level(self, typ, names, participants):
        if typ in ("recognition", "diplomatic_relations"):
            return "state"
        if typ in ("military_exercise", "peacekeeping"):
            return "armed_forces"
        order = ["head_of_state_or_government", "minister", "ambassador", "armed_forces",
                 "officials"]
        levels = [n.level for n in names if n.ref in participants and n.level]
        levels += [self._known_level(r) for r in participants]
        levels += [self.namer.new[r].level for r in participants if r in self.namer.new]
        levels = [lv for lv in levels if lv]
        for lv in order:
            if lv in levels:
                return "minister" if lv == "armed_forces" else lv
        return "unspecified"

    def _known_level(self, ref: str) -> str:
        ents = self.know.entities
        if ents.empty:
            return ""
        role = ents.loc[ents["entity_id"] == ref, "role"]
        if role.empty:
            return ""
        for rx, level in _TITLE_RES:
            if re.search(rx.pattern.replace(r"\s*$", "").replace("(?:^|\\b)", r"\b"),
                         role.iloc[0]):
                return level
        return ""

    def _match(self, cand: Candidate) -> None:
        """Name an existing engagement the candidate looks like, turning it into a link."""
        eng = self.know.engagements
        if eng is None or eng.empty:
            return
        f = cand.fields
        mine = set(split_list(f["participants"]))
        start = pd.Timestamp(f["date_start"]) if f.get("date_start") else None
        end = pd.Timestamp(f["date_end"]) if f.get("date_end") else start
        best, best_score = None, 0
        for e in eng.itertuples():
            theirs = set(split_list(e.participants))
            shared = mine & theirs
            if not shared:
                continue
            score = len(shared) / len(mine | theirs)
            if e.type == f["type"]:
                score += 1
            elif {e.type, f["type"]} <= {"visit", "meeting", "third_location_meeting"}:
                score += 0.3
            else:
                continue
            es = e.date_start if pd.notna(e.date_start) else None
            ee = e.date_end if pd.notna(e.date_end) else es
            if start is not None and es is not None:
                if end < es or ee < start:
                    # dates disagree: only the same kind of act with the same people
                    if e.type != f["type"] or score < 1.5:
                        continue
                    score -= 0.5
                else:
                    score += 0.5
            if score > best_score:
                best, best_score = e, score
        if best is None or best_score < 1.2:
            return
        cand.kind = "link"
        f["matches"] = best.engagement_id
        what = []
        if f.get("date_precision") and best.date_precision != f["date_precision"]:
            what.append(f"date {best.date_precision} there, {f['date_precision']} here")
        if best.status != f["status"]:
            what.append(f"status {best.status} there, {f['status']} here: an update?")
        es = best.date_start if pd.notna(best.date_start) else None
        if start is not None and es is not None and not (
                end < es or (best.date_end if pd.notna(best.date_end) else es) < start):
            pass
        elif start is not None and es is not None:
            what.append("dates disagree: kept as the source's version")
        f["note"] = "; ".join(x for x in [f.get("note", ""),
                                          f"looks like {best.engagement_id}" +
                                          (f" ({', '.join(what)})" if what else
                                           " (a further source)")] if x)

    # trade ----------------------------------------------------------------------------------
    def _trade(self, text, offset, sentence):
        measure = _first(lx.MEASURE_CUES, sentence)
        last = getattr(self, "_last_trade", None)
        if measure is None and last and last[0] >= self._sentence_index - 1 and \
                re.search(r"\b(?:total|figure|equivalent|amount)\b", sentence, re.I):
            measure = last[1]   # "The 2025 total was equivalent to PKR 139.8 billion"
        if measure is None:
            return []
        out = []
        dates = self._find_dates(sentence)
        for m in _MONEY.finditer(sentence):
            pre, post, unit = m.group("pre"), m.group("post"), m.group("unit")
            currency_word = (pre or post or "").strip().lower()
            currency_word = re.sub(r"\s+", " ", currency_word)
            currency = lx.CURRENCIES.get(currency_word) or lx.CURRENCIES.get(
                currency_word.replace(" ", ""))
            if currency is None and re.fullmatch(r"[a-z]{3}", currency_word) and \
                    pycountry.currencies.get(alpha_3=currency_word.upper()):
                currency = currency_word.upper()   # any ISO 4217 code written before a figure
            if currency is None:
                continue
            if unit is None and not pre:
                continue
            num = m.group("num")
            if len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100 and not unit:
                continue
            local = sentence[max(0, m.start() - 120):m.end() + 60]
            local_measure = _first(lx.MEASURE_CUES, local) or measure
            if re.search(lx.NOT_TRADE_CUES, sentence[max(0, m.start() - 60):m.end() + 30],
                         re.I) and not re.search(r"\btrade\b|\bturnover\b|\bexport|\bimport",
                                                 sentence[max(0, m.start() - 60):m.start()], re.I):
                continue
            value = num.replace(",", "")
            fields = {"measure": local_measure, "value": value,
                      "unit": lx.UNITS.get((unit or "").lower(), "units"),
                      "currency": currency, "summary": _short(sentence)}
            fields.update(self._period(sentence, m, dates))
            if fields.get("period_basis") == "not_stated" and not fields.get("date_expression") \
                    and self._last_period and self._last_period[0] >= self._sentence_index - 1:
                fields.update(self._last_period[1])
                fields["note"] = "period taken from the figure before"
            elif fields.get("period_start"):
                self._last_period = (self._sentence_index, {
                    k: fields[k] for k in ("period_start", "period_end", "period_basis")})
            growth = _GROWTH.search(sentence, m.end()) or _GROWTH.search(sentence)
            if growth:
                fields["growth"] = growth.group(0)
            notes = []
            if local_measure in ("exports", "imports"):
                notes.append("check the direction: exports/imports of the first country of "
                             "the pair")
            if fields.get("note"):
                notes.insert(0, fields["note"])
            fields["note"] = "; ".join(notes)
            s, e = self._trade_quote(sentence, m)
            cand = Candidate("trade", offset + s, offset + e, fields)
            self._last_trade = (self._sentence_index, local_measure)
            self._match_trade(cand)
            out.append(cand)
        return out

    @staticmethod
    def _trade_quote(sentence, m):
        cl = [c for c in clauses(sentence) if c[0] <= m.start() < c[1]]
        s = cl[0][0] if cl else 0
        # the clause, extended to the end of its period words
        e = cl[0][1] if cl else len(sentence)
        e = max(e, m.end())
        return s, e

    def _period(self, sentence, money, dates) -> dict:
        # a date a growth rate is measured against is not the figure's period ("up 9% on
        # 2024", "compared with the same period of 2024")
        dates = [d for d in dates if not _BASE_PERIOD.search(sentence[:d.start])]
        after = [d for d in dates if d.start >= money.end() and d.precision != "undated"]
        before = [d for d in dates if d.end <= money.start() and d.precision != "undated"]
        monies = [m for m in _MONEY.finditer(sentence) if m.group("pre") or m.group("post")
                  or m.start() == money.start()]

        def closest_money(a: int, b: int):
            return min(monies, key=lambda m: min(abs(m.start() - b), abs(a - m.end())),
                       default=None)

        same = _SAME_PERIOD.search(sentence)
        if same and self._last_period and closest_money(*same.span()) is not None and \
                closest_money(*same.span()).start() == money.start() and \
                not [d for d in after + before if closest_money(d.start, d.end).start() ==
                     money.start()]:
            return {**self._last_period[1], "date_expression": same.group(0),
                    "note": "period taken from the figure before ('" + same.group(0) + "')"}
        split = [m for m in _MONTHS_SPLIT_YEAR.finditer(sentence)
                 if closest_money(*m.span()).start() == money.start()]
        if split:
            sm = min(split, key=lambda m: min(abs(m.start() - money.end()),
                                               abs(money.start() - m.end())))
            m1, m2 = month_of(sm.group(1)), month_of(sm.group(2))
            y1 = int(sm.group(3))
            y2 = y1 + 1 if m2 < m1 else y1
            start, end = dt.date(y1, m1, 1), month_span(y2, m2)[1]
            return {"period_start": _iso(start), "period_end": _iso(end),
                    "period_basis": "partial_year", "date_expression": sm.group(0)}
        months_stated = [d for d in after + before if d.basis == "stated" and
                         d.precision in ("range", "month") and
                         closest_money(d.start, d.end).start() == money.start()]
        fy = None if months_stated else _FISCAL.search(sentence)
        if fy:
            y = int(fy.group(1))
            nxt = int(fy.group(2))
            if (y + 1) % 100 == nxt:
                basis = None
                for code in (self.pair or ()):
                    if code in lx.FISCAL_YEAR_BASIS:
                        basis, month = lx.FISCAL_YEAR_BASIS[code]
                        break
                if basis:
                    start = dt.date(y, month, 1)
                    end = dt.date(y + 1, month, 1) - dt.timedelta(days=1)
                    return {"period_start": _iso(start), "period_end": _iso(end),
                            "period_basis": basis, "date_expression": fy.group(0)}
                return {"period_basis": "not_stated", "date_expression": fy.group(0),
                        "note": "a split year: whose fiscal year? set the period by hand"}
        for rx, months in ((_FIRST_MONTHS, None), (_FIRST_HALF, 6)):
            fm = rx.search(sentence)
            if fm and closest_money(*fm.span()).start() != money.start():
                fm = None   # the period of another figure of the sentence
            if fm:
                n = months or _NUMBERS.get(fm.group(1).lower()) or int(fm.group(1))
                which = fm.group(2 if months is None else 1).lower()
                y = (int(which) if which[:2] in ("19", "20") else
                     (self.pub_year - (1 if which.startswith("last") else 0)
                      if self.pub_year else None))
                if y is None or not 1 <= n <= 12:
                    break
                end = (dt.date(y, n, 28) + dt.timedelta(days=4)).replace(day=1) - \
                    dt.timedelta(days=1)
                return {"period_start": f"{y}-01-01", "period_end": _iso(end),
                        "period_basis": "quarter" if n == 3 else "partial_year",
                        "date_expression": fm.group(0)}
        cl = [c for c in clauses(sentence) if c[0] <= money.start() < c[1]]
        near = [d for d in (after + before)
                if not cl or cl[0][0] <= d.start < cl[0][1] or d.end <= money.start()]
        near.sort(key=lambda d: min(abs(d.start - money.end()), abs(money.start() - d.end)))
        d = (near or after or before or [None])[0]
        if d is None:
            return {"period_basis": "not_stated"}
        basis = {"day": "not_stated", "month": "month", "year": "calendar_year",
                 "range": "partial_year"}[d.precision]
        if d.precision == "range" and (d.date_start.month, d.date_start.day,
                                       d.date_end.month, d.date_end.day) == (1, 1, 12, 31) \
                and d.date_start.year == d.date_end.year:
            basis = "calendar_year"   # "the year ended 31 December 2024"
        expr = d.expression.lower()
        if d.basis == "relative" and d.precision == "year" and "this" in expr:
            end = self.published
            return {"period_start": _iso(d.date_start), "period_end": _iso(end),
                    "period_basis": "year_to_date", "date_expression": d.expression}
        if d.precision == "range" and d.date_start.month in (1, 4, 7, 10) and \
                (d.date_end.month - d.date_start.month) == 2 and "quarter" in expr:
            basis = "quarter"
        if basis == "not_stated":
            return {"period_basis": "not_stated", "date_expression": d.expression}
        return {"period_start": _iso(d.date_start), "period_end": _iso(d.date_end),
                "period_basis": basis, "date_expression": d.expression}

    def _match_trade(self, cand: Candidate) -> None:
        obs = self.know.trade
        if obs is None or obs.empty or not self.pair:
            return
        f = cand.fields
        same = obs[(obs["measure"] == f["measure"]) &
                   (obs["period_basis"] == f.get("period_basis", "")) &
                   (obs[["country_a", "country_b"]].apply(frozenset, axis=1) ==
                    frozenset(self.pair))]
        if f.get("period_start"):
            same = same[same["period_start"] == pd.Timestamp(f["period_start"])]
        if same.empty:
            return
        o = same.iloc[0]
        f["matches"] = o.observation_id
        agrees = (float(o.value) == float(f["value"]) and o.unit == f["unit"]
                  and o.currency == f["currency"])
        f["note"] = "; ".join(x for x in [f.get("note", ""), (
            f"the same figure as {o.observation_id}" if agrees else
            f"differs from {o.observation_id} ({o.value:g} {o.unit} {o.currency}): "
            "kept beside it as this source's version")] if x)

    # claims ---------------------------------------------------------------------------------
    def _claim(self, text, offset, sentence, names):
        if not re.search(lx.CLAIM_CUES, sentence, re.I) or len(sentence) > 400:
            return []
        subjects = [n.ref for n in names if n.table == "entities"]
        if not subjects or (self.pair and not any(
                n.country in self.pair for n in names if n.kind == "country")):
            return []
        topic = _first(lx.CLAIM_TOPICS, sentence) or "cooperation"
        fields = {"topic": topic, "summary": _short(sentence),
                  "participants": LIST_SEP.join(dict.fromkeys(subjects))}
        return [Candidate("claim", offset, offset + len(sentence), fields)]

    # new names ------------------------------------------------------------------------------
    def _new_names(self, text: str) -> list[Candidate]:
        out = []
        for ref, n in [*self.namer.new.items(), *self.namer.new_places.items()]:
            pos = self._locate(text, n.text)
            if pos is None:
                continue
            s, e = self._sentence_around(text, pos, len(n.text))
            fields = {"name": n.text, "fact_id": ref, "type": n.kind, "country": n.country,
                      "role": n.role, "note": "new name: check its kind" + (
                          "; " + self._guessed[ref] if ref in self._guessed else "") + (
                          "; country from GeoNames/ISO 3166-2" if n.table == "places" and
                          n.country and n.kind != "country" else "" if n.country else
                          " and give its country")}
            out.append(Candidate("place" if n.table == "places" else "entity", s, e, fields))
        for ref, variants in self.namer.variants.items():
            for v in sorted(variants):
                pos = self._locate(text, v)
                if pos is None or v in self.know.names:
                    continue
                s, e = self._sentence_around(text, pos, len(v))
                out.append(Candidate("alias", pos, pos + len(v), {
                    "name": v, "matches": ref, "type": "short" if len(v.split()) == 1 else
                    "misspelling", "note": f"a spelling of {ref} in this source"}))
        return out

    @staticmethod
    def _locate(text: str, name: str) -> int | None:
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?!\w)", text)
        return m.start() if m else None

    @staticmethod
    def _sentence_around(text: str, pos: int, length: int) -> tuple[int, int]:
        for s, e in sentences(text):
            if s <= pos < e:
                # a short quote: the name with up to 60 characters around it, on word edges
                qs = max(s, pos - 60)
                qe = min(e, pos + length + 60)
                while qs > s and not text[qs - 1].isspace():
                    qs += 1
                while qe < e and not text[qe].isspace():
                    qe -= 1
                return qs, max(qe, pos + length)
        return pos, pos + length


def propose(text: str, know: Knowledge, published: dt.date | None,
            pair: tuple[str, str] | None = None,
            published_span: tuple[dt.date, dt.date] | None = None) -> list[dict]:
    """Candidate rows for a review sheet, numbered in reading order.

    Parameters
    ----------
    text
        The stored source text (its exact bytes decoded; quotes are spans of it).
    know
        What the data already knows.
    published
        Publication date, the base of relative dates.
    pair
        The pair's two ISO alpha-3 codes, if known.
    published_span
        When the publication day is not known exactly: the first and last day it may
        have been (a month, a year).
    """
    extractor = Extractor(know, published, pair, published_span)
    cands = extractor.run(text)
    order = {"engagement": 0, "link": 0, "trade": 0, "claim": 0, "entity": 1, "place": 1,
             "alias": 2}
    cands.sort(key=lambda c: (order[c.kind], c.quote_start))
    rows = []
    for i, c in enumerate(cands, 1):
        row = c.row(text)
        row["candidate_id"] = f"c{i:03d}"
        if extractor.pair and c.kind in ("engagement", "link", "trade"):
            actor, counterpart = extractor.pair
            first = c.fields.get("actor")
            if first and first == counterpart:
                actor, counterpart = counterpart, actor
            row["actor_country"], row["counterpart_country"] = actor, counterpart
        row.pop("actor", None)
        rows.append(row)
    return rows, extractor.pair
