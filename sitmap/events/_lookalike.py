"""Look-alikes: place names the geoparser found that are part of another kind of name in
this text - an organisation, an outlet, a person, a vehicle, a ministry - and so make no
row of the event table (see :func:`lookalike_reason`).

The geoparser keeps them because, read as names, they are places; what they name here only
the words around them say. The rules are surface signals of English news copy, none tied to
one article: a name followed by an organisation's head noun ("Kenya Airways", "Syria Relief",
"the Kurdistan Workers Party", "the Syrian Observatory for Human Rights", "Syria Civil
Defence"); the Red Cross and Red Crescent; an airline "Air X"; an outlet "Radio X", "X TV",
"X Today", "X Agency", "X Times", "Sputnik X" or a news site "X.kz"; a name before a
vehicle noun or a vehicle model ("Toyota Hilux pickups", "a Mitsubishi truck", "Lada
cars"; a known maker even where its name is a region or a river: "a Scania lorry", "Ural
trucks"); a name after a common given name ("Victor Miranda") or after a capitalised word
when a person is described next ("Tunde Kaduna, 42, said"), and the later bare mentions of
a name the text has used so ("Pedro Toledo ... Toledo said"); a portfolio before
"Minister" ("Interior Minister"); a compound "X-based" (where an actor is based, not where
a thing happened); a vessel "the ferry X", "MV X"; a channel "X 2 reported"; a sports team
("the X Strikers", "Wydad X") where words of sport are near; the last word of an Arabic
name whose article is glued to it ("Maarat al-Numan": the gazetteer knows "Numan", not the
town); a state's or a country's name
before "river" ("the Benue river": the river, not Benue State; done here rather than in the
geoparser, where a river rule cost LGL accuracy).

An outlet named after a place is an outlet too: "X Times", "X Post", "X Herald" and the
other newspaper heads, and a wire brand's country edition ("Sputnik Armenia"); a place name
in it says where the paper is, not where anything happened (issue 13: such names made rows
that the gold counts as false places). Names that only *qualify* an office or a pact
("Armenia Prime Minister", "a Moscow-led pact") stay rows with the role ``mention``
(``sitmap.events._roles``): that is where the name still says which country is meant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from sitmap.events._rules import CaselessPattern
from sitmap.geoparse._othernames import (
    APPOSITION_PLACE_NOUNS,
    CHANNEL_VERBS,
    HYPHENS,
    OUTLET_KIND_LAST_WORDS,
    OUTLET_KINDS,
    WEB_DOMAIN,
)
from sitmap.geoparse._words import AID_MOVEMENT_NAMES, NEWS_AGENCIES, first_names
from sitmap.model import Toponym

__all__ = ["drop_lookalikes", "lookalike_reason"]

# The head noun that ends an organisation's name, after the place name and at most three
# more capitalised words: "Kenya Airways", "Syria Relief", "Kurdistan Workers Party",
# "Orange Order", "Syrian Observatory", "Irish Republican Army" (an army needs a word
# between: "Kenya Army" is the country's army; so do a federation, a union and a guard: "the
# Russian Federation" and "the Soviet Union" are states, "the Kenya Football Federation" and
# "the Japan Coast Guard" are not); a
# utility, a carrier, a bank, a rights group or a sports body named after where it works
# ("Kenya Power", "Iran Human Rights", "Pakistan Railways", "Egypt Telecom", "Ghana Central
# Bank"), a business ("the Mandalay Brewery", "Myanmar Economic Holdings", "the Karachi
# Stock Exchange") and a profession's body ("the Central Committee of Sudan Doctors", "the
# Kenya Lawyers ..."; capitalised: "Haiti's doctors said" stays). A "X Railway Station" is a
# place.
_RUN: Final = (
    r"(?:\s+(?!(?:As|In|Of|The|And|To|For|On|At|With|After|By|From|Over|Amid|Says?|Is|Are)"
    r"\b)[A-Z][\w'’-]*)"
)
_ORG_AFTER: Final = re.compile(
    _RUN + r"{0,3}?\s+(?:Airways|Airlines|Air\s+Lines|Relief|Party|Order|"
    r"Observatory|Front|Movement|Brotherhood|Red\s+Cross|Red\s+Crescent|Rescue|Aid|"
    r"Watch|Foundation|Trust|Society|Association|Alliance|Congress|League|"
    r"Civil\s+Defen[cs]e|Human\s+Rights|Power|Electricity|Energy|Petroleum|Railways|"
    r"Railway(?!\s+[Ss]tations?)|Telecoms?|Telekom|Telecommunications|Airport\s+Authority|"
    r"Ports?\s+Authority|Central\s+Bank|Bank|Company|Corporation|Brewery|Breweries|"
    r"Holdings|Motors|Cement|Steel|Textiles|Mills|Insurance|Stock\s+Exchange|"
    r"Chamber\s+of\s+Commerce|Doctors|Lawyers|Journalists|Teachers|Nurses|"
    r"Professionals)\b(?![-‐‑])"
    r"|" + _RUN + r"{1,3}?\s+(?:Army|Federation|Union|Guards?)\b"
)
_ORG_NAMES: Final = frozenset(name.casefold() for name in AID_MOVEMENT_NAMES)
# An outlet named "Radio <name>" ("Radio Bio-Bio", "Radio Free Asia", "Radio-Canada",
# "RADIO MOZAMBIQUE" in a credit line), an airline "Air
# <name>" ("Air Astana").
# Session 13: the outlet's own name may run on for two capitalised words and a particle
# before the place: "Radio Nacional de Angola", "Radio Television of Serbia" (a function
# word ends the run: "Radio Station In Kyiv" is a headline).
_RADIO_BEFORE: Final = re.compile(
    r"\b(?:Radio|RADIO)(?:\s+|[-‐‑])(?:(?!(?:In|At|On|From|To|The|And|Of|For|By)\b)"
    r"[A-Z][\w'’-]*\s+){0,2}(?:(?:de|do|da|del|dos|das|du|des|di|of)\s+(?:la\s+|the\s+)?)?$")
# A fighter's call sign or a nickname named after a town ("a gunner with the call sign
# Kherson", "a commander nicknamed Odesa"): the person, not the place.
_ALIAS_BEFORE: Final = re.compile(
    r"(?:\bcall[\s-]?signs?|\bcallsigns?|\bnom\s+de\s+guerre|\bnick-?named|\bcode-?named|"
    r"\balias)\s+[\"“'‘]?$", re.IGNORECASE)
_AIRLINE_BEFORE: Final = re.compile(r"(?<![\w-])Air\s+$")
# An outlet named after a place: "Kazakh TV", "the Anadolu Agency", "Syrian state
# television" is left alone (lower case: the state's television, a mention).
_OUTLET_AFTER: Final = re.compile(
    r"\s+(?:TV|Television|Today|(?:[Nn]ews\s+)?Agency|Times|Post|Herald|Tribune|Gazette|"
    r"Journal|Telegraph|Chronicle|Standard|Observer|Courier|Daily|Mirror|Express|"
    r"Broadcasting|Broadcaster|Radio)\b"
    r"(?![-‐‑])"
)
# A wire brand with a country edition: "Sputnik Armenia", "Xinhua Kenya" (the wire agencies
# the geoparser knows by name, NEWS_AGENCIES, capitalised, and Sputnik).
_BRAND_LAST: Final = ("Sputnik", *sorted(name.title() for name in NEWS_AGENCIES))
_BRAND_BEFORE: Final = re.compile(r"\b(?:" + "|".join(map(re.escape, _BRAND_LAST)) + r")\s+$")
# An outlet its kind names first ("the news site Myanmar Now", "the newspaper Nepal
# Samacharpatra", "the broadcaster Kenya Citizen"), or a "Voice of X" ("the Democratic
# Voice of Burma", "Voice of America"): the words before the name say it is an outlet.
# So is a paper its readers call "the daily" ("a reporter for the daily Thessalia", "the
# Greek daily Kathimerini") and a bank "of" a place ("the Bank of Bishkek shut its
# branches").
_OUTLET_BEFORE: Final = re.compile(
    r"(?:\b(?:" + OUTLET_KINDS + r")|\bVoice\s+of(?:\s+the)?)\s+$"
)
_DAILY_BEFORE: Final = re.compile(
    r"\b(?:the|a)\s+(?:[A-Z][a-z]+\s+|local\s+|national\s+|regional\s+)?daily\s+$")
_BANK_OF_BEFORE: Final = re.compile(r"\bBank\s+of\s+(?:the\s+)?$")
# A storm's name: "Storm Daniel", "Hurricane Ian", "Typhoon Haiyan", "Cyclone Idai" (the
# word capitalised: "the storm hit Volos" names a place).
_STORM_WORDS: Final = ("Storm", "Hurricane", "Typhoon", "Cyclone", "Medicane", "Depression")
_STORM_BEFORE: Final = re.compile(
    r"\b(?:Storm|Hurricane|Typhoon|Cyclone|Medicane|Tropical\s+Depression)\s+$")
# A person described right after the name ("Mahinda Galle, a retired teacher, said"; "...
# Galle, 54, said"; "... Galle said"), the name led by a capitalised word that is neither a
# function word nor a place qualifier: a first name and a surname.
_DESCRIBED_AFTER: Final = re.compile(
    r",\s+(?:(?:a|an)\s+(?!(?:" + APPOSITION_PLACE_NOUNS + r"|\w+-(?:strong|year))\b)[a-z]"
    r"|\d{1,3},)"
    r"|\s+(?:said|says|told)\b"
)
_NOT_FIRST_NAMES: Final = frozenset(re.findall(r"\w+",
    "In At On To From The A An And But Or Of For With By Near Into Across Throughout "
    "Outside Inside Around Through Via Over Under After Before Since Until While As Both "
    "Neighbouring Neighboring Nearby Downtown Rural Coastal Capital City Town Province "
    "Region District State County Village Port Fort Mount Lake Saint San Santa St Greater "
    "North South East West Northern Southern Eastern Western Central Upper Lower Old New "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Police Army Troops"))
# A vehicle after the name, at most two capitalised words (a model) between.
_VEHICLE_AFTER: Final = re.compile(
    _RUN + r"{0,2}\s+(?:pick-?ups?|trucks?|lorry|lorries|jeeps?|SUVs?|"
    r"vans?|minibus(?:es)?|sedans?|tankers?|Land\s+Cruisers?|Hilux)\b"
    r"(?!\s+(?:[A-Z]|de[nr]?\b))"  # "Luc van den Brande": a name's particle
)
# Makers whose names are also towns; before a capitalised model word they are the maker.
_VEHICLE_MAKERS: Final = frozenset(
    {"toyota", "nissan", "mitsubishi", "isuzu", "mazda", "suzuki", "hyundai", "kamaz", "hino",
     "scania", "volvo", "mercedes", "land rover", "peugeot", "renault", "ural", "tata",
     "bedford", "dacia"}
)
# A vessel named after a place: "the ferry Kigoma", "MV Kigoma", "the navy ship San Giorgio".
_VESSEL_BEFORE: Final = re.compile(
    r"(?:\b(?:MV|M/V|MS|MT|SS|HMS|USS|INS|FV)|(?<![\w-])(?:ferry|ship|vessel|tanker|"
    r"freighter|trawler|barge|steamer|frigate|warship|destroyer|corvette|yacht))\s+$"
)
# A broadcaster named after a place with a channel number: "Rustavi 2 reported",
# "footage on Kurdistan 24." (a number of one or two digits, then the clause ends or the
# outlet's verb or noun follows).
_CHANNEL_AFTER: Final = re.compile(
    r"\s+\d{1,2}(?:[.,;:)\"\u201d]|\s+(?:TV|[Tt]elevision|channel|news|" + CHANNEL_VERBS
    + r")\b)"
)
# A sports team named after a town: "the Sylhet Strikers", "Wydad Casablanca", "Peshawar
# Zalmi, the cricket franchise" - the name joined to another capitalised word, with words of
# sport near it.
_SPORT: Final = re.compile(
    r"\b(?:club|team|franchise|football|soccer|cricket|rugby|basketball|hockey|league|"
    r"players?|bowler|batsman|striker|goalkeeper|coach|squad|fixture)\b",
    re.IGNORECASE,
)
_SPORT_WINDOW: Final = 60
_TEAM_WORD_AFTER: Final = re.compile(r"\s+([A-Z][a-z]+)\b(?![-‐‑'’])")
_NOT_TEAM_WORDS: Final = frozenset(re.findall(r"\w+",
    "County Province Region District State City Town Valley River Lake Airport Port "
    "University College School Stadium Square Street Road Avenue Bridge Dam Hospital "
    "Prison Market Park Bay Island Islands Mountains Mountain Hills Hill Coast Gulf Sea "
    "Desert Governorate Municipality Police Army Council Club Cup Premier League Division "
    "Derby Marathon Open Games Championship Championships Sports Sport Arena Ground "
    "Oval Court Central Old New Upper Lower North South East West"))
# ("an Ozark car dealership", "a car park": the car is not what the name names.)
_CAR_AFTER: Final = re.compile(
    r"\s+cars?\b(?!\s+(?:dealers?(?:hip)?|bomb\w*|park|parks|crash|accident|factory|plant|"
    r"wash|market|show|rental|hire|insurance|industry|makers?|company|firm|lot|showroom)\b)"
)
_CITY: Final = 100_000
_MODEL_AFTER: Final = re.compile(r"\s+[A-Z][\w'’-]*")
# A government portfolio before an office: "Interior Minister", "the Foreign Ministry".
_PORTFOLIOS: Final = frozenset(
    {"interior", "foreign", "defence", "defense", "home", "justice", "finance", "health",
     "education", "information", "energy", "agriculture", "labour", "labor", "trade",
     "transport", "environment", "economy", "culture", "security", "communications"}
)
_OFFICE_AFTER: Final = re.compile(r"\s+(?:Minister|Ministry|Ministers|Secretary|Department)\b")
_BASED_AFTER: Final = re.compile(r"[-‐‑](?:based|headquartered)\b")
# "al-Numan", "el-Arish", "ash-Shughur" glued to a capitalised word before: the last part of
# a longer name the gazetteer does not hold.
_ARTICLE_BEFORE: Final = re.compile(
    r"[A-Z][\w'’]*\s+(?:al|el|as|ash|ad|an|ar|az|at|ath|adh|ud|ul)[-‐‑]$"
)
_WORD_BEFORE: Final = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+)\s$")
# Words listed as given names that lead into place names ("Santa Clara", "Port Victoria").
_PLACE_LEADS: Final = frozenset(
    {"santa", "san", "saint", "port", "fort", "mount", "lake", "glen", "royal", "grand",
     "little", "great", "old", "new", "north", "south", "east", "west", "central", "upper",
     "lower", "la", "le", "el", "del", "de",
     # capitalised words that are given names too but open sentences and headlines
     "will", "may", "june", "april", "august", "march", "major", "general", "king", "long"}
)
_BIG_KINDS: Final = ("country", "region", "water")
_AREA_KINDS: Final = ("country", "region")
_RIVER_AFTER: Final = re.compile(r"\s+[Rr]ivers?\b")
# The letters a match of _RIVER_AFTER has after its white space (see lookalike_reason).
_RIVER_LEADS: Final = ("R", "r")
# Before a bare mention of a name the text used for a person: a site word makes it the place.
_SITE_BEFORE: Final = re.compile(
    r"\b(?:in|at|near|from|to|into|across|outside|inside|around|of|towards?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# Cheap pre-tests for the searches of the window before a name that end at its end
# ("...\\s+$"): re tries such a pattern at every position of the window, and most windows end
# in none of the words it needs. The words each may end with, as the text holds them
# (tests/test_events_speed_guards.py checks them against the patterns' own words).
_OUTLET_LAST: Final = (*OUTLET_KIND_LAST_WORDS, "of", "the")
_VESSEL_LAST: Final = ("MV", "M/V", "MS", "MT", "SS", "HMS", "USS", "INS", "FV", "ferry", "ship",
                       "vessel", "tanker", "freighter", "trawler", "barge", "steamer",
                       "frigate", "warship", "destroyer", "corvette", "yacht")
_ASCII_LOWER: Final = "abcdefghijklmnopqrstuvwxyz"
# _SPORT's words on ASCII text lowered, after a look for one of them (see CaselessPattern).
_SPORT_CASELESS: Final = CaselessPattern(_SPORT.pattern)


def _ends_with(window: str, words: tuple[str, ...]) -> bool:
    """Whether ``window``, trailing white space left off, ends with one of ``words``: what a
    match of ``WORDS\\s+$`` needs (``\\s`` is what ``str.rstrip`` strips)."""
    return window.rstrip().endswith(words)


def _ends_capitalised(window: str) -> bool:
    """Whether ``window`` ends in a capital and lower-case ASCII letters before its white
    space: what every match of ``_WORD_BEFORE`` in it needs."""
    core = window.rstrip()
    head = core.rstrip(_ASCII_LOWER)
    return len(head) < len(core) and "A" <= head[-1:] <= "Z"


def _word_before(window: str) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(window)``, searched only where :func:`_ends_capitalised`."""
    return _WORD_BEFORE.search(window) if _ends_capitalised(window) else None


def lookalike_reason(text: str, toponym: Toponym, *, person_names: frozenset[str] = frozenset()
                     ) -> str | None:
    """Why ``toponym`` (a place name found in ``text``) is part of another kind of name:
    ``"organisation"``, ``"outlet"``, ``"vehicle"``, ``"person"``, ``"office"``,
    ``"compound"``, ``"river"`` (a state's or country's name before "river") or ``"storm"``
    (a storm's name: "Storm Daniel"); ``None``
    when it may be a place. ``person_names`` holds the lower-case surfaces the text uses as
    a person's surname (:func:`person_surnames`). Raises nothing."""
    start, end = toponym.start, toponym.end
    surface = text[start:end]
    low = surface.casefold()
    after = text[end : end + 80]
    before = text[max(0, start - 40) : start]
    # The first character after the white space right after the name rules out most names
    # ("Kenya said", "Kenya,") before any of the "after" patterns runs.
    lead = _lead(after)
    capital = "A" <= lead <= "Z"
    if low in _ORG_NAMES or (capital and _ORG_AFTER.match(after)):
        return "organisation"
    # Each search of ``before`` below runs only where the text it needs is there ("Radio",
    # "Air", a hyphen at the end, a space at the end): they scan the window position by
    # position, and most names have none of it.
    radio = ("Radio" in before or "RADIO" in before) and _RADIO_BEFORE.search(before)
    # The window before the name, trailing white space left off: the searches below that
    # must end at the name's start run only where it ends in a word they need (where the
    # last 12 or 24 characters they search, white space left off, end in one of the words,
    # so does the whole window: see _ends_with).
    core = before.rstrip()
    if (radio or ((capital or lead == "n") and _OUTLET_AFTER.match(after))
            or (after[:1] == "." and WEB_DOMAIN.match(after))
            or (core.endswith(_BRAND_LAST) and _BRAND_BEFORE.search(before[-12:]))
            or (before.endswith(" ") and core.endswith(_OUTLET_LAST)
                and _OUTLET_BEFORE.search(before[-24:]))
            or ("daily" in before and _DAILY_BEFORE.search(before[-30:]))):
        return "outlet"
    if (("sign" in before or "named" in before or "alias" in before or "guerre" in before)
            and _ALIAS_BEFORE.search(before)):
        return "person"
    if "Air" in before and _AIRLINE_BEFORE.search(before):
        return "organisation"
    if "Bank" in before and _BANK_OF_BEFORE.search(before[-16:]):
        return "organisation"
    if (before.endswith(" ") and core.endswith(_STORM_WORDS)
            and _STORM_BEFORE.search(before[-24:])):
        return "storm"
    big = toponym.place.kind in _BIG_KINDS
    # "the Benue river": the river, which the gazetteer does not hold, not the state or the
    # country named after it (its centroid is no point on the river). A town's name before
    # "River" stays: the town is on it.
    if (lead in _RIVER_LEADS and toponym.place.kind in _AREA_KINDS
            and _RIVER_AFTER.match(after)):
        return "river"
    # A known maker before a vehicle noun or a model is the maker even where the name is
    # also a region or a river ("a Scania lorry" is no Skåne, "Ural trucks" no Ural River).
    if lead and low in _VEHICLE_MAKERS and (_VEHICLE_AFTER.match(after)
                                            or (capital and _MODEL_AFTER.match(after))):
        return "vehicle"
    if lead and not big and (
        _VEHICLE_AFTER.match(after)
        or (capital and low in _VEHICLE_MAKERS and _MODEL_AFTER.match(after))
        # "Lada cars"; a city's car is a car bomb or a taxi there ("a Kabul car bomb").
        or (lead == "c" and toponym.place.population < _CITY and _CAR_AFTER.match(after))
    ):
        return "vehicle"
    if (before.endswith(" ") and core.endswith(_VESSEL_LAST)
            and _VESSEL_BEFORE.search(before[-24:])):
        return "vehicle"
    if after[1:2].isdigit() and _CHANNEL_AFTER.match(after):
        return "outlet"
    # The capitalised word right before the name (a team's first word, a given name):
    # looked for once, for both rules that read it.
    given = _word_before(before) if before[-1:].isspace() else None
    if not big and _team(text, start, end, before, after, capital=capital, word_before=given):
        return "organisation"
    if low in _PORTFOLIOS and _OFFICE_AFTER.match(after):
        return "office"
    if after[:1] in HYPHENS and _BASED_AFTER.match(after):
        return "compound"
    # (``$`` also matches before a last line break: the hyphen may be one character back.)
    if not HYPHENS.isdisjoint(before[-2:]) and _ARTICLE_BEFORE.search(before):
        return "compound"
    if given is not None and (
        _is_given(given.group(1))
        or (given.group(1) not in _NOT_FIRST_NAMES and _DESCRIBED_AFTER.match(after))
    ):
        return "person"
    if low in person_names and not big and not _SITE_BEFORE.search(before):
        return "person"
    return None


def _lead(after: str) -> str:
    """The first character of ``after`` (the text right after a name) after the white space
    it opens with; ``""`` when it opens with none (or is all white space). Every match of
    the "after" patterns but two (a domain, "-based") opens with white space (``\\s+``, the
    characters str.lstrip strips) and then this character: a capital for ``_ORG_AFTER``,
    ``_MODEL_AFTER`` and ``_TEAM_WORD_AFTER``, a capital or "n" ("news Agency") for
    ``_OUTLET_AFTER``, "R" or "r" for ``_RIVER_AFTER``, "c" for ``_CAR_AFTER``
    (tests/test_events_speed_guards.py checks each). Raises nothing."""
    return after.lstrip()[:1] if after[:1].isspace() else ""


def _team(text: str, start: int, end: int, before: str, after: str, *, capital: bool,
          word_before: re.Match[str] | None) -> bool:
    """Whether the name at ``start``..``end`` of ``text`` is part of a sports team's name:
    joined to another capitalised word ("Sylhet Strikers", "Wydad Casablanca") that is no
    place noun or function word, with words of sport within ``_SPORT_WINDOW`` characters.
    ``capital`` false says that no capital follows the white space after the name (no
    joined word: ``_TEAM_WORD_AFTER`` is not tried); ``word_before`` is the capitalised word
    right before it (:func:`_word_before` of ``before`` where it ends in white space, else
    ``None``)."""
    joined = _TEAM_WORD_AFTER.match(after) if capital else None
    if joined is not None and (joined.group(1) in _NOT_TEAM_WORDS
                               or joined.group(1) in _NOT_FIRST_NAMES):
        joined = None
    if joined is None:
        lead = word_before
        if (lead is None or lead.group(1) in _NOT_FIRST_NAMES
                or lead.group(1) in _NOT_TEAM_WORDS):
            return False
    window = text[max(0, start - _SPORT_WINDOW) : end + _SPORT_WINDOW]
    return _SPORT_CASELESS.found_in(window)


def _is_given(word: str) -> bool:
    # Two-letter entries of the list ("In", "An", "So") are words far more often.
    low = word.lower()
    return (len(low) > 2 and low in first_names() and low not in _PLACE_LEADS
            and word.title() not in _NOT_FIRST_NAMES)


def person_surnames(text: str, toponyms: Sequence[Toponym]) -> frozenset[str]:
    """The lower-case surfaces of ``toponyms`` that ``text`` also writes right after a
    capitalised given name ("Pedro Toledo"): there they are a person's surname, and so are
    their bare mentions ("Toledo said"). Raises nothing."""
    if not first_names():
        return frozenset()
    found: set[str] = set()
    seen: set[str] = set()
    for toponym in toponyms:
        surface = text[toponym.start : toponym.end]
        if surface in seen or " " in surface or toponym.place.kind in _BIG_KINDS:
            continue
        seen.add(surface)
        at = text.find(surface)
        while at >= 0:
            given = (_WORD_BEFORE.search(text, max(0, at - 30), at)
                     if text[at - 1 : at].isspace()
                     and _ends_capitalised(text[max(0, at - 30) : at]) else None)
            if given is not None and _is_given(given.group(1)):
                found.add(surface.casefold())
                break
            at = text.find(surface, at + len(surface))
    return frozenset(found)


def drop_lookalikes(text: str, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """``toponyms`` (of ``text``) without the look-alikes (:func:`lookalike_reason`), in
    their order. Raises nothing."""
    persons = person_surnames(text, toponyms)
    return [t for t in toponyms if lookalike_reason(text, t, person_names=persons) is None]
