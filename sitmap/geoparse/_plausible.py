"""Plausibility: the rules that keep a candidate span as a place mention or drop it.

Cheap surface rules drop what English usage says is not a place name here: lower-case words,
acronyms that are words ("help us"), parts of person names ("Nursultan Nazarbayev"), ordinary
words that are also village names ("Price", "Victory Day").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sitmap.geoparse._mention import CACHE_SIZE, Hit, Mention
from sitmap.geoparse._names import PLURAL_OF, REGION_OF
from sitmap.geoparse._othernames import (
    APPOSITION_PLACE_NOUNS,
    CHANNEL_VERBS,
    HYPHENS,
    OUTLET_KINDS,
    WEB_DOMAIN,
)
from sitmap.geoparse._words import (
    ABBREVIATED_REGIONS,
    AFFLICTION_WORDS,
    AID_MOVEMENT_NAMES,
    BROADCAST_WORDS,
    DISEASE_PLACE_NAMES,
    EPIDEMIC_WORDS,
    ERA_MARKERS,
    ERA_UNITS,
    FUNCTION_WORDS,
    HONORIFICS,
    KIN_WORDS,
    LOCAL_UNIT_WORDS,
    LOCATIVES,
    MEDIA_WORDS,
    NAME_JOINERS,
    NAMED_PLACE_NOUNS,
    NEWS_AGENCIES,
    NON_NAME_FOLLOWERS,
    OUTLET_LAST_WORDS,
    OUTLET_WORDS,
    PERSON_VERBS,
    PLACE_QUALIFIERS,
    REGION_WORDS,
    SEATS_OF_GOVERNMENT,
    SPEECH_VERBS,
    TEAM_NICKNAMES,
    TEAM_PLACE_PLURALS,
    TEAM_PREFIXES,
    TEAM_WORDS,
    english_words,
    first_names,
    surnames,
)

__all__ = ["Plausibility", "drop_other_names", "drop_person_names", "keep_listed"]

_SENTENCE_END = frozenset(".!?:;\"“”'‘’([{•|*#>\n—–")
# What opens a sentence besides _SENTENCE_END's characters, read backwards from the space
# before a word: a spaced ASCII hyphen, the typist's dash ("Kenya - Police said",
# "16:30 - In Arusha") or a bullet at a line's start ("- In Gulu"), and a live-blog entry's
# bare clock stamp at a line's start ("10:20 In Bukavu", "7.15pm Near Kigoma").
_OPENER_LAST = frozenset("-0123456789mM")
_MERIDIEM = frozenset("aApP.")  # the letter before the "m" of "7.15pm", "8 a.m"
_OPENER_BEFORE = re.compile(
    r"(?:(?:^|[ \t\n])-|(?:^|\n)[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]?[ap]\.?m\.?)?)[ \t]*\Z",
    re.IGNORECASE,
)
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—]+")
_REGION_AFTER = re.compile(
    r"(?:\s*,)?\s+(?:(?:and|or|&)\s+|,\s*)?(?:[A-Z][\w'’-]*\s+){0,3}?"
    r"(regions|oblasts|provinces|states|governorates|districts)\b"
)
# "the state of Victoria", "the province of Sindh": a region word in lower case before "of".
_REGION_OF_BEFORE = re.compile(
    r"\b(?:state|province|region|oblast|governorate|prefecture|emirate) of $"
)
# A facility named after the place before it ("Kabul airport", "Spartanburg International
# Airport", "Bagram Air Base", "Mombasa port", "Kakhovka Dam", "Kerch Bridge", "Zaporizhzhia
# Nuclear Power Plant", "Abu Ghraib prison", "Kakuma Refugee Camp", "the Tartus naval base",
# "the Baiji refinery", "the Porgera mine", "the Rumaila oil field", "Kursk railway station",
# "the Shika nuclear plant", "Khan Younis hospital", "the Rafah crossing"): the news
# corpora's gold spans the place only. Every kind of facility, in either case.
_FACILITY_AFTER = re.compile(
    r"(?:\s+(?:International|Regional|Municipal|Metropolitan|County|City|Intercontinental))?"
    r"\s+(?:[Aa]irport|[Aa]ir\s+[Bb]ase|[Aa]irbase|[Aa]irfield|[Aa]ir\s+[Ff]orce\s+[Bb]ase"
    r"|[Nn]aval\s+[Aa]ir\s+[Ss]tation|(?:[Ss]ea)?[Pp]ort|[Hh]arbou?r|[Dd]am|[Bb]ridge"
    r"|(?:[Nn]aval|[Mm]ilitary|[Aa]rmy)\s+[Bb]ase|[Bb]ase|[Bb]arracks"
    r"|[Pp]rison|[Jj]ail|[Gg]aol|(?:[Rr]efugee\s+|IDP\s+|[Dd]isplacement\s+)?[Cc]amp"
    r"|[Rr]efinery|[Mm]ine|(?:[Oo]il|[Gg]as)\s*[Ff]ield|[Tt]erminal"
    r"|(?:[Rr]ailway\s+|[Tt]rain\s+|[Bb]us\s+)?[Ss]tation|[Hh]ospital|[Cc]rossing"
    r"|[Cc]heckpoint|(?:[Nn]uclear\s+)?(?:[Pp]ower\s+)?(?:[Pp]lant|[Ss]tation))\b"
)
# A facility named with "of" before the place: "the Port of Odesa", "the Port of Dar es
# Salaam" (its whole name is the span from "Port" to the place's end).
_FACILITY_BEFORE = re.compile(r"\b(?:[Pp]ort|[Hh]arbou?r) of $")
_STREET_AFTER = re.compile(
    r" (?:Street|St\.|Road|Rd\.|Drive|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Parkway)(?!\w)"
    r"(?! ?\d)"  # "Freestone County Road 360", "Oxford Road 5": a road numbered by the unit
)
# A lower-case river or volcano word after a name ("the Savio river", "Mayon volcano"), or
# an agreement named after the town where it was signed ("the Dayton peace agreement", "the
# Kyoto Protocol"): a feature or a document, not the town. One pattern: one match per span.
_FEATURE_AFTER = re.compile(
    r" (?:river|volcano|(?:[Pp]eace )?(?:[Aa]ccords?|[Aa]greements?|[Tt]reaty|[Pp]rotocol))\b"
)
_LOCAL_UNIT_AFTER = re.compile(r" (County|Counties|Parish|Parishes|Township|Borough)\b")
# The letters each of the three patterns above can start with after its leading space: a cheap
# test of the character after the span's following space before the regex is tried.
_STREET_INITIALS = frozenset("SRDALBP")
_FEATURE_INITIALS = frozenset("rvPpAaTt")
_UNIT_INITIALS = frozenset("CPTB")
# The letters a word of _FACILITY_AFTER can start with: after one space and another of these,
# or anything but a space, the pattern is tried; after one space and any other character it
# cannot match.
_FACILITY_INITIALS = frozenset("IRMCAaNnSsPpHhDdBbJjGgrmOoTtc")
_PREV_TOKEN_REVERSED = re.compile(r"([ \t]*)([\w'’.-]*)")
_MIDDLE_INITIAL = re.compile(r" [A-Z]\. [A-Z][a-z]")
_NEXT_TOKEN = re.compile(r"([ \t]*)([^\W_][\w'’-]*)")
_BIG_KINDS = ("country", "region", "water", "landmark")
# Kinds only sitmap's own curated file has: a name there was put there as that place.
_CURATED_KINDS = ("water", "landmark")
# Ids of the airports of gazetteer/airports.tsv, and the generic words that end their names.
_AIRPORT_ID = "lm:airport-"
_AIRPORT_TAIL = re.compile(r"(?:\s+(?:International|Intl|Regional|Municipal))*\s+Airport$")
# Ids of the places of sitmap's curated files (landmarks.tsv, features.tsv), of any kind.
_CURATED_ID = "lm:"
_ARTICLES = frozenset({"the", "a", "an"})
_SITE_WORDS = frozenset(
    {"square", "street", "st", "road", "rd", "avenue", "ave", "park", "bridge", "boulevard",
     "lane", "plaza", "gate", "palace", "stadium", "hall", "tower", "market"}
)
# Words that open a square's or street's name in other languages ("Praça da Liberdade", "Plaza
# de Mayo", "Rua Augusta"): neither they nor the name after them is a place of the story.
_SITE_OPENERS = frozenset(
    {"praça", "praca", "plaza", "piazza", "piazzale", "largo", "rua", "avenida", "calle",
     "carrer", "rynek", "plac", "náměstí", "namesti"}
)
# The openers as written (lower case and capitalised): a cheap first test per mention.
_SITE_OPENER_FORMS = _SITE_OPENERS | frozenset(w.capitalize() for w in _SITE_OPENERS)
# The joiners between such an opener and the name ("da", "de"; not "of" or "the").
_SITE_JOINERS = frozenset(
    {"da", "de", "do", "dos", "das", "del", "della", "di", "dei", "la", "las", "los", "le",
     "du", "des"}
)
# Surnames that after a town's name are more often part of a longer place or institution name
# ("Columbus North", "Shiloh High", "Lincoln Park", "Marion Hills") than a person's surname.
_NOT_A_SURNAME_HERE = _SITE_WORDS | PLACE_QUALIFIERS | frozenset(
    {"high", "church", "field", "fields", "hill", "hills", "wood", "woods", "grove", "lake",
     "beach", "mills", "ford", "green", "house", "cross", "temple", "power"}
)
# A city this large is what its name means even where the dictionary lists the name as a word
# ("Paris", "Berlin", "Phoenix") and even before "said" ("Beijing said": its government).
_WORLD_CITY = 1_000_000
_SPEAKING_CITY = 100_000
# A newspaper's time of issue, between a place's name and "Herald", "News", "Post".
_PAPER_ISSUES = frozenset({"morning", "evening", "sunday", "daily", "weekly", "weekend"})
# Lower-case particles of people's surnames ("del Castillo", "van Gogh", "bin Salman").
_NAME_PARTICLES = frozenset({"de", "del", "da", "di", "dos", "das", "van", "von", "bin", "ibn"})
# A kin word and a comma before a name set off by commas ("his wife, Dora, 62").
_KIN_COMMA_BEFORE = re.compile(r"\b([a-z]+), \Z")
# Two given names joined by "and" and then a verb ("Tyler and Olivia, told"): see _given_pair.
_GIVEN_PAIR_AFTER = re.compile(r" and ([A-Z][a-z]+)\b")
_GIVEN_PAIR_BEFORE = re.compile(r"\b([A-Z][a-z]+) and \Z")
_PAIR_VERB = re.compile(r",? ([a-z]+)\b")
_SECOND_PERSON = re.compile(r" and [A-Z][a-z]+ [A-Z][\w'’-]+ ([a-z]+)\b")
_PERSON_APPOSITION = re.compile(r",\s+(?:a|an|who)\s")
# Weekdays and months written out ("Sun", "May" and "March" are surnames and words too): a
# place name before one is not part of a longer name ("in central Minnesota Saturday").
_DAYS_AND_MONTHS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "april", "june", "july", "august", "september", "october", "november",
     "december"}
)
# Words that make "<city> <word>" a sports club's name.
_CLUB_WORDS = frozenset({"united", "utd", "rovers", "wanderers", "albion", "hotspur"})
# Titles of public offices that a place's name goes before: "Texas Gov.", "Manitoba Premier",
# "Ohio Sen.", "US President-elect".
_OFFICE_TITLES = frozenset(
    {"gov", "governor", "sen", "senator", "rep", "representative", "premier", "president",
     "mayor", "minister", "congressman", "congresswoman", "lt", "attorney", "secretary"}
)
# The offices among those held for a state or province: the place before them is one.
_STATE_OFFICES = frozenset(
    {"gov", "governor", "sen", "senator", "rep", "representative", "congressman",
     "congresswoman", "lt"}
)
# A clause about a place after its name: "Michigan, where he has a small lead".
_WHERE_AFTER = re.compile(r",?\s+where\b")
_ELIDED = re.compile(r"(?:d|l|dell|all|sant)['’]")
_HYPHEN_WORD = re.compile(r"[-‐‑]([a-z]+)\b")
# "English-language", "Russian-speaking": a demonym hyphened to one of these is the language.
_LANGUAGE_WORDS = frozenset({"language", "languages", "speaking", "speaker", "speakers"})
# A dateline's city at a line's start, then a comma: "EDMONTON, Ky (WBKO)", "LOUISVILLE,
# KY--" (and "Glasgow, Ky", the dateline as passed for context): the state abbreviation
# after it needs no period.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}, \Z")
_DATELINE_AFTER = re.compile(r",\s|\s*\(|\s+[-—–]\s")
# A list of names around the span: "Arizona, California, Colorado and Montana".
_LIST_BEFORE = re.compile(r"[A-Z][\w'’.-]*(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+)$")
_LIST_AFTER = re.compile(r"(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+)[A-Z]")
_LIST_SEP = re.compile(r"\s*(?:,|,?\s+(?:and|or|&))\s*")
# A name opening a sentence and then described as a person: "Chelsea, a nurse ...", "Connor,
# 12, ..." ("Chelsea, a city of 40,000" and "Chelsea, Mass." stay places).
_PERSON_DESCRIBED = re.compile(
    r",\s+(?:who\s|\d{1,3},|(?:a|an)\s+(?!(?:" + APPOSITION_PLACE_NOUNS + r")\b))"
)
# Every word that may end another kind of name after a place's ("Post", "United", "virus"),
# without a final "s" or apostrophe: a cheap first test before _names_something_else.
_OTHER_NAME_ENDS = frozenset(
    w.rstrip("s'’")
    for w in OUTLET_WORDS
    | TEAM_WORDS
    | AFFLICTION_WORDS
    | frozenset(TEAM_NICKNAMES)
    | {lead for leads in TEAM_NICKNAMES.values() for lead in leads}
)
# An apposition that calls the name before it an outlet: ", an exile news outlet", ", a
# weekly newspaper", ", a Dakar news site" (not ", a city whose daily ...").
_OUTLET_DESCRIBED = re.compile(
    r", an? (?:(?!(?:city|town|village|country|region|province|district|port|hub|place)\b)"
    r"[\w-]+ ){0,3}?(?:" + OUTLET_KINDS + r"|outlet|daily|radio station|wire service"
    r"|(?:TV|television) (?:channel|station))\b"
)
# A place's name, a hyphen and another name before a disease's word: "Crimean-Congo
# haemorrhagic fever".
_HYPHEN_AFFLICTION = re.compile(
    r"-[A-Z][\w]* (?:haemorrhagic|hemorrhagic|fever|virus|disease|encephalitis)\b"
)
# A channel named by a place and 24, then a verb of reporting, a possessive or a stop:
# "Kabul 24 said", "aired by Lagos 24." ("Kabul 24 hours later" stays the city).
_OUTLET_NUMBER = re.compile(
    r" 24(?:['’]s\b|[,.;:)](?!\d)| (?:" + CHANNEL_VERBS + r")\b)"
)
_STANCE_PREFIX = re.compile(r"\b(?i:pro|anti|ex|non|post|pre|neo|pan)[-‐‑]$")
_INFLECTIONS = (
    ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"),
    ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""),
)



@dataclass(frozen=True, slots=True)
class _Name:
    """A matched name's gazetteer hits and the facts about them the rules use."""

    hits: tuple[Hit, ...]
    dotted: bool  # an abbreviation written with its period ("U.S.", "Ky.")
    needs_period: bool  # only an abbreviation when the period is there ("Ky." not "Ky")
    big: bool  # some reading is a country, region or water body
    country: bool  # some reading is a country by name (not by demonym)
    populous: int  # largest population among readings by main name
    alias_populous: int  # largest population among city readings by another name
    village_alias: bool  # every reading is an alternate name of a village
    curated: bool  # some reading is from a curated file ("Kremlin", "Sumatra")
    alias_only: bool  # no reading has this as its main name ("Human" for Uman)
    region_named: bool  # some reading is a first-level region or country by a name of its own
    demonym: bool  # some reading is the demonym of a country or region ("German", "Welsh")

    @classmethod
    def of(cls, hits: tuple[Hit, ...], *, abbreviation: bool = False) -> _Name:
        """Return the facts about ``hits`` (read as an abbreviation when ``abbreviation``).

        One pass over the hits rather than one per fact: this runs for every new name."""
        dotted = abbreviation
        big = country = curated = region_named = demonym = False
        village_alias = alias_only = True
        populous: int | None = None  # the largest population among readings by main name
        alias_populous = 0
        for h in hits:
            place = h.place
            kind, name_type, population = place.kind, h.name_type, place.population
            if not dotted and h.original.endswith("."):
                dotted = True
            if kind in _BIG_KINDS:
                big = True
                if name_type == "demonym":
                    demonym = True
            if kind == "country" and name_type != "demonym":
                country = True
            if name_type == "name" or (
                name_type == "alternate"
                and kind == "city"
                and population >= 100_000
                and _short_form(h.original, place.name)
            ):
                # (A city's own name cut before a joiner counts as its name: "Acapulco" of
                # Acapulco de Juárez.)
                alias_only = village_alias = False
                if populous is None or population > populous:
                    populous = population
                if kind in ("region", "country"):
                    region_named = True
            else:
                if population >= 15_000:
                    village_alias = False
                if kind == "city" and population > alias_populous:
                    alias_populous = population
            if kind in ("region", "country") and name_type in ("alternate", "former"):
                # An English name of a region ("Piedmont" for Piemonte) names it as well.
                region_named = True
            if not curated and (kind in _CURATED_KINDS or place.id.startswith(_CURATED_ID)):
                curated = True
        return cls(
            hits=hits,
            dotted=dotted,
            needs_period=abbreviation,
            big=big,
            country=country,
            populous=0 if populous is None else populous,
            alias_populous=alias_populous,
            village_alias=village_alias,
            curated=curated,
            alias_only=alias_only,
            region_named=region_named,
            demonym=demonym,
        )


def _short_form(alternate: str, name: str) -> bool:
    """True if ``alternate`` is ``name`` cut before a lower-case joiner: "Acapulco" of
    "Acapulco de Juárez", "Ribeirão" no (a capitalised word follows)."""
    if len(alternate) + 2 >= len(name) or not name.startswith(alternate + " "):
        return False
    return name[len(alternate) + 1 : len(alternate) + 2].islower()


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and len(word) > 1)


def _name_word(word: str) -> bool:
    """True if ``word`` may stand inside a multiword name: capitalised, a lower-case joiner
    ("es" in "Dar es Salaam") or an elided article before a capital ("d'Ivoire")."""
    if _is_capitalised(word) or word.lower() in NAME_JOINERS:
        return True
    elided = _ELIDED.match(word)
    return elided is not None and _is_capitalised(word[elided.end() :])


def _is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "")
    return 1 < len(letters) <= 4 and letters.isalpha() and letters.isupper()


def _prev_token(text: str, pos: int) -> tuple[str, str]:
    """Return (previous word, separator between it and ``pos``) on the same line: the word
    within the 40 characters before ``pos``."""
    # The common case first: one space, and a word of letters and digits after a space (or
    # at the window's start). Anything else goes to the general match below.
    if pos > 1 and text[pos - 1] == " " and text[pos - 2] not in " \t":
        lo = pos - 40 if pos > 40 else 0
        at = text.rfind(" ", lo, pos - 1)
        word = text[lo if at < 0 else at + 1 : pos - 1]
        if word.isalnum():
            return word, " "
        # Next most common: a word and a full stop ("said. Kyiv"; the stop is a word
        # character here, as in "U.S."), or a comma, which no word takes ("said, Kyiv").
        last = word[-1]
        if last == "," or (last == "." and word[:-1].isalnum()):
            return ("" if last == "," else word), " "
    # Matching forwards on the reversed window is linear in the token's length. The window
    # is the 40 characters before ``pos``, sliced backwards in one step.
    if pos > 40:
        window = text[pos - 1 : pos - 41 : -1]
    elif pos > 0:
        window = text[pos - 1 :: -1]
    else:
        return "", ""
    m = _PREV_TOKEN_REVERSED.match(window)
    if not m:
        return "", ""
    sep, word = m.groups()
    return word[::-1], sep


def _next_token(text: str, pos: int) -> tuple[str, str]:
    """Return (next word, separator between ``pos`` and it) on the same line."""
    m = _NEXT_TOKEN.match(text, pos)
    if not m:
        return "", ""
    sep, word = m.groups()
    return word, sep


def _sentence_initial(text: str, start: int) -> bool:
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0:
        return True
    before = text[j - 1]
    if before in _SENTENCE_END:
        return True
    if before not in _OPENER_LAST or (before in "mM" and text[j - 2 : j - 1] not in _MERIDIEM):
        return False
    return _OPENER_BEFORE.search(text, max(0, j - 16), j) is not None


def _line_start(text: str, start: int) -> bool:
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _curated_by_name(hits: Sequence[Hit]) -> bool:
    """True if a reading of ``hits`` is a region of sitmap's curated files by its own name."""
    for h in hits:
        if h.name_type == "name" and h.place.kind == "region" and h.place.id.startswith(
            _CURATED_ID
        ):
            return True
    return False


def _region_word_after(text: str, end: int) -> bool:
    """True if a region word follows the name that ends at ``end``: "Donetsk region",
    "Kharkiv and Luhansk oblasts", "Texas, Oklahoma and Kansas states"."""
    return _REGION_WORD_AFTER.match(text, end, end + 80) is not None


# A region word right after the name (a whole run of ASCII letters, in any case: "Donetsk
# region", "Ohio State"), or _REGION_AFTER: one match.
_REGION_WORD_AFTER = re.compile(
    r"\s+(?ai:" + "|".join(sorted(REGION_WORDS, key=lambda w: (-len(w), w))) + r")\b|"
    + _REGION_AFTER.pattern
)


# The last characters of a possessive ("Kabul's", "Kabul’s", "Texas'", "Texas’").
_POSSESSIVE_ENDS = frozenset("'’s")


def _possessive_base(word: str) -> str:
    """``word`` less a possessive's "'s", "’s", "'" or "’" at its end (the first of these
    it ends with). By its last one or two characters, without a call: many words end in
    "s"."""
    last = word[-1:]
    if last not in _POSSESSIVE_ENDS:
        return word  # the common case
    if last == "s":
        before = word[-2:-1]
        return word[:-2] if before == "'" or before == "’" else word
    return word[:-1]  # "Texas'", "Texas’"

def _government_acting(
    text: str, start: int, end: int, prev_word: str, prev_sep: str, next_word: str, next_sep: str
) -> bool:
    """True if the seat of government at ``text[start:end]`` stands for the government
    ("The White House condemned", "the Kremlin's response", "a Kremlin spokesman", "rebuffed
    by the White House", "this White House") rather than the place ("a ceremony at the White
    House", "within five miles of the White House")."""
    before, before_sep = prev_word.lower(), prev_sep
    if before in _ARTICLES and prev_sep == " ":
        before, before_sep = _prev_token(text, start - len(prev_word) - 1)
        before = before.lower()
    if before_sep.strip() == "" and (before in LOCATIVES or before == "of"):
        return False
    if before in ("by", "this", "that") or text[end : end + 1] in ("'", "’"):
        return True
    return (
        next_sep == " "
        and next_word[:1].islower()
        and next_word.lower() not in FUNCTION_WORDS
    )


# What Plausibility._plausible returns for a span it keeps besides "place": the place, with
# what its rules learnt of the span (a region word, a region kept only in a list, a confidence
# lowered for a name that is also an ordinary word).
_PLACE_REGION = "place, region word"
_PLACE_LISTED = "place, needs a list"
_PLACE_WORD_LIKE = "place, confidence 0.6"
_PLACE_COUNTRY_WORD = "place, confidence 0.7"
_PLACE_TOWN_WORD = "place, a town, confidence 0.6"
# Each verdict that keeps the span: (a region word, needs a list, confidence).
_PLACE_VERDICTS: dict[str, tuple[bool, bool, float]] = {
    "place": (False, False, 0.9),
    _PLACE_REGION: (True, False, 0.9),
    _PLACE_LISTED: (False, True, 0.9),
    _PLACE_WORD_LIKE: (False, False, 0.6),
    _PLACE_COUNTRY_WORD: (False, False, 0.7),
    _PLACE_TOWN_WORD: (False, False, 0.6),
}


class Plausibility:
    """Decides which candidate spans are place mentions; memoises what it learns of names,
    surfaces and words (they repeat a lot)."""

    def __init__(self) -> None:
        """Load the English word list the rules consult."""
        self._words = english_words()
        self._given = first_names()
        self._surnames = surnames()
        self._names: dict[tuple[str, bool], _Name | None] = {}
        self._shapes: dict[str, tuple[bool, bool] | None] = {}
        self._word_cache: dict[str, bool] = {}
        self._given_cache: dict[str, bool] = {}

    def mention(
        self,
        text: str,
        start: int,
        end: int,
        keys: str,
        hits: Mapping[str, tuple[Hit, ...]],
        person_parts: set[str],
        team_spans: list[tuple[int, int]] | None = None,
        other_names: set[str] | None = None,
    ) -> Mention | None:
        """Return the mention the span ``text[start:end]`` makes, or None if the rules drop
        it. ``keys`` is the span's name-table value and ``hits`` holds the gazetteer hits of
        its keys; the end of a person's name is added to ``person_parts``, and the whole of
        a sports team's name read from the span ("Kansas City Chiefs") to ``team_spans``,
        so that no shorter name inside it is read as a place ("Kansas"). A name read here as
        a disease's or an outlet's that names it in the whole text ("Marburg outbreak", "The
        Irrawaddy, a news outlet") is added to ``other_names`` (see :func:`drop_other_names`)."""
        surface = text[start:end]
        # The memos of _shape and _name, read here without a call: surfaces and names repeat.
        shapes = self._shapes
        shape = shapes[surface] if surface in shapes else self._shape(surface)
        if shape is None:
            return None
        if surface in AID_MOVEMENT_NAMES and text[max(0, start - 4) : start].lower() == "the ":
            return None  # "the Red Cross opened shelters": no town takes the article
        acronym, common_word = shape
        if acronym and _line_start(text, start) and _DATELINE_AFTER.match(text, end):
            acronym = False  # "GOMA, ...", "KYIV (Reuters) -": a dateline's city, not an acronym
        names = self._names
        cache_key = (keys, acronym)
        name = names[cache_key] if cache_key in names else self._name(keys, acronym, hits)
        if name is None:
            return None
        if acronym and not name.needs_period:
            # Only a stored abbreviation matches an all-capitals span: "EU" is no word "eu".
            # ("PA." stays a word: the postal form is "Pa.".)
            common_word = False
        if not acronym and surface.isupper() and _line_start(text, start):
            # "WASHINGTON —", "BERLIN (Reuters)": a dateline, whatever follows it.
            return Mention(start, end, surface, name.hits, sentence_initial=True)
        if (
            text[start - 1 : start] != " "
            and not HYPHENS.isdisjoint(text[max(0, start - 2) : start])
            and _STANCE_PREFIX.search(text, max(0, start - 6), start)
        ):
            # (The prefix's hyphen ends the window, or comes just before a line break there:
            # most spans have none, and that test is cheaper than the search; a span after a
            # space, the most common case, has neither.)
            return None  # "pro-Kremlin media", "an anti-Moscow rally": a stance, not a place
        spaced_before = (
            start > 1 and text[start - 1] == " " and (char_before := text[start - 2]) not in " \t"
        )
        if spaced_before:
            # _sentence_initial's common case; a hyphen, digit or "m" before may open a
            # live-blog entry ("16:30 - In Arusha").
            sentence_initial = char_before in _SENTENCE_END or (
                char_before in _OPENER_LAST and _sentence_initial(text, start)
            )
        else:
            sentence_initial = _sentence_initial(text, start)
        listed_first = False
        if common_word and sentence_initial and not name.country and name.populous < _WORLD_CITY:
            if not (
                (name.region_named or name.populous >= _SPEAKING_CITY)
                and _LIST_AFTER.match(text, end)
            ):
                return None  # "More than...", "Police said...": capitalised only by position
            # "Saskatoon, Calgary and Winnipeg each ...": kept if the list's next name is a
            # place in its own right (keep_listed decides once all spans are read).
            listed_first = True
        # _prev_token's and _next_token's, read here without a call: first the previous
        # word's common case (one space before the span, a word of letters and digits).
        if spaced_before:
            lo = start - 40 if start > 40 else 0
            at = text.rfind(" ", lo, start - 1)
            prev_word = text[lo if at < 0 else at + 1 : start - 1]
            if prev_word.isalnum():
                prev_sep = " "
            else:
                prev_word, prev_sep = _prev_token(text, start)
        else:
            prev_word, prev_sep = _prev_token(text, start)
        token = _NEXT_TOKEN.match(text, end)
        next_sep, next_word = token.groups() if token is not None else ("", "")
        # A capitalised word one space before or after: most spans have neither, and then the
        # outlet rules below (which read on only through such words) have nothing to find.
        prev_cap = prev_sep == " " and prev_word[:1].isupper()
        next_cap = next_sep == " " and next_word[:1].isupper()
        if (
            acronym
            and surface.replace(".", "").lower() in ERA_MARKERS
            and (prev_word[-1:].isdigit() or prev_word.lower() in ERA_UNITS)
        ):
            return None  # "300 BC", "44 B.C.", "the 5th century BC": an era, not a province
        if (
            surface in DISEASE_PLACE_NAMES
            and next_sep == " "
            and next_word[:1].islower()
            and (next_word in EPIDEMIC_WORDS or next_word in AFFLICTION_WORDS)
            and text.endswith(DISEASE_PLACE_NAMES[surface], 0, start)
        ):
            # "a Marburg outbreak", "West Nile cases": the disease, here and in the whole text.
            if other_names is not None:
                other_names.add(surface)
            return None
        if (
            (next_sep == " " and next_word.lower().rstrip("s'’") in _OTHER_NAME_ENDS)
            or text[end : end + 1] == "$"
            or (start >= 9 and text[start - 9 : start] == "Times of ")
        ) and _names_something_else(text, start, end, next_word, next_sep):
            if team_spans is not None and next_word[:1].isupper():
                # "Kansas City Royals", "Sheffield United": nothing inside is a place.
                team_spans.append((start, end + len(next_sep) + len(next_word)))
            return None
        if next_cap and _outlet_after_one_word(text, end, next_word, next_sep):
            return None  # "the Sydney Morning Herald", "the Manchester Evening News"
        if (
            (prev_cap or next_cap)
            and not name.demonym
            and _in_outlet_name(text, start, end, prev_word, prev_sep, next_word, next_sep)
        ):
            return None  # "Radio France", "China Central Television": a broadcaster
        if (
            # (A reporting verb right after the name or after its next word: tested first, as
            # set lookups and one match, since most spans beside a capital have none.)
            (
                (next_word in _REPORTING_VERBS and (prev_cap or prev_word == "of"))
                or (
                    next_cap
                    and next_word not in _SPEAKERS_AFTER_PLACE_CAPS
                    and _VERB_AFTER_NEXT.match(text, end) is not None
                )
            )
            and not name.demonym
            and _reporting_outlet(
                text, start, end, prev_word, prev_sep, next_word, next_sep, self.is_word,
                self._given_name,
            )
        ):
            return None  # "FrontPage Africa reported", "Myanmar Now said": an outlet
        follower = text[end : end + 1]
        if follower == "," and text[end + 1 : end + 3] == " a" and _OUTLET_DESCRIBED.match(
            text, end
        ):
            # "The Irrawaddy, an exile news outlet,": the outlet, here and in the whole text.
            if other_names is not None:
                other_names.add(surface)
            return None
        if follower == "-" and _HYPHEN_AFFLICTION.match(text, end):
            return None  # "Crimean-Congo haemorrhagic fever": a disease
        if follower == "." and WEB_DOMAIN.match(text, end):
            return None  # "Abidjan.net": a news site's address
        if follower == " " and text[end + 1 : end + 3] == "24" and _OUTLET_NUMBER.match(text, end):
            return None  # "Kabul 24 said", "aired by Lagos 24.": a channel
        if acronym and (
            (prev_sep.strip() == "" and prev_word.isupper() and len(prev_word) > 1)
            or (next_sep.strip() == "" and next_word.isupper() and len(next_word) > 1)
        ):
            return None  # an all-caps phrase ("HELP US"), not an abbreviation
        if (
            name.needs_period
            and text[end : end + 1] != "."
            and not _DATELINE_BEFORE.search(text, max(0, start - 40), start)
        ):
            return None
        if name.dotted and text[end : end + 1] == ".":
            end += 1  # "U.S.", "Ky.": the abbreviation's own period
            surface = text[start:end]
        if end - start > 8 and surface.endswith("Airport") and all(
            h.place.id.startswith(_AIRPORT_ID) for h in name.hits
        ):
            # "Heathrow Airport", "Jomo Kenyatta International Airport": an airport known by
            # a name of its own, at its own point; the span is its name, the whole is the
            # facility ("Kabul airport" convention).
            mention = Mention(start, end, surface, name.hits)
            cut = _AIRPORT_TAIL.search(surface)
            if cut is not None and cut.start() > 0:
                mention.end = start + cut.start()
                mention.surface = surface[: cut.start()]
                mention.facility_end = end
            return mention
        # The Mention is made only once the rules keep the span (about half are dropped):
        # until then what it would hold is kept in these locals.
        locative = prev_word.lower() in LOCATIVES and prev_sep.strip() == ""
        region_word = False
        if prev_word == "of" and _REGION_OF_BEFORE.search(text, max(0, start - 20), start):
            # "the state of Victoria", "the province of Sindh": the region, not a town.
            region_word = True
        if (
            name.curated
            and surface.lower() in SEATS_OF_GOVERNMENT
            and _government_acting(text, start, end, prev_word, prev_sep, next_word, next_sep)
        ):
            return None
        # Every pattern below starts with a space (or, for _REGION_AFTER, a comma): a span
        # followed by anything else ("Kabul's", "Iraq.") matches none of them.
        follower = text[end : end + 1]
        spaced = follower.isspace()
        initial = text[end + 1 : end + 2] if follower == " " else ""  # after one space
        unit = _LOCAL_UNIT_AFTER.match(text, end) if initial in _UNIT_INITIALS else None
        # What follows the name is read only where it counts: before a unit word, for a
        # kept mention, and for the ordinary-word rules that consult "region" after a name
        # (most dropped spans never need it).
        region_word_read = unit is not None or listed_first or (common_word and not name.country)
        if region_word_read and (spaced or follower == ",") and _region_word_after(text, end):
            region_word = True
        if unit and not region_word:
            # "Laurel County", "Henry County": a place whatever the word is on its own.
            unit_end = unit.end()
            mention = Mention(
                start, unit_end, text[start:unit_end], name.hits, sentence_initial,
                common_word, locative,
            )
            mention.local_unit = True
            return mention
        if initial in _FEATURE_INITIALS and not name.big and _FEATURE_AFTER.match(text, end):
            # "the Savio river", "Mayon volcano": a river or a volcano the gazetteer does not
            # hold as one, not the town (or the far namesake) that shares its name; "the
            # Dayton peace agreement": a document named after a town (a country or region
            # stays: "the Syria treaty" is about the country).
            return None
        if (
            name.curated
            and prev_word == "the"
            and prev_sep == " "
            and not region_word
            and _curated_by_name(name.hits)
        ):
            # "the Andes", "the Sahel": a range or region of the curated file, named with
            # its article, not a town that carries the name as an alias (Los Andes, Chile).
            region_word = True
        needs_list, confidence = listed_first, 0.9
        readings = name.hits
        if not listed_first:
            verdict = self._plausible(
                text, start, end, surface, name, prev_word, prev_sep, next_word, next_sep,
                sentence_initial, common_word, locative, region_word,
            )
            kept = _PLACE_VERDICTS.get(verdict)
            if kept is None:
                if verdict == "surname":
                    person_parts.add(_possessive_base(surface))
                elif verdict == "team" and team_spans is not None:
                    team_spans.append((start, end + len(next_sep) + len(next_word)))
                return None
            if kept[0]:
                region_word = True
            needs_list, confidence = kept[1], kept[2]
            if verdict == _PLACE_TOWN_WORD:
                # "the town of Cabot": the name's towns only, not a region of that name.
                readings = tuple(h for h in readings if h.place.kind == "city") or readings
            if not region_word_read and (spaced or follower == ",") and _region_word_after(
                text, end
            ):
                region_word = True
        mention = Mention(
            start, end, surface, readings, sentence_initial, common_word, locative,
            region_word, confidence,
        )
        if initial in _STREET_INITIALS and _STREET_AFTER.match(text, end):
            # "Wichita Drive": a street, wherever it is, not the city; the name still tells
            # resolution which region the text is about ("Hertford Road, Edmonton").
            mention.street = True
        facility = (
            _FACILITY_AFTER.match(text, end)
            if spaced and (initial in _FACILITY_INITIALS or follower != " " or initial.isspace())
            else None
        )
        if facility is not None:
            mention.facility_end = facility.end()
        if prev_word == "of":
            before = _FACILITY_BEFORE.search(text, max(0, start - 12), start)
            if before is not None:
                mention.facility_start = before.start()
                if mention.facility_end is None:
                    mention.facility_end = end
        if needs_list:
            mention.needs_list = True
        return mention

    def _shape(self, surface: str) -> tuple[bool, bool] | None:
        """(is an acronym, is one ordinary word) for a surface that is written like a name,
        None if it is not ("new york", "Bay of"). Memoised: surfaces repeat a lot."""
        if surface in self._shapes:
            return self._shapes[surface]
        shape: tuple[bool, bool] | None = None
        words = [w for w in _WORD_SPLIT.split(surface) if w]
        if (
            surface
            and _is_capitalised(surface)
            and all(_name_word(w) for w in words)
            # "Bay of", a bare "Sur": a joiner ends no name; a capitalised one after other
            # words does ("Camarines Sur", "Baja California Sur").
            and (
                words[-1].lower() not in NAME_JOINERS
                or (len(words) > 1 and words[-1][:1].isupper())
            )
        ):
            single = surface.lower() if len(words) == 1 else ""
            common = bool(single) and (self.is_word(single) or single in FUNCTION_WORDS)
            shape = (_is_acronym(surface), common)
        if len(self._shapes) < CACHE_SIZE:
            self._shapes[surface] = shape
        return shape

    def _plausible(
        self,
        text: str,
        start: int,
        end: int,
        surface: str,
        name: _Name,
        prev_word: str,
        prev_sep: str,
        next_word: str,
        next_sep: str,
        sentence_initial: bool,
        common_word: bool,
        locative: bool,
        region_word: bool,
    ) -> str:
        """Apply the person-name and ordinary-word rules to the span ``surface`` at
        ``text[start:end]`` (what ``mention`` read of it so far in the last four arguments).

        Returns "place" if the span may be a place (or one of the other keys of
        ``_PLACE_VERDICTS``: a place, with a region word, kept only in a list, or with a lower
        confidence), "surname" if it ends a person's name (so later bare mentions are that
        person too), "team" if it begins a sports team's name ending in the next word ("Denver
        Broncos"), "person" if it is otherwise part of a person's or organisation's name,
        "word" if it is an ordinary word.
        """
        confidence = 0.9  # the mention's, unless an ordinary-word rule lowers it
        town = False  # "the town of Cabot": only the name's towns are read
        if name.needs_period and surface in ABBREVIATED_REGIONS:
            return "place"  # "Ga.", "Ky.": a postal abbreviation as written is no word
        if surface.lower() in NEWS_AGENCIES:
            return "person"  # "Xinhua reported": the agency, not a town of that name
        if prev_sep == " " and prev_word in TEAM_PREFIXES:
            return "person"  # "Real Madrid fans", "Inter Milan": the club
        if (
            surface in _SITE_OPENER_FORMS
            or prev_word in _SITE_OPENER_FORMS
            or prev_word in _SITE_JOINERS
        ) and self._in_site_name(text, surface, start, prev_word, prev_sep, next_word, next_sep):
            return "word"  # "Praça da Liberdade": a square, not Prača nor Liberdade
        big, country, populous = name.big, name.country, name.populous
        small = (not big or name.curated) and populous < 100_000
        joined = (
            _HYPHEN_WORD.match(text, end)
            if (small or name.demonym) and text[end : end + 1] in HYPHENS
            else None
        )
        if joined and joined.group(1) not in NAME_JOINERS and (
            small or joined.group(1) in _LANGUAGE_WORDS
        ):
            # "English-language", "Selby-born": a small town's name as a modifier is far
            # more often a word (a language, a demonym) that shares the name.
            return "word"
        # (_possessive_base's common case first: no word ends in an apostrophe or "s")
        prev_clean = (
            _possessive_base(prev_word) if prev_word[-1:] in _POSSESSIVE_ENDS else prev_word
        ).rstrip(".")
        prev_low = prev_clean.lower()
        if prev_sep == " " and prev_low in HONORIFICS and prev_clean[:1].isupper():
            return "surname"
        if not big and prev_sep == " " and prev_word in KIN_WORDS:
            return "surname"  # "her brother Tyler", "his daughter Olivia"
        if not big and not prev_word and text[end : end + 1] == ",":
            kin = _KIN_COMMA_BEFORE.search(text, max(0, start - 24), start)
            if kin is not None and kin.group(1) in KIN_WORDS:
                return "surname"  # "his wife, Dora, 62", "her son, Tyler, said"
        if (
            not big
            and prev_sep == " "
            and prev_word in ("named", "called")
            and not (next_sep == " " and next_word[:1].isupper())
        ):
            # "a nurse named Dora", not "a town named Dora" nor "it is called Darby Street".
            before, _ = _prev_token(text, start - len(prev_word) - 1)
            low = before.lower()
            if low and low not in NAMED_PLACE_NOUNS and low not in FUNCTION_WORDS:
                return "surname"
        if not country and prev_sep == " " and prev_word in _NAME_PARTICLES:
            # "Eduardo del Castillo", "Ursula von der Leyen": after a given name and a
            # lower-case particle, a surname.
            before, sep = _prev_token(text, start - len(prev_word) - 1)
            if sep == " " and self._given_name(before):
                return "surname"
        # A common given name ("Tyler", "Dakota") reads as the person whatever the size of
        # the town of that name, where the text marks a person (below); not after a hyphen
        # ("Sen. Ray Miller, D-Columbus, a ...": a party and a town).
        given_cache = self._given_cache  # _given_name's memo, read inline
        given = (
            given_cache[surface] if surface in given_cache else self._given_name(surface)
        ) and prev_word[-1:] not in HYPHENS
        if (
            not big
            and (populous < 100_000 or given)
            and not locative
            and text[end : end + 1] == ","
            and prev_word.lower() != "of"  # "Daniel Hufstetler of Roswell, who was ..."
            and _PERSON_DESCRIBED.match(text, end)
        ):
            return "surname"  # "Chelsea, a nurse at the hospital", "Connor, 12, said"
        if (
            not big
            and (populous < _SPEAKING_CITY or given)
            # (nor a big city's other spelling that is no English word, given name or
            # surname: "Sulaimaniya said")
            and (
                common_word
                or name.alias_populous < _SPEAKING_CITY
                or given
                or _possessive_base(surface).lower() in self._surnames
            )
            and not locative
            and next_sep == " "
            and next_word.lower() in SPEECH_VERBS
        ):
            return "surname"
        if given and not big and not locative and self._given_pair(text, start, end):
            return "surname"  # "Two nurses, Tyler and Olivia, told reporters"
        if given and not big and not locative and _MIDDLE_INITIAL.match(text, end):
            return "surname"  # "Patrick J. Sullivan", "Martha E. Brandt": a person
        # A capitalised word glued on either side makes this part of a longer name:
        # "Nursultan Nazarbayev", "Raquel Henry", "Donald Trump", "Olympic Games".
        # A capitalised next word (lower-cased once: the rules below consult it often).
        glued_cap = next_sep == " " and next_word[:1].isupper()
        next_base = _possessive_base(next_word) if glued_cap else ""
        next_low = next_base.lower()
        # "Ohio Gov. Mike DeWine", "US President-elect Donald Trump": an office's title ends
        # the place's name; the person's name comes after it.
        next_title = ""
        if glued_cap and (big or populous >= 100_000):
            next_title = next_low
            if "-" in next_title:
                next_title = next_title[: next_title.index("-")]
        if next_title in _OFFICE_TITLES:
            if next_title in _STATE_OFFICES:
                return _PLACE_REGION  # "New York Gov.": the state, not the city
            return "place"
        if (
            given
            and glued_cap
            and not locative
            and not surface.endswith(("'s", "’s"))
            and next_low not in REGION_WORDS
            and next_low not in _DAYS_AND_MONTHS
            and not next_base.isupper()
            and (
                next_low in self._surnames
                or (
                    not country
                    and next_low not in NON_NAME_FOLLOWERS
                    and next_low not in LOCAL_UNIT_WORDS
                )
            )
            and next_base == next_word
            and _person_after(text, end + len(next_sep) + len(next_word), prev_word)
        ):
            # "Georgia Hill, a Central Asia analyst", "said Lincoln Banda, a volunteer": a
            # given name and a surname-like word that the text then describes as a person (or
            # quotes) is the person, however big the place of that name.
            return "surname"
        if (
            glued_cap
            and not big
            # "Tyler Brooks": a given name and a surname (below), not a team
            and not (given and next_low in self._surnames)
            and not surface.endswith(("'s", "’s"))
            and self._team_plural(text, end, next_word, next_low)
        ):
            # "Brisbane Broncos", "Denver Broncos": a town's name and a capitalised plural
            # ending the run is a sports team (not "Palm Springs", "Houston Police"). Not
            # for a name that is also a region's or a country's: the news corpora annotate
            # the state in "Minnesota Twins", "Connecticut Piranhas".
            return "team"
        if glued_cap and not big and next_base == "House":
            # "Chatham House", "Lancaster House": a building or an institution named after the
            # town, not the town.
            return "person"
        if (
            glued_cap
            and next_low in _CLUB_WORDS
            and not _next_token(text, end + 1 + len(next_word))[0][:1].isupper()
        ):
            # "Manchester United", "Bristol Rovers": a club, not the city ("North Side United
            # Methodist Church" goes on and is left to the rules below).
            return "person"
        if (
            glued_cap
            and not surface.endswith(("'s", "’s"))
            and next_low not in NON_NAME_FOLLOWERS
            and next_low not in LOCAL_UNIT_WORDS
            and next_low not in REGION_WORDS
            and next_low not in _DAYS_AND_MONTHS  # "in central Texas Saturday"
            and not next_base.isupper()
        ):
            if (
                given
                and not locative
                and next_low in self._surnames
                and next_low not in _NOT_A_SURNAME_HERE
            ):
                # "Tyler Brooks", "Jordan Miller": a given name and a surname. Later bare
                # mentions are that person too, unless the name is a country or region.
                return "surname"
            if not self.is_word(next_base):
                # "Patrick Kowalczyk": a person; a given name's later bare mentions too.
                return "surname" if given and not locative else "person"
            if not big and not locative and populous < 100_000:
                return "word"
        if (
            small
            and common_word
            and prev_sep == " "
            and prev_low in PLACE_QUALIFIERS
            and prev_word[:1].isupper()
        ):
            # "the Central Bank", "the Northern Alliance", "Western Union": a capitalised
            # qualifier before an ordinary word names an institution, not the small town
            # that word also names (Bānk, Alliance OH, Union NJ).
            return "word"
        if (
            not country
            and glued_cap
            and surface.lower() in PLACE_QUALIFIERS
            and next_low not in REGION_WORDS
        ):
            # "Western Union", "Central Command": a bare qualifier opening a longer name is
            # no region (Fiji's Western, Kenya's Central) unless a region word follows.
            return "word"
        if (
            prev_sep == " "
            and prev_word[:1].isupper()
            and not sentence_initial
            and not prev_clean.isupper()
            and prev_low not in PLACE_QUALIFIERS
            # "Kazakhstan's Mangistau", "Ukraine's Donetsk": a possessive ends a name.
            and prev_clean == prev_word.rstrip(".")
        ):
            before_prev = _prev_token(text, start - len(prev_word) - 1)
            titled = before_prev[1] == " " and _is_honorific(before_prev[0])
            if titled and (not country or self._given_name(prev_clean)):
                # "Mrs. Florence Austin", "Gov. Mary Fallin": a surname; after a given name
                # even a country's name ("Rep. Jim Jordan").
                return "surname"
            if (
                (not country or _PERSON_DESCRIBED.match(text, end))
                and not locative
                and self._given_name(prev_clean)
                and _person_after(text, end, before_prev[0])
            ):
                # "Jordan Paris, a local rancher", "said Austin Dallas, who": a town's name
                # after a given name, described or quoted as a person, is the surname; so is
                # a country's when a person is described next ("Alex Jordan, a spokesman").
                return "surname"
            if not _sentence_initial(text, start - len(prev_word) - 1):
                # "Mike Trapani", "United Russia", "Lincoln Day": inside a longer proper name.
                if not self.is_word(prev_clean) and not big:
                    return "surname"
                if not country:
                    return "word"
            elif (
                not big
                and prev_word == prev_clean
                and prev_low not in FUNCTION_WORDS
                and prev_low not in LOCATIVES
                and (
                    (populous < 100_000 and not self.is_word(prev_clean))
                    or (
                        _PERSON_APPOSITION.match(text, end) is not None
                        and (populous < 100_000 or not self.is_word(prev_clean))
                    )
                )
            ):
                # A sentence's first word glued to a small town's name: a given name if the
                # dictionary does not know it ("Kwesi Millington"), or if a person is
                # described next ("Emma Ashford, a senior fellow"); otherwise it is as often
                # a word leading into the place ("Trailing Watertown's"). Cities are named
                # after opening words too often ("Overall Edmonton received"), but a word
                # the dictionary does not know before one, with a person described next,
                # is a given name too ("Wanjiru Eldoret, a spokeswoman"; session 14).
                return "surname"
        if common_word and name.demonym and not sentence_initial:
            # "German officials", "Welsh fans": capitalised inside a sentence, a demonym that is
            # also a lower-case word ("german", "welsh", "polish") is the demonym.
            return "place"
        if common_word and not country:
            if name.alias_only and not big:
                # An English word that is only some town's other name ("Human" for Uman,
                # "Lake" for Uniontown): the word, even after "at" or "towards".
                return "word"
            if next_sep == " " and _possessive_base(next_word).lower() in _SITE_WORDS:
                return "word"  # "Freedom Square", "Victory Park": a square, not a town
            glued_next = glued_cap  # "Atlantic Council"
            if populous >= _WORLD_CITY and not glued_next:
                return "place"
            if sentence_initial or (
                prev_sep == " "
                and prev_word[:1].isupper()
                and not locative
                and prev_low not in _ARTICLES  # "The Kremlin", "A Delta officer"
            ):
                return "word"
            curated = name.curated and not glued_next
            if not (locative or populous >= 100_000 or (region_word and big) or curated):
                # A region named in a list of places ("Arizona, California, Colorado and
                # Montana") is that region though its name is also a word; whether the
                # list's other names are places is known once all spans are read.
                if (
                    name.region_named
                    and not glued_next
                    and (
                        _LIST_BEFORE.search(text, max(0, start - 40), start) is not None
                        or _LIST_AFTER.match(text, end) is not None
                    )
                ):
                    return _PLACE_LISTED
                if (
                    name.region_named
                    and not glued_next
                    and (text[end : end + 1] in (".", ";") or _WHERE_AFTER.match(text, end))
                ):
                    # "... as well as Michigan, where he leads", "... at Euro 2016 with
                    # Wales.": a region capitalised inside a sentence and closing a clause (the
                    # sentence's end, or before ", where") is the place, not the word.
                    return "place"
                cue = _word_town_cue(text, start, end) if not glued_next else None
                if cue is None:
                    return "word"
                if cue == "list":
                    # "homes in Conway and Cabot", "Prosper, Texas": kept if the list's
                    # neighbour is a place (keep_listed decides once all spans are read).
                    return _PLACE_LISTED
                town = cue == "town"
            confidence = 0.6
        if common_word and country and sentence_initial and not locative:
            confidence = 0.7
        if not big and not locative and name.village_alias:
            return "word"  # only a village's alternate name: too weak on its own
        if confidence == 0.6:
            return _PLACE_TOWN_WORD if town else _PLACE_WORD_LIKE
        if confidence == 0.7:
            return _PLACE_COUNTRY_WORD
        return "place"

    def _team_plural(self, text: str, end: int, next_word: str, next_low: str) -> bool:
        """True if ``next_word`` (lower-cased ``next_low``, the capitalised word right after
        a town's name that ends at ``end``) is a plural English word that ends the capitalised
        run and is not a place's or people's word (:data:`TEAM_PLACE_PLURALS`)."""
        if (
            len(next_low) < 4
            or not next_low.endswith("s")
            or next_low.endswith(("ss", "'s", "’s", "us", "is"))
            or next_low in TEAM_PLACE_PLURALS
            or next_low in NON_NAME_FOLLOWERS
            or next_low in REGION_WORDS
            or next_low in LOCAL_UNIT_WORDS
            or next_low[:-1] in _DAYS_AND_MONTHS
            or next_word[1:].isupper()
            or next_word.endswith(("'", "’"))  # "Dallas Cowboys' stadium"
        ):
            return False
        after = end + 1 + len(next_word)
        if text[after : after + 1] not in ("", " ", ",", ".", ";", ":", "\n"):
            return False  # "Dallas Cowboys' stadium", "Mansfield Reads!": not a bare team
        following, sep = _next_token(text, after)
        if sep == " " and following[:1].isupper():
            return False  # "Chicago Teachers Union": the run goes on
        return self.is_word(next_low[:-1]) or (
            next_low.endswith("es") and self.is_word(next_low[:-2])
        )

    @staticmethod
    def _in_site_name(
        text: str,
        surface: str,
        start: int,
        prev_word: str,
        prev_sep: str,
        next_word: str,
        next_sep: str,
    ) -> bool:
        """True if the span ``surface`` at ``start`` opens a square's or street's name in another
        language ("Praça da Liberdade") or is the name after such an opener, a joiner between
        them or not."""
        if (
            next_sep == " "
            and (next_word[:1].isupper() or next_word in _SITE_JOINERS)
            and surface.lower() in _SITE_OPENERS
        ):
            return True
        if prev_sep != " " or not prev_word:
            return False
        if prev_word[:1].isupper():
            return prev_word.lower() in _SITE_OPENERS
        if prev_word in _SITE_JOINERS:
            before, sep = _prev_token(text, start - len(prev_word) - 1)
            return sep == " " and before[:1].isupper() and before.lower() in _SITE_OPENERS
        return False

    def _given_pair(self, text: str, start: int, end: int) -> bool:
        """True if the span ``text[start:end]`` (a given name) and a neighbouring given name
        joined by "and" are the subject of a verb of saying or one only people do: "Tyler and
        Olivia said", "Two nurses, Tyler and Olivia, told reporters"."""
        after = _GIVEN_PAIR_AFTER.match(text, end)
        if after is not None:
            # "Tyler" of "Tyler and Olivia, told": the next name and then the verb.
            if not self._given_name(after.group(1)):
                return False
            end = after.end()
        else:
            before = _GIVEN_PAIR_BEFORE.search(text, max(0, start - 40), start)
            if before is None or not self._given_name(before.group(1)):
                return False
        verb = _PAIR_VERB.match(text, end)
        return verb is not None and (
            verb.group(1).lower() in SPEECH_VERBS or verb.group(1) in PERSON_VERBS
        )

    def _given_name(self, surface: str) -> bool:
        """True if ``surface`` (less a possessive) is a common given name (memoised)."""
        known = self._given_cache.get(surface)
        if known is None:
            known = _possessive_base(surface).lower() in self._given
            if len(self._given_cache) < CACHE_SIZE:
                self._given_cache[surface] = known
        return known

    def _name(
        self, keys: str, acronym: bool, hits_of: Mapping[str, tuple[Hit, ...]]
    ) -> _Name | None:
        """What the gazetteer says about a matched name (memoised: names repeat a lot).
        ``hits_of`` holds the hits of every gazetteer key in ``keys``."""
        cache_key = (keys, acronym)
        if cache_key in self._names:
            return self._names[cache_key]
        hits: list[Hit] = []
        abbreviation = False
        for key in keys.split("\x00"):
            if key.startswith(PLURAL_OF):
                hits.extend(h for h in hits_of[key[1:]] if h.name_type == "demonym")
            elif key.startswith(REGION_OF):
                # "Ky." is Kentucky the state, never a town called Kentucky.
                country, region = key[1:3], key[3:]
                hits.extend(
                    h
                    for h in hits_of[region]
                    if h.place.kind == "region" and h.place.country_code == country
                )
                abbreviation = True
            else:
                hits.extend(h for h in hits_of[key] if _hit_fits_surface(h, acronym))
        name = _Name.of(tuple(hits), abbreviation=abbreviation) if hits else None
        if len(self._names) < CACHE_SIZE:
            self._names[cache_key] = name
        return name

    def is_word(self, word: str) -> bool:
        """True if ``word`` is an English word, allowing for plural and verb endings."""
        w = word.lower()
        known = self._word_cache.get(w)
        if known is None:
            # Short words are not stemmed: "Zas" is a name even though "za" is a word.
            words = self._words
            known = w in words
            if not known and len(w) >= 5:
                for tail, repl in _INFLECTIONS:  # a loop, not any() over a generator
                    if w.endswith(tail) and w[: -len(tail)] + repl in words:
                        known = True
                        break
            if len(self._word_cache) < CACHE_SIZE:
                self._word_cache[w] = known
        return known


def _person_after(text: str, end: int, before: str) -> bool:
    """True if the two-word name ending at ``end`` reads as a person's: a person is described
    next (", a local rancher", ", 45,", ", who"), a verb of saying or one only a person does
    follows ("... Paris said", "Florence Welch sang"), or a verb of saying comes before it and
    the name ends the clause ("said Lincoln Banda,")."""
    if _PERSON_DESCRIBED.match(text, end):
        return True
    word, sep = _next_token(text, end)
    if sep == " " and (word.lower() in SPEECH_VERBS or word in PERSON_VERBS):
        return True
    if sep == " " and word == "and":
        # "Paris Hilton and Florence Pugh attended": a second two-word name, then the verb.
        other = _SECOND_PERSON.match(text, end)
        if other is not None and (
            other.group(1).lower() in SPEECH_VERBS or other.group(1) in PERSON_VERBS
        ):
            return True
    return before.lower() in SPEECH_VERBS and text[end : end + 1] in (",", ".")


def _is_honorific(word: str) -> bool:
    """True for a capitalised title ("Mrs.", "Gov.", "President") before a person's name."""
    clean = word.rstrip(".")
    return clean[:1].isupper() and clean.lower() in HONORIFICS


def _names_something_else(
    text: str, start: int, end: int, next_word: str, next_sep: str
) -> bool:
    """True if the place name at ``text[start:end]`` (followed by ``next_sep`` and
    ``next_word``) is part of the name of something else: an outlet ("China Daily", "the Times
    of India"), a club ("Manchester United"), a disease ("West Nile virus") or a currency
    ("US$40")."""
    if text[end : end + 1] == "$":
        return True  # "US$", "HK$": a currency
    if next_sep == " ":
        low = next_word.lower()
        if low[-2:] in ("'s", "’s"):
            low = low[:-2]
        if next_word[0].isupper():
            if (low in OUTLET_WORDS or low in TEAM_WORDS) and not text.endswith(
                ("'s", "’s"), start, end
            ):
                if low in OUTLET_LAST_WORDS:
                    following, sep = _next_token(text, end + len(next_sep) + len(next_word))
                    return not (sep == " " and following[:1].isupper())
                return True
            if not text.endswith(("'s", "’s"), start, end) and _team_nickname(
                text, end + len(next_sep) + len(next_word), low
            ):
                return True
        elif low in AFFLICTION_WORDS:
            return True
    # "the Times of India" ("The Sun News of Myrtle Beach" is the paper of a place: kept).
    return text.endswith("Times of ", max(0, start - 9), start)


def _outlet_after_one_word(text: str, end: int, next_word: str, next_sep: str) -> bool:
    """True if a newspaper's time of issue (:data:`_PAPER_ISSUES`) and then a newspaper's word
    (:data:`OUTLET_WORDS`) ending the capitalised run follow the place name that ends at
    ``end``: "Sydney Morning Herald", "Manchester Evening News" name a paper, not the city."""
    if next_sep != " " or next_word.lower() not in _PAPER_ISSUES or not next_word[:1].isupper():
        return False
    pos = end + 1 + len(next_word)
    word, sep = _next_token(text, pos)
    if sep != " " or not word[:1].isupper() or _possessive_base(word).lower() not in OUTLET_WORDS:
        return False
    following, sep = _next_token(text, pos + 1 + len(word))
    return not (sep == " " and following[:1].isupper())


# A reporting verb after a name ("Myanmar Now reported"), and the words that with a place
# before such a verb still say who of the place speaks ("Kenya Police said", "Harris County
# said"), or before it what part of it ("Northern Nigeria reported", "Rural Kenya said").
_REPORTING_VERBS = frozenset(CHANNEL_VERBS.split("|"))
_VERB_AFTER_NEXT = re.compile(r" [^\W\d_][\w'’-]* (?:" + CHANNEL_VERBS + r")\b")
_SPEAKERS_AFTER_PLACE = TEAM_PLACE_PLURALS | LOCAL_UNIT_WORDS | REGION_WORDS | frozenset((
    "city", "municipality", "division", "subdistrict", "zone", "ward", "canton", "commune",
    "government", "ministry", "police", "army", "military", "governor", "mayor", "council",
    "health",
    "airport", "university", "college", "president", "officials", "authorities", "official",
    "republican", "democrat", "democratic", "lawmaker", "delegate", "representative",
    "spokesman", "spokeswoman", "commissioner", "sheriff",
)) | HONORIFICS
_SPEAKERS_AFTER_PLACE_CAPS = frozenset(w.capitalize() for w in _SPEAKERS_AFTER_PLACE)
_PARTS_BEFORE_PLACE = PLACE_QUALIFIERS | frozenset((
    "rural", "urban", "mainland", "coastal", "neighbouring", "neighboring",
))


def _reporting_outlet(
    text: str, start: int, end: int, prev_word: str, prev_sep: str, next_word: str,
    next_sep: str, is_word: Callable[[str], bool], given_name: Callable[[str], bool],
) -> bool:
    """True if the place name at ``text[start:end]`` and one capitalised word before or after
    it (``prev_word``, ``next_word``) make an outlet's name that a reporting verb follows (the
    caller has checked the verb, after the name or after its next word, and a capitalised
    word or "of" before a verb right after the name): "FrontPage Africa reported",
    "CNN Indonesia said", "Myanmar Now reported", "Zimbabwe Independent said", "Voice of
    America reported". Not where the word says who of the place or what part of it
    speaks ("Kenya Police said", "Harris County said", "Northern Nigeria reported",
    "Neighbouring Mizoram said"), nor after a given name ("Doug Logan said": a person) or a
    sentence's first word that is a common word ("Then Uganda said")."""
    if next_sep == " " and next_word in _REPORTING_VERBS:
        if prev_word == "of":
            return text.endswith("Voice of ", 0, start)  # "Voice of America reported"
        if (
            prev_sep != " "
            or not prev_word[-1:].isalnum()  # ("near Howland. Paris showed": no one run)
            or not prev_word[:1].isupper()
            or prev_word.lower() in _PARTS_BEFORE_PLACE
            or given_name(prev_word)
        ):
            return False
        low = prev_word.lower()
        if text.endswith(("'s", "’s", "'", "’"), 0, start - 1) or low in HONORIFICS:
            return False
        return not (
            _sentence_initial(text, start - 1 - len(prev_word))
            and (is_word(low) or low in FUNCTION_WORDS)
        )
    return not (
        text.endswith(("'s", "’s"), start, end)
        or _possessive_base(next_word) != next_word
        or next_word.lower() in _SPEAKERS_AFTER_PLACE
        or given_name(text[start:end])  # ("Lynn Fodge says": a person)
    )


def _in_outlet_name(
    text: str, start: int, end: int, prev_word: str, prev_sep: str, next_word: str, next_sep: str
) -> bool:
    """True if the place name at ``text[start:end]`` (between ``prev_word`` and ``next_word``)
    stands in one capitalised run with a media word (:data:`MEDIA_WORDS`) among the three
    words before it ("Radio France", "Sky News Australia") or a broadcaster's word
    (:data:`BROADCAST_WORDS`) among the three after it ("China Central Television"): the run
    names an outlet. A possessive ends the run ("France's TV")."""
    # Each word is read only if the run reaches it (no fourth word is read), and a word's
    # set test only if its capital can begin such a word.
    if prev_sep == " " and prev_word[:1].isupper():
        if prev_word[0] in _MEDIA_INITIALS and prev_word.rstrip(".").lower() in MEDIA_WORDS:
            return True
        pos = start - 1 - len(prev_word)
        word, sep = _prev_token(text, pos)
        if sep == " " and word[:1].isupper():
            if word[0] in _MEDIA_INITIALS and word.rstrip(".").lower() in MEDIA_WORDS:
                return True
            word, sep = _prev_token(text, pos - 1 - len(word))
            if (
                sep == " "
                and word[:1] in _MEDIA_INITIALS
                and word.rstrip(".").lower() in MEDIA_WORDS
            ):
                return True
    if next_sep != " " or not next_word[:1].isupper() or text.endswith(("'s", "’s"), start, end):
        return False
    if next_word[0] in _BROADCAST_INITIALS and _possessive_base(next_word).lower() in (
        BROADCAST_WORDS
    ):
        return True
    if _possessive_base(next_word) != next_word:
        return False
    # The second and third words, each after one space (as ``_next_token`` reads them).
    more = _NEXT_TWO.match(text, end + 1 + len(next_word))
    if more is None:
        return False
    for word in more.groups():
        if word is None or not word[:1].isupper():
            return False
        base = _possessive_base(word)
        if word[0] in _BROADCAST_INITIALS and base.lower() in BROADCAST_WORDS:
            return True
        if base != word:
            return False
    return False


# The capitals a media or broadcaster's word can begin with: their initials upper-cased (no
# other character of Unicode lower-cases to one of them; a test checks this).
_MEDIA_INITIALS = frozenset(w[0].upper() for w in MEDIA_WORDS)
_BROADCAST_INITIALS = frozenset(w[0].upper() for w in BROADCAST_WORDS)
_NEXT_TWO = re.compile(r" ([^\W_][\w'’-]*)(?: ([^\W_][\w'’-]*))?")


def _team_nickname(text: str, pos: int, word: str) -> bool:
    """True if ``word`` (lower case, the capitalised word that ends at ``pos``, right after a
    place name) begins a team's nickname that ends the capitalised name: "Kings lost", "Super
    Kings beat", "Knight Riders'"."""
    following, sep = _next_token(text, pos)
    if word in TEAM_NICKNAMES:
        return not (sep == " " and following[:1].isupper())
    if sep != " " or not following[:1].isupper():
        return False
    nickname = _possessive_base(following).lower()
    if word not in TEAM_NICKNAMES.get(nickname, ()):
        return False
    after, after_sep = _next_token(text, pos + len(sep) + len(following))
    return not (after_sep == " " and after[:1].isupper())


# A club named by its town in a match report ("Sheffield United lost to Leeds", "Arsenal
# beat Everton 2-0"): a town's name right before or after a result verb, in a sentence with
# a score or a word of sport, is the club, not the town. Countries and regions stay (the news
# corpora annotate national sides as places). The needles find the verbs by substring first.
_RESULT_NEEDLES = (
    " beat", " defeat", " lost to", " lose to", " loses to", " losing to", " drew with",
    " draw with", " draws with", " edged", " thrashed", " routed", " hammered", " downed",
)
# A result verb's last word and the space after it, with or without "the " ("beat ",
# "lost to the "), as the text before a club's name ends.
_RESULT_ENDS = tuple(
    end
    for verb in ("beat", "beats", "beating", "defeated", "defeats", "defeating", "to", "with",
                 "edged", "thrashed", "routed", "hammered", "downed")
    for end in (f" {verb} ", f" {verb} the ")
)
# The needles by the letter after their space, the ends by the two letters before their last
# space (each end is at least four characters long: a name at 3 or before follows none).
_RESULT_NEEDLES_BY_INITIAL = {
    initial: tuple(needle for needle in _RESULT_NEEDLES if needle[1] == initial)
    for initial in {needle[1] for needle in _RESULT_NEEDLES}
}
_RESULT_ENDS_BY_TAIL = {
    tail: tuple(end for end in _RESULT_ENDS if end[-3:-1] == tail)
    for tail in {end[-3:-1] for end in _RESULT_ENDS}
}
_RESULT_BEFORE = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeats|defeating|lost to|lose to|loses to|losing to"
    r"|drew with|draw with|draws with|edged|thrashed|routed|hammered|downed)\s+(?:the\s+)?\Z"
)
_RESULT_AFTER = re.compile(
    r"\s+(?:beat|beats|defeated|defeats|lost to|lose to|loses to|drew with|draw with"
    r"|draws with|edged|thrashed|routed|hammered|downed)\b"
)
_SPORT_IN_SENTENCE = re.compile(
    r"(?<![\d.,/:])\b\d{1,2} ?[-–] ?\d{1,2}\b(?![\d.,/:-])"  # a score: "2-0", "3 - 1"
    r"|\b(?:United|Rovers|Athletic|Wanderers|Albion|Hotspur|FC|AFC|match|matches|league"
    r"|cup|season|goals?|striker|midfielder|coach|playoffs?|championship|tournament|derby"
    r"|fixture|kick-off|half-time|penalty|stadium|innings|wickets?|touchdowns?|quarterback"
    r"|semi-final|semifinal|final)\b"
)
_MODIFIES_NEXT = re.compile(r" (?!(?:at|in|on|for|with|by|to|and|or|after|before|as|but|"
                            r"from|during|under|over|last|this|the)\b)[a-z]")
_SENTENCE_BREAKS = ".!?\n"
_SENTENCE_WINDOW = 300


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]`` (at most ``_SENTENCE_WINDOW`` characters
    either side)."""
    lo = max(0, start - _SENTENCE_WINDOW)
    hi = min(len(text), end + _SENTENCE_WINDOW)
    left = max(text.rfind(c, lo, start) for c in _SENTENCE_BREAKS)
    right = [i for i in (text.find(c, end, hi) for c in _SENTENCE_BREAKS) if i != -1]
    return text[left + 1 if left != -1 else lo : min(right) if right else hi]


def drop_sports_clubs(text: str, chosen: list[Mention]) -> list[Mention]:
    """Return ``chosen`` (in text order) without the towns read from a club in a match
    report: a name with only town readings right before or after a result verb ("beat",
    "lost to", "drew with", ...) in a sentence with a score or a word of sport ("Arsenal
    beat Everton 2-0", "Sheffield United lost to Leeds"). Raises nothing."""
    dropped: set[int] = set()
    for i, m in enumerate(chosen):
        start, end = m.start, m.end
        # Cheap tests first: the verbs that can begin with the letter after the name's space
        # (" b", " d", " l", ...) and the ends of a result verb that end in the two letters
        # before the name's space ("beat", "to", "with", "the"), then the regexes.
        needles = _RESULT_NEEDLES_BY_INITIAL.get(text[end + 1 : end + 2])
        ends = _RESULT_ENDS_BY_TAIL.get(text[start - 3 : start - 1]) if start > 3 else None
        if not (
            (needles is not None and text.startswith(needles, end))
            or (ends is not None and text.endswith(ends, max(0, start - 24), start))
        ):
            continue
        if not _town_only(m.hits) or not (
            (
                _RESULT_BEFORE.search(text, max(0, start - 20), start)
                # The club is the result's object, not a modifier of it ("beat London
                # goalie Trevor Cann": the goalie was beaten).
                and not _MODIFIES_NEXT.match(text, end)
            )
            or _RESULT_AFTER.match(text, end)
        ):
            continue
        if _SPORT_IN_SENTENCE.search(_sentence_around(text, start, end)):
            dropped.add(i)
    if not dropped:
        return chosen
    return [m for i, m in enumerate(chosen) if i not in dropped]


def _town_only(hits: Sequence[Hit]) -> bool:
    """True if ``hits`` name towns and nothing bigger but their own districts: no country,
    water body or landmark, and a region only in a country where a town has the name too
    (Leeds and its metropolitan borough; not Michigan, not Georgia)."""
    towns = {h.place.country_code for h in hits if h.place.kind == "city"}
    return bool(towns) and all(
        h.place.kind == "city" or (h.place.kind == "region" and h.place.country_code in towns)
        for h in hits
    )


# "Brazil's Lula", "Russia's Wagner": one capitalised word after a country's possessive that
# names only towns outside that country, none of them large by its own name, is the country's
# person (or company), not a town abroad (Lulea, Sweden is also called Lula).
_POSSESSIVE_SEPS = ("'s ", "’s ")
_POSSESSED_TOWN = 100_000


def drop_possessed_people(
    text: str, chosen: list[Mention], person_parts: set[str]
) -> list[Mention]:
    """Return ``chosen`` (in text order) without the one-word town names right after a
    country's possessive ("Brazil's Lula") whose readings are all towns outside that country,
    none of 100,000 people or more by its own name; each dropped name is added to
    ``person_parts`` (its later bare mentions are the person too). Raises nothing."""
    if len(chosen) < 2:
        return chosen
    drop: set[int] = set()
    for i in range(1, len(chosen)):
        m, owner = chosen[i], chosen[i - 1]
        if (
            m.start - owner.end != 3  # (cheap first: no slice for most pairs)
            or text[owner.end : m.start] not in _POSSESSIVE_SEPS
            or " " in m.surface
        ):
            continue
        countries = {
            h.place.country_code
            for h in owner.hits
            if h.place.kind == "country" and h.name_type != "demonym"
        }
        if not countries or m.region_word or m.local_unit:
            continue
        if all(
            h.place.kind == "city"
            and h.place.country_code not in countries
            and not (h.name_type == "name" and h.place.population >= _POSSESSED_TOWN)
            for h in m.hits
        ):
            drop.add(i)
            person_parts.add(_possessive_base(m.surface))
    return [m for i, m in enumerate(chosen) if i not in drop] if drop else chosen


# What makes a bare name a place even where a person bears it: "in Jackson", "the city of
# Austin" before it, or its state or country after a comma ("Lincoln, Nebraska").
_PLACE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|into|near|outside)|\b(?:city|town|village|county|state) of) \Z"
)


def drop_person_names(
    text: str, chosen: list[Mention], person_parts: set[str]
) -> list[Mention]:
    """Return ``chosen`` without the mentions of a name seen inside a person's name
    (``person_parts``, as :meth:`Plausibility.mention` collects them), but for a mention
    the text marks as a place: after "in", "near", "the city of" (not a possessive: "in
    Jackson's view"), or paired with the region or country after it ("Jackson,
    Mississippi")."""
    # Other mentions of a name seen inside a person's name ("Raquel Henry" ... "Henry
    # came in") are that person, unless the name is a country or region.
    if not person_parts:
        return chosen
    named = [
        i for i, m in enumerate(chosen)
        if _possessive_base(m.surface) in person_parts
        and not any(h.place.kind in _BIG_KINDS for h in m.hits)
    ]
    if not named:
        return chosen
    drop: set[int] = set()
    for i in named:
        m = chosen[i]
        if m.surface != _possessive_base(m.surface) or text.startswith(("'s", "’s"), m.end):
            drop.add(i)
            continue
        if _PLACE_CUE_BEFORE.search(text, max(0, m.start - 12), m.start):
            continue
        after = chosen[i + 1] if i + 1 < len(chosen) else None
        if not (
            after is not None
            and text[m.end : after.start] == ", "
            and any(
                h.place.kind in _BIG_KINDS and h.name_type != "demonym" for h in after.hits
            )
        ):
            drop.add(i)
    return [m for i, m in enumerate(chosen) if i not in drop] if drop else chosen


def drop_other_names(text: str, chosen: list[Mention], other_names: set[str]) -> list[Mention]:
    """Return ``chosen`` (in text order) without the bare mentions of a name the text uses
    elsewhere as a disease's or an outlet's (``other_names``, as :meth:`Plausibility.mention`
    collects them): "Marburg kills" after "Marburg virus disease". A mention after a
    preposition of place ("in Marburg"), before a region word, or followed by a comma and a
    country or region ("Marburg, Germany") stays the place."""
    if not other_names:
        return chosen
    keep: list[Mention] = []
    for i, m in enumerate(chosen):
        if (
            _possessive_base(m.surface) in other_names
            and not m.locative
            and not m.region_word
            and not (
                i + 1 < len(chosen)
                and text.startswith(", ", m.end)
                and chosen[i + 1].start == m.end + 2
                and any(h.place.kind in _BIG_KINDS for h in chosen[i + 1].hits)
            )
        ):
            continue
        keep.append(m)
    return keep


def keep_listed(text: str, chosen: list[Mention]) -> list[Mention]:
    """Return ``chosen`` (in text order) without the mentions that need a list
    (``Mention.needs_list``) and are not joined by one to a place that stands on its own or
    through such a chain ("Arizona, California, Colorado and Montana"). A neighbour read only
    as a demonym ("Western and Asian") does not count."""
    if not any(m.needs_list for m in chosen):
        return chosen
    keep = [not m.needs_list for m in chosen]
    anchor = [keep[i] and any(h.name_type != "demonym" for h in m.hits) for i, m in
              enumerate(chosen)]
    changed = True
    while changed:
        changed = False
        for i, m in enumerate(chosen):
            if keep[i]:
                continue
            for j in (i - 1, i + 1):
                if not 0 <= j < len(chosen) or not anchor[j]:
                    continue
                a, b = (chosen[j], m) if j < i else (m, chosen[j])
                if _LIST_SEP.fullmatch(text, a.end, b.start):
                    keep[i] = anchor[i] = changed = True
                    break
    return [m for m, k in zip(chosen, keep, strict=True) if k]


# What marks a town whose name is also a word as the town where no locative stands right
# before it (``_word_town_cue``): "the town of Palamas", "southeast of Champaign"; a list
# after a locative ("homes in Conway and Cabot", "to Buchanan, Greenville and Harper"); a
# "Town, State" pair.
_TOWN_OF = re.compile(
    r"\b(?:([Tt]owns?|[Cc]ity|[Cc]ities|[Vv]illages?|[Tt]ownships?|[Ss]uburbs?|[Hh]amlets?"
    r"|[Mm]unicipalit(?:y|ies))|(?:north|south)?(?:east|west)|north|south|outskirts) of[ \t]+$"
)
_LOCATIVE_LIST = re.compile(
    r"(?<![\w'’.-])([A-Za-z]+)[ \t]+(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*"
    r"(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+))+$"
)
_PAIR_AFTER = re.compile(r",[ \t]+[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)?(?:,|\.|;|$| [a-z])")


def _word_town_cue(text: str, start: int, end: int) -> str | None:
    """What makes the town at ``text[start:end]``, whose name is also a word, a place though
    no locative stands right before it: "town" after "the town of" ("the city of Bam": a
    town, not a region of that name), "of" after a compass word ("south of Champaign"),
    "list" as a later item of a list that a locative opens ("homes in Conway
    and Cabot") or as the first of a "Town, State" pair (both kept only if the list's
    neighbour is a place), else None. Called only for such towns, which the rules would
    otherwise read as the word."""
    window = text[max(0, start - 120) : start]
    town_of = _TOWN_OF.search(window, max(0, len(window) - 40))
    if town_of is not None:
        return "town" if town_of.group(1) else "of"
    if _LIST_BEFORE.search(window, max(0, len(window) - 40)) is not None:
        head = _LOCATIVE_LIST.search(window)
        if head is not None:
            word = head.group(1)
            if word.lower() in LOCATIVES or (
                word == "of" and _TOWN_OF.search(window, 0, head.end(1) + 1) is not None
            ):
                return "list"
    if text[end : end + 1] == "," and _PAIR_AFTER.match(text, end) is not None:
        return "list"
    return None


def _hit_fits_surface(hit: Hit, acronym: bool) -> bool:
    """Keep codes and abbreviations for all-caps spans only, real names for the rest."""
    kind = hit.name_type
    if acronym:
        # Bare ISO codes ("TV", "IT", "PA") are ordinary capitals far more often than places.
        return kind == "abbreviation"
    if kind == "code":
        return False
    original = hit.original
    # GeoNames carries lower-case romanisations ("a la mu tu") that are not names in English.
    return not original.islower()
