"""Recognition: find the spans of a text that name a place in the gazetteer.

Candidate spans are the capitalised word n-grams of the text whose scan form is a gazetteer key
(looked up in the name table, or, when asked for, found in one pass by an Aho-Corasick automaton
over every key); cheap surface rules then drop what
English usage says is not a place name here: lower-case words, acronyms that are words
("help us"), parts of person names ("Nursultan Nazarbayev"), ordinary words that are also
village names ("Price", "Victory Day").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import ahocorasick

from sitmap.geoparse._names import PLURAL_OF, REGION_OF, NameTable
from sitmap.geoparse._text import scan_form, spaced_form
from sitmap.geoparse._words import (
    ABBREVIATED_REGIONS,
    FUNCTION_WORDS,
    HONORIFICS,
    LOCAL_UNIT_WORDS,
    LOCATIVES,
    NAME_JOINERS,
    NON_NAME_FOLLOWERS,
    PLACE_QUALIFIERS,
    REGION_WORDS,
    SPEECH_VERBS,
    english_words,
)
from sitmap.model import Place

__all__ = ["Hit", "Mention", "Recogniser", "Scanner"]

_LONG_NAME = re.compile(r"\b[A-Z][a-z]{6,}\b")
_SENTENCE_END = frozenset(".!?:;\"“”'‘’([{•|*#>\n")
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—]+")
_REGION_AFTER = re.compile(
    r"(?:\s*,)?\s+(?:(?:and|or|&)\s+|,\s*)?(?:[A-Z][\w'’-]*\s+){0,3}?"
    r"(regions|oblasts|provinces|states|governorates|districts)\b"
)
_SUFFIX_AFTER = re.compile(r"\s+([A-Za-z]+)\b")
_LOCAL_UNIT_AFTER = re.compile(r" (County|Counties|Parish|Parishes|Township|Borough)\b")
_PREV_TOKEN_REVERSED = re.compile(r"([ \t]*)([\w'’.-]*)")
_NEXT_TOKEN = re.compile(r"([ \t]*)([^\W_][\w'’-]*)")
_BIG_KINDS = ("country", "region", "water", "landmark")
# Kinds only sitmap's own curated file has: a name there was put there as that place.
_CURATED_KINDS = ("water", "landmark")
_ARTICLES = frozenset({"the", "a", "an"})
_SITE_WORDS = frozenset(
    {"square", "street", "st", "road", "rd", "avenue", "ave", "park", "bridge", "boulevard",
     "lane", "plaza", "gate", "palace", "stadium", "hall", "tower", "market"}
)
# A city this large is what its name means even where the dictionary lists the name as a word
# ("Paris", "Berlin", "Phoenix") and even before "said" ("Beijing said": its government).
_WORLD_CITY = 1_000_000
_SPEAKING_CITY = 100_000
_CACHE_SIZE = 200_000
_NEXT_SCAN_WORD = re.compile(r" +([^ ]+)")
_PERSON_APPOSITION = re.compile(r",\s+(?:a|an|who)\s")
_HYPHEN_WORD = re.compile(r"[-‐‑]([a-z]+)\b")
_DATELINE_AFTER = re.compile(r",\s|\s*\(|\s+[-—–]\s")
_STANCE_PREFIX = re.compile(r"\b(?i:pro|anti|ex|non|post|pre|neo|pan)[-‐‑]$")
_NO_ENTRY: tuple[str | None, frozenset[str]] = (None, frozenset())
Scanner = Literal["auto", "lookup", "automaton"]
_INFLECTIONS = (
    ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"),
    ("ing", ""), ("ing", "e"), ("ers", ""), ("er", ""),
)


class Hit(Protocol):
    """What the recogniser needs of a gazetteer hit (``sitmap.geocode.NameHit``)."""

    @property
    def place(self) -> Place: ...

    @property
    def original(self) -> str: ...

    @property
    def name_type(self) -> str: ...


class Lookup(Protocol):
    """Look up many gazetteer keys at once: the hits of each key that names a place, best
    first (``sitmap.geocode.Gazetteer.lookup_many``)."""

    def __call__(self, keys: Collection[str]) -> Mapping[str, Sequence[Hit]]: ...


@dataclass(frozen=True, slots=True)
class _Name:
    """A matched name's gazetteer hits and the facts about them the rules use."""

    hits: tuple[Hit, ...]
    dotted: bool  # an abbreviation written with its period ("U.S.", "Ky.")
    needs_period: bool  # only an abbreviation when the period is there ("Ky." not "Ky")
    big: bool  # some reading is a country, region or water body
    country: bool  # some reading is a country by name (not by demonym)
    populous: int  # largest population among readings by main name
    village_alias: bool  # every reading is an alternate name of a village
    curated: bool  # some reading is a curated water body or landmark ("Kremlin")
    alias_only: bool  # no reading has this as its main name ("Human" for Uman)

    @classmethod
    def of(cls, hits: tuple[Hit, ...], *, abbreviation: bool = False) -> _Name:
        return cls(
            hits=hits,
            dotted=abbreviation or any(h.original.endswith(".") for h in hits),
            needs_period=abbreviation,
            big=any(h.place.kind in _BIG_KINDS for h in hits),
            country=any(h.place.kind == "country" and h.name_type != "demonym" for h in hits),
            populous=max((h.place.population for h in hits if h.name_type == "name"), default=0),
            village_alias=all(
                h.name_type != "name" and h.place.population < 15_000 for h in hits
            ),
            curated=any(h.place.kind in _CURATED_KINDS for h in hits),
            alias_only=all(h.name_type != "name" for h in hits),
        )


@dataclass(slots=True)
class Mention:
    """A recognised span with the gazetteer hits for its name and what surrounds it."""

    start: int
    end: int
    surface: str
    hits: Sequence[Hit]
    sentence_initial: bool = False
    common_word: bool = False
    locative: bool = False
    region_word: bool = False
    confidence: float = 0.9
    local_unit: bool = False  # "X County", "X Parish": the span includes the unit word


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and len(word) > 1)


def _is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "")
    return 1 < len(letters) <= 4 and letters.isalpha() and letters.isupper()


def _prev_token(text: str, pos: int) -> tuple[str, str]:
    """Return (previous word, separator between it and ``pos``) on the same line."""
    # Matching forwards on the reversed window is linear in the token's length.
    m = _PREV_TOKEN_REVERSED.match(text[max(0, pos - 40) : pos][::-1])
    if not m:
        return "", ""
    return m.group(2)[::-1], m.group(1)


def _next_token(text: str, pos: int) -> tuple[str, str]:
    """Return (next word, separator between ``pos`` and it) on the same line."""
    m = _NEXT_TOKEN.match(text, pos)
    if not m:
        return "", ""
    return m.group(2), m.group(1)


def _sentence_initial(text: str, start: int) -> bool:
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0:
        return True
    return text[j - 1] in _SENTENCE_END


def _line_start(text: str, start: int) -> bool:
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _possessive_base(word: str) -> str:
    if not word.endswith(("'", "’", "s")):
        return word  # the common case, settled in one call
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail):
            return word[: -len(tail)]
    return word


class Recogniser:
    """Finds place-name spans; build once (the automaton costs a second or two)."""

    def __init__(
        self,
        names: NameTable,
        *,
        fold: Callable[[str], str],
        lookup: Lookup,
        fuzzy_names: dict[str, str] | None = None,
        scanner: Scanner = "auto",
    ) -> None:
        """``names`` is the gazetteer's name table and ``lookup`` reads the gazetteer (each
        text's new names in one call); ``fuzzy_names`` maps the folded names
        that get typo tolerance to their keys. ``scanner`` chooses how candidate spans are
        found (both ways find the same spans): "lookup" queries the table for each word
        n-gram, "automaton" builds an Aho-Corasick automaton over the whole table first.
        "auto" is "lookup": filling the automaton costs 1.1-1.5 s of CPU, and then (measured
        on LGL + TR-News, 1.36 MB) a whole parse with it is slower than with warm lookups
        (~0.51 against ~0.42 s per pass), while fetching the n-grams not seen before costs
        ~0.05 s per MB of new text: no batch size pays for the automaton."""
        self._fold = fold
        self._lookup = lookup
        self._table = names
        self._scanner = scanner
        self._automaton: ahocorasick.Automaton | None = None
        self._automaton_lock = threading.Lock()
        self._forms: dict[str, tuple[str | None, frozenset[str]]] = {}
        self._known_hits: dict[str, tuple[Hit, ...]] = {}
        self._words = english_words()
        self._fuzzy = _FuzzyIndex(fuzzy_names or {})
        self._names: dict[tuple[str, bool], _Name | None] = {}
        self._shapes: dict[str, tuple[bool, bool] | None] = {}
        self._word_cache: dict[str, bool] = {}
        self._fuzzy_cache: dict[str, str | None] = {}

    def _use_automaton(self) -> ahocorasick.Automaton | None:
        """The automaton if texts are scanned with it (building it on first use)."""
        if self._scanner != "automaton":
            return None
        with self._automaton_lock:
            if self._automaton is None:
                automaton = ahocorasick.Automaton()
                for form, value in self._table.items():
                    padded = f" {form} "
                    automaton.add_word(padded, (len(padded), value))
                automaton.make_automaton()
                self._automaton = automaton
            return self._automaton

    def _candidates(self, text: str) -> list[tuple[int, int, str]]:
        """Every capitalised span of ``text`` whose scan form is in the name table, as
        (start, end, value), in no particular order."""
        automaton = self._use_automaton()
        raw: list[tuple[int, int, str]] = []
        if automaton is not None:
            scan = scan_form(text, self._fold)
            original = scan.original
            for end_idx, (length, keys) in automaton.iter(f" {scan.scan} "):
                start = original(end_idx - length + 1)
                if text[start].isupper():  # most hits are ordinary lower-case words
                    raw.append((start, original(end_idx - 2) + 1, keys))
            return raw
        # Word n-grams that start with a capital letter, looked up in the table: the same
        # spans the automaton finds, since every entry is whole words of the scan form. An
        # n-gram grows by a word only if some longer entry starts with the longer n-gram.
        spaced = spaced_form(text, self._fold)
        words = spaced.spaced
        grams: list[tuple[int, int, str]] = []
        for start in spaced.capitalised_words():
            end = words.find(" ", start)
            end = len(words) if end < 0 else end
            grams.append((start, end, words[start:end]))
        found: list[tuple[int, int, str]] = []
        while grams:
            entries = self._forms
            unknown: list[tuple[int, int, str]] = []
            longer: list[tuple[int, int, str]] = []
            for start, end, form in grams:
                entry = entries.get(form)
                if entry is None:
                    unknown.append((start, end, form))
                    continue
                value, following = entry
                if value is not None:
                    found.append((start, end, value))
                if (
                    following
                    and (after := _NEXT_SCAN_WORD.match(words, end)) is not None
                    and after.group(1) in following
                ):
                    longer.append((start, after.end(), f"{form} {after.group(1)}"))
            if unknown:
                self._learn({form for _, _, form in unknown})
            grams = unknown + longer
        if spaced.char_map is None:
            return found
        return [(*spaced.span(start, end), value) for start, end, value in found]

    def _learn(self, forms: set[str]) -> None:
        """Add the name-table entries (value, next words) of ``forms`` to the cache."""
        found = self._table.lookup(forms)
        entries = self._forms
        if len(entries) + len(forms) > _CACHE_SIZE:
            # A fresh dict, not clear(): another thread may be reading the old one.
            entries = self._forms = {}
        for form in forms:
            entries[form] = found.get(form, _NO_ENTRY)

    def _hits(self, keys: Iterable[str]) -> dict[str, tuple[Hit, ...]]:
        """The gazetteer hits of each of ``keys`` (empty if it names nothing), with the keys
        not seen before fetched in one lookup: one query per text, not one per name."""
        known = self._known_hits
        out: dict[str, tuple[Hit, ...]] = {}
        missing: list[str] = []
        for key in keys:
            hits = known.get(key)
            if hits is None:
                missing.append(key)
            else:
                out[key] = hits
        if missing:
            fetched = self._lookup(missing)
            if len(known) + len(missing) > _CACHE_SIZE:
                # A fresh dict, not clear(): another thread may be reading the old one.
                known = self._known_hits = {}
            for key in missing:
                out[key] = known[key] = tuple(fetched.get(key, ()))
        return out

    def find(self, text: str) -> list[Mention]:
        """Return the place mentions in ``text``, non-overlapping, in text order."""
        raw = self._candidates(text)
        hits = self._hits({key for _, _, value in raw for key in _gazetteer_keys(value)})
        # Longest names first; a span inside an accepted name is not looked at ("York" in
        # "New York"), as the longest accepted reading wins anyway.
        raw.sort(key=lambda r: (r[0] - r[1], r[0], r[2]))
        covered = bytearray(len(text) + 1)
        chosen: list[Mention] = []
        person_parts: set[str] = set()
        for start, end, keys in raw:
            if covered.find(1, start, end) != -1:
                continue
            mention = self._mention(text, start, end, keys, hits, person_parts)
            if mention is not None and covered.find(1, mention.start, mention.end) == -1:
                chosen.append(mention)
                covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        chosen.extend(self._fuzzy_mentions(text, chosen))
        chosen.sort(key=lambda m: m.start)
        # Later mentions of a name seen inside a person's name ("Raquel Henry" ... "Henry
        # came in") are that person, unless the name is a country or region.
        return [
            m
            for m in chosen
            if not (
                _possessive_base(m.surface) in person_parts
                and not any(h.place.kind in _BIG_KINDS for h in m.hits)
            )
        ]

    def _mention(
        self,
        text: str,
        start: int,
        end: int,
        keys: str,
        hits: Mapping[str, tuple[Hit, ...]],
        person_parts: set[str],
    ) -> Mention | None:
        surface = text[start:end]
        shape = self._shape(surface)
        if shape is None:
            return None
        acronym, common_word = shape
        if acronym and _line_start(text, start) and _DATELINE_AFTER.match(text, end):
            acronym = False  # "GOMA, ...", "KYIV (Reuters) -": a dateline's city, not an acronym
        name = self._name(keys, acronym, hits)
        if name is None:
            return None
        if not acronym and surface.isupper() and _line_start(text, start):
            # "WASHINGTON —", "BERLIN (Reuters)": a dateline, whatever follows it.
            return Mention(start, end, surface, name.hits, sentence_initial=True)
        if _STANCE_PREFIX.search(text, max(0, start - 6), start):
            return None  # "pro-Kremlin media", "an anti-Moscow rally": a stance, not a place
        sentence_initial = _sentence_initial(text, start)
        if common_word and sentence_initial and not name.country and name.populous < _WORLD_CITY:
            return None  # "More than...", "Police said...": capitalised only by position
        prev_word, prev_sep = _prev_token(text, start)
        next_word, next_sep = _next_token(text, end)
        if acronym and (
            (prev_sep.strip() == "" and prev_word.isupper() and len(prev_word) > 1)
            or (next_sep.strip() == "" and next_word.isupper() and len(next_word) > 1)
        ):
            return None  # an all-caps phrase ("HELP US"), not an abbreviation
        if name.needs_period and text[end : end + 1] != ".":
            return None
        if name.dotted and text[end : end + 1] == ".":
            end += 1  # "U.S.", "Ky.": the abbreviation's own period
            surface = text[start:end]
        mention = Mention(start, end, surface, name.hits)
        mention.sentence_initial = sentence_initial
        mention.common_word = common_word
        mention.locative = prev_word.lower() in LOCATIVES and prev_sep.strip() == ""
        after = text[end : end + 80]
        suffix = _SUFFIX_AFTER.match(after)
        if (suffix and suffix.group(1).lower() in REGION_WORDS) or _REGION_AFTER.match(after):
            mention.region_word = True
        unit = _LOCAL_UNIT_AFTER.match(text, end)
        if unit and not mention.region_word:
            # "Laurel County", "Henry County": a place whatever the word is on its own.
            mention.end = unit.end()
            mention.surface = text[start : mention.end]
            mention.local_unit = True
            return mention
        verdict = self._plausible(text, mention, name, prev_word, prev_sep, next_word, next_sep)
        if verdict == "surname":
            person_parts.add(_possessive_base(surface))
        return mention if verdict == "place" else None

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
            and all(_is_capitalised(w) or w.lower() in NAME_JOINERS for w in words)
            and words[-1].lower() not in NAME_JOINERS
        ):
            single = surface.lower() if len(words) == 1 else ""
            common = bool(single) and (self._is_word(single) or single in FUNCTION_WORDS)
            shape = (_is_acronym(surface), common)
        if len(self._shapes) < _CACHE_SIZE:
            self._shapes[surface] = shape
        return shape

    def _plausible(
        self,
        text: str,
        m: Mention,
        name: _Name,
        prev_word: str,
        prev_sep: str,
        next_word: str,
        next_sep: str,
    ) -> str:
        """Apply the person-name and ordinary-word rules.

        Returns "place" if ``m`` may be a place, "surname" if it ends a person's name (so later
        bare mentions are that person too), "person" if it is otherwise part of a person's or
        organisation's name, "word" if it is an ordinary word.
        """
        if name.needs_period and m.surface in ABBREVIATED_REGIONS:
            return "place"  # "Ga.", "Ky.": a postal abbreviation as written is no word
        big, country, populous = name.big, name.country, name.populous
        small = (not big or name.curated) and populous < 100_000
        joined = _HYPHEN_WORD.match(text, m.end) if small else None
        if joined and joined.group(1) not in NAME_JOINERS:
            # "English-language", "Selby-born": a small town's name as a modifier is far
            # more often a word (a language, a demonym) that shares the name.
            return "word"
        prev_clean = _possessive_base(prev_word).rstrip(".")
        if prev_sep == " " and prev_clean.lower() in HONORIFICS and prev_clean[:1].isupper():
            return "surname"
        if (
            not big
            and populous < _SPEAKING_CITY
            and not m.locative
            and next_sep == " "
            and next_word.lower() in SPEECH_VERBS
        ):
            return "surname"
        # A capitalised word glued on either side makes this part of a longer name:
        # "Nursultan Nazarbayev", "Raquel Henry", "Donald Trump", "Olympic Games".
        next_base = _possessive_base(next_word)
        if (
            next_sep == " "
            and next_word[:1].isupper()
            and not m.surface.endswith(("'s", "’s"))
            and next_base.lower() not in NON_NAME_FOLLOWERS
            and next_base.lower() not in LOCAL_UNIT_WORDS
            and next_base.lower() not in REGION_WORDS
            and not next_base.isupper()
        ):
            if not self._is_word(next_base):
                return "person"
            if not big and not m.locative and populous < 100_000:
                return "word"
        if (
            prev_sep == " "
            and prev_word[:1].isupper()
            and not m.sentence_initial
            and not prev_clean.isupper()
            and prev_clean.lower() not in PLACE_QUALIFIERS
            # "Kazakhstan's Mangistau", "Ukraine's Donetsk": a possessive ends a name.
            and prev_clean == prev_word.rstrip(".")
        ):
            if not _sentence_initial(text, m.start - len(prev_word) - 1):
                # "Mike Trapani", "United Russia", "Lincoln Day": inside a longer proper name.
                if not self._is_word(prev_clean) and not big:
                    return "surname"
                if not country:
                    return "word"
            elif (
                not big
                and populous < 100_000
                and prev_word == prev_clean
                and prev_clean.lower() not in FUNCTION_WORDS
                and prev_clean.lower() not in LOCATIVES
                and (not self._is_word(prev_clean) or _PERSON_APPOSITION.match(text, m.end))
            ):
                # A sentence's first word glued to a small town's name: a given name if the
                # dictionary does not know it ("Kwesi Millington"), or if a person is
                # described next ("Emma Ashford, a senior fellow"); otherwise it is as often
                # a word leading into the place ("Trailing Watertown's"). Cities are named
                # after opening words too often ("Overall Edmonton received").
                return "surname"
        if m.common_word and not country:
            if name.alias_only and not big:
                # An English word that is only some town's other name ("Human" for Uman,
                # "Lake" for Uniontown): the word, even after "at" or "towards".
                return "word"
            if next_sep == " " and _possessive_base(next_word).lower() in _SITE_WORDS:
                return "word"  # "Freedom Square", "Victory Park": a square, not a town
            glued_next = next_sep == " " and next_word[:1].isupper()  # "Atlantic Council"
            if populous >= _WORLD_CITY and not glued_next:
                return "place"
            if m.sentence_initial or (
                prev_sep == " "
                and prev_word[:1].isupper()
                and not m.locative
                and prev_clean.lower() not in _ARTICLES  # "The Kremlin", "A Delta officer"
            ):
                return "word"
            curated = name.curated and not glued_next
            if not (m.locative or populous >= 100_000 or (m.region_word and big) or curated):
                return "word"
            m.confidence = 0.6
        if m.common_word and country and m.sentence_initial and not m.locative:
            m.confidence = 0.7
        if not big and not m.locative and name.village_alias:
            return "word"  # only a village's alternate name: too weak on its own
        return "place"

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
        if len(self._names) < _CACHE_SIZE:
            self._names[cache_key] = name
        return name

    def _is_word(self, word: str) -> bool:
        """True if ``word`` is an English word, allowing for plural and verb endings."""
        w = word.lower()
        known = self._word_cache.get(w)
        if known is None:
            # Short words are not stemmed: "Zas" is a name even though "za" is a word.
            known = w in self._words or (
                len(w) >= 5
                and any(
                    w.endswith(tail) and w[: -len(tail)] + repl in self._words
                    for tail, repl in _INFLECTIONS
                )
            )
            if len(self._word_cache) < _CACHE_SIZE:
                self._word_cache[w] = known
        return known

    def _fuzzy_mentions(self, text: str, found: list[Mention]) -> list[Mention]:
        """Close misspellings of well-known names ("Kazahkstan") among unmatched words."""
        if not self._fuzzy:
            return []
        covered = {m.start for m in found}
        out: list[Mention] = []
        for tok in _LONG_NAME.finditer(text):
            if tok.start() in covered:
                continue
            key = self._fuzzy_key(tok.group())
            if key is None:
                continue
            hits = list(self._hits((key,))[key])
            if hits:
                out.append(Mention(tok.start(), tok.end(), tok.group(), hits, confidence=0.6))
        return out

    def _fuzzy_key(self, word: str) -> str | None:
        if word not in self._fuzzy_cache:
            lower = word.lower()
            key = None if self._is_word(lower) else self._fuzzy.match(lower)
            if len(self._fuzzy_cache) >= _CACHE_SIZE:
                return key
            self._fuzzy_cache[word] = key
        return self._fuzzy_cache[word]


def _gazetteer_keys(value: str) -> Iterator[str]:
    """The gazetteer keys a name-table value refers to (see ``PLURAL_OF``, ``REGION_OF``)."""
    for key in value.split("\x00"):
        if key.startswith(PLURAL_OF):
            yield key[1:]
        elif key.startswith(REGION_OF):
            yield key[3:]
        else:
            yield key


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


class _FuzzyIndex:
    """Deletion-neighbourhood index over a few well-known names (edit distance ≤ 1 or 2)."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names
        self._deletes: dict[str, set[str]] = {}
        for name in names:
            for variant in _deletions(name, _max_edits(name)):
                self._deletes.setdefault(variant, set()).add(name)

    def __bool__(self) -> bool:
        return bool(self._names)

    def match(self, word: str) -> str | None:
        """Return the key of the single known name within reach of ``word``, else None."""
        if word in self._names:
            return None
        found: set[str] = set()
        # A set intersection in C: most words share no variant with any name.
        for variant in _deletions(word, _max_edits(word)) & self._deletes.keys():
            found |= self._deletes[variant]
        close = [n for n in found if _osa(word, n) <= _max_edits(n)]
        return self._names[close[0]] if len(close) == 1 else None


def _max_edits(word: str) -> int:
    return 2 if len(word) >= 9 else 1


def _deletions(word: str, edits: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]
