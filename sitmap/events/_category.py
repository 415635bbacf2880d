"""The category of each place of a passage, in the light of the article's theme.

``categories.toml`` classifies a passage (:func:`sitmap.events.classify`). A sentence can
tell of two happenings at two places, though, and an article's subject changes what its
words mean. So each place named in a passage takes, in this order:

* **a speaker's category**: a country (or its demonym) that is the subject of a speech or
  reaction verb ("Turkey, which backs some rebel groups, said ...", "Turkish officials say
  ...", "South Africa deplored ...") is where a statement was made, not where the
  happening it tells of was: ``diplomacy/statement``, when the words of its clause before
  the verb state no happening of their own and the sentence either names another place or
  reports what someone would, should or will do (but a country that confirms a count of
  its own, "Rwanda has confirmed 36 cases", is where the outbreak is). So is a place
  right after the speech verb that is the subject of what it would or will do ("The
  governor said Zamfara would not pay the ransom"), and the place where the words were
  said ("said in Geneva that attacks on the protesters were shocking": a statement in
  Geneva, not an attack there);
* **the reacted-to happening's category**: a place named after a reaction cue (an entry
  marked ``reaction`` in the rule file: "condemned", "deplored") takes the category of the
  words after that cue, when they state a happening ("... deplored the bomb blasts which
  killed scores of people in Kenya and Tanzania": the blasts are armed clash/violence);
* **a "since" clause's category**: a place inside a clause opened by "since", "after" or
  "following" ("since fighting broke out in Juba last week", "after a two-day wait at a
  checkpoint outside Zabid") takes that clause's category when it states a happening: the
  clause is an earlier happening, not the sentence's;
* else the passage's category, read from its main clause when that states a happening
  ("imposed a curfew on Quito after protests turned violent" is the curfew), with the
  article's theme (:func:`sitmap.events._rules.article_theme`): an entry that ``yields_to``
  the theme names the theme ("killed" in an article about a flood), or else the theme's
  hazard (the disaster, outbreak, fighting or protest the article states most: "died" in an
  article told through its evacuations), and a passage no cue matches takes the theme. A
  passage whose only cues are a closing attribution's (", the fire service said.") takes
  the theme too: who reported a happening is no statement of its own. When the words
  before a closing attribution, or before a circumstance told after the happening (", as
  rescuers dug through the rubble."), state a happening, the passage's category is theirs:
  "a landslide buried a school, killing four people, rescue officials said" is the
  landslide's, not the rescue's; so are the words before a closing appeal (", urging the
  authorities to let them seek asylum"). So are they outside a clause about a person ("marched,
  chanting the name of a student who was shot dead there" is the march). A cue of a
  happening inside a relative clause (", which suspended all flights", "a hotel that
  collapsed, killing four") does not decide either: the passage is read outside it, and
  takes the theme when its main clause holds no cue at all; a "where" clause (", where
  rescuers searched") is read the same way, but keeps the sentence when the main clause
  names no happening ("Rescue teams reached X, where 23 people were confirmed dead"). Nor
  does a participial aside (", angered by the killing of a classmate,", "Fearing more
  shelling, ...") when the rest states a happening. A passage that only tells of a price
  that moved ("under a blockade since 2022, food prices have tripled") is ``other``: no
  happening, no violence. A passage whose only cues are
  a witness's speech verb ("doctors said they had run out of painkillers": people named in
  the plural, no quote, no office, nothing anyone would do) takes the theme too;
* last, a place whose clause tells of rescue or medical teams sent from elsewhere
  ("Italian and Greek rescue teams", "Firefighters from Argentina") is humanitarian/aid
  when it would be a rescue (displacement/refugees) or the disaster itself.
Failing those, a place whose clause tells of people moving (``_MOVED``) is
displacement/refugees, and one whose clause tells of a road, bridge or line cut, blocked or
closed (passive, with words between: "The road from X to Y was cut in several places by
fallen trees"; no harm beside it) is disruption of services.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Final

from sitmap.events._rules import (
    GuardedPattern,
    WordsFirst,
    _words,
    category_of_hits,
    category_rules,
    classify_words,
    cue_hits,
    event_category_of_words,
    refine_category,
)
from sitmap.model import Toponym

__all__ = ["STATEMENT", "classify_before_added", "place_categories"]

STATEMENT: Final = "diplomacy/statement"


class _Caseless:
    """A case-insensitive pattern whose literals are lower case: on ASCII text it scans the
    lowered text (same offsets) case-sensitively, several times faster than ignoring case."""

    def __init__(self, pattern: str) -> None:
        self._lower = re.compile(pattern)
        self._caseless = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        """``re.search`` ignoring case (the match's offsets are those of ``text``)."""
        if text.isascii():
            return self._lower.search(text.lower())
        return self._caseless.search(text)


# Verbs that report speech or a reaction: their subject is who speaks.
_SPEECH: Final = _Caseless(
    r"\b(?:said|says|say|told|tells|announced|announces|stated|deplor(?:ed|es)|"
    r"condemn(?:ed|s)|urged|urges|warned|warns|accused|accuses|denied|denies|insisted|"
    r"insists|vowed|vows|threatened|threatens|blamed|blames|expressed|expresses|"
    r"confirmed|confirms|called\s+for|calls\s+for)\b"
)
# What a country confirms of itself: "Rwanda has confirmed 36 cases of Marburg", "confirmed
# its first two deaths" (a count of its own, right after the verb).
_OWN_COUNT: Final = re.compile(
    r"\s+(?:[\w,'’-]+\s+){0,3}?(?:cases|deaths|infections|outbreak)\b", re.IGNORECASE)
# What someone would, should or will do is no happening yet.
_MODAL_AFTER: Final = re.compile(
    r"\W+(?:\S+\W+){0,5}?(?:would|will|should|must|could|might|may|won't|plans?\s+to|"
    r"intends?\s+to|wants?\s+to)\b",
    re.IGNORECASE,
)
# A place after one of these in the subject is where the speaker is, not the speaker.
_LOCATIVE_BEFORE: Final = re.compile(
    r"\b(?:in|at|near|from|across|into|inside|outside|to|towards|on|around)\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
# A "since"/"after"/"following" clause runs to the next comma; one that opens a relative
# "in which" or "during which" clause runs on through its list (", a ministry was set on
# fire and seven people were killed") to a closing attribution or the sentence's end
# (session 16).
_SINCE: Final = re.compile(
    r"\b(?:since|after|following)\b(?:[^,;:()]*?\b(?:in|during)\s+which\b[^;:()]*?"
    r"(?=,\s+(?:the|a|an|his|her|its|their)\s+[^,;]*?\b(?:said|says|reported|told|added)\b"
    r"[^,;]*$|[.;]?\s*$)|[^,;:()]*)",
    re.IGNORECASE)
# Where one coordinated clause ends and the next begins: each tells a happening of its own.
_CLAUSE_SPLIT: Final = re.compile(
    r",\s+(?:and|but|while|whereas|adding(?:\s+that)?)\b|;\s+"
    # ... and a closing ", as <clause>" told beside the main one (session 15: "the toll rose
    # to 31, the institute said, as rescue teams pulled survivors from homes in X"), not
    # "as well as", "as a result", "as expected" and the like.
    r"|,\s+as\s+(?!(?:well|a|an|expected|usual|part|such|soon|long|far|much|many|of|if|"
    r"though|in|for|with|per|opposed|recently|early|late|little|few|high|low|one|it|"
    r"they|he|she|we|i)\b)",
    re.IGNORECASE)
# A closing attribution: ", <who> said|told <whom>|reported [when]." ending the sentence.
_ATTRIBUTION: Final = re.compile(
    r",\s+(?:[^,;:]{0,60}?\s)?(?:"
    r"(?:said|says|reported|reports|added)(?:\s+(?:on|in|at|late|early|earlier|later|this|"
    r"last|yesterday|today|tonight)\b[^,;:]{0,40}?)?"
    r"|(?:told|tells)\s+[^,;:]{1,40}?|according\s+to\s+[^,;:]{1,60}?)"
    r"[.!?]?[\"\u201d\s]*\Z",
    re.IGNORECASE,
)
# A circumstance told after the happening, ending the sentence: ", as rescuers dug ...",
# also after a closing participle (", raising its estimate sharply as rescuers dug ...").
_AS_TAIL: Final = re.compile(r",\s+(?:[a-z]+ing\b[^,;:]*?\s)?as\s+[^,;:]*\Z", re.IGNORECASE)
# A closing appeal after the happening: ", urging the authorities to let them seek asylum."
_URGING_TAIL: Final = re.compile(
    r",\s+(?:urging|calling\s+on|calling\s+for|appealing\s+(?:to|for))\b[^;:]*\Z",
    re.IGNORECASE)
# A closing apposition that places the happening in a longer story: ", the latest turn in
# three months of protests over ...", ", the latest in a string of attacks".
_LATEST_TAIL: Final = re.compile(r",\s+(?:the|a)\s+(?:latest|newest|third|second|fourth|"
                                 r"fifth)\b[^;:]*\Z", re.IGNORECASE)
# A clause about a person: "a student who was shot dead there on Tuesday".
_WHO_CLAUSE: Final = re.compile(r",?\s+(?:who|whose)\b[^,;:()—–]*", re.IGNORECASE)
# A relative clause that tells something of a noun of the main clause (", which suspended
# all flights", "a hotel that collapsed, killing four"), with a participle that closes the
# sentence after it: what it tells is background to the main clause's happening.
_RELATIVE: Final = re.compile(
    r",\s+which\s+[^,;:()\u2014\u2013]*"
    # A "where" clause on a noun or a place of the main clause ("buried six houses in X,
    # where rescuers searched", "destroyed a school where families had taken shelter").
    r"|(?:,\s+|(?<=[a-z])\s+)where\s+[^,;:()\u2014\u2013]*"
    r"|(?<=[a-z])\s+that\s+(?=(?:had|has|have|was|were|is|are)\s|[a-z]+ed\b)[^,;:()\u2014\u2013]*"
    r"(?:,\s+[a-z]+ing\b[^,;:()\u2014\u2013]*\Z)?",
    re.IGNORECASE)
# Words before "that" that make it a conjunction opening what was said or known, not a
# relative pronoun ("said that police fired", "so strong that buildings collapsed").
_THAT_CONJUNCTION: Final = frozenset({
    "said", "says", "say", "told", "tells", "announced", "stated", "added", "reported",
    "reports", "warned", "confirmed", "insisted", "denied", "claimed", "believed", "believe",
    "feared", "fear", "hoped", "hope", "knew", "know", "known", "clear", "so", "such", "now",
    "given", "ensure", "ensured", "showed", "shows", "found", "noted", "meant", "means",
})
# A cheap test on the passage's words before _FROM_ELSEWHERE runs.
_HELP_HINT: Final = re.compile(r" (?:rescue|search|medical|relief|rescuers|firefighters|"
                               r"doctors|medics|paramedics) ")
# A cheap test on the passage's words before _ATTRIBUTION runs.
_ATTRIBUTION_HINT: Final = re.compile(
    r" (?:said|says|reported|reports|added|told|tells|according) ")
# Where the clause holding a speech verb's subject starts: after the last of these before
# the verb ("No group has admitted the attack, but Turkish officials say ...").
_CLAUSE_START: Final = re.compile(r"(?:[;:]|,\s+(?:but|and|while|whereas)\b)", re.IGNORECASE)
# Between a speech verb and a place that is the subject of what was said ("said that the").
_REPORTED_SUBJECT: Final = re.compile(r"\W+(?:that\s+)?(?:the\s+)?\Z", re.IGNORECASE)
_MAX_SUBJECT_WORDS: Final = 16
# Where a statement was made: "said in Geneva that ...", "told reporters in Kabul on
# Sunday.", "announced at a news conference in Brussels,", "condemned the violence in a
# statement from Brussels" - the place right after a speech
# verb (and its audience, day or venue), followed by what was said or by the end of the
# clause. The words after it tell of a happening elsewhere or of none.
_VENUE_BEFORE: Final = _Caseless(
    r"\b(?:said|says|told\s+(?:reporters|journalists|a\s+news\s+conference|"
    r"a\s+press\s+conference)|announced|stated|warned|insisted)"
    r"(?:\s+(?:on|late\s+on|early\s+on)\s+\w+)?"
    r"(?:\s+(?:at|during)\s+(?:a|an|the)\s+(?:news|press)\s+(?:conference|briefing))?"
    r"\s+(?:in|at)\s+(?:the\s+)?\Z"
    r"|\bin\s+a\s+statement\s+(?:from|in|issued\s+in)\s+(?:the\s+)?\Z"
)
_VENUE_AFTER: Final = re.compile(
    r"(?:\s+(?:that|on|late|earlier|today|yesterday|overnight)\b|\s*[,.;:!?]|\s*\Z)")
# A cheap test on the passage's words before the speech verbs' pattern runs.
_SPEECH_HINT: Final = re.compile(
    r" (?:said|says|say|told|tells|announc|stated|deplor|condemn|urge|warn|accuse|deni|insist|"
    r"vow|threaten|blame|express|confirm|call)"
)


@cache
def _reaction() -> _Caseless | None:
    """A pattern over the cues of the ``reaction`` entries (at the start of a word)."""
    rules = category_rules()
    cues = [
        key.strip()
        for key, index in rules.cues.items()
        if index >= 0 and rules.reaction[index]
    ]
    if not cues:
        return None
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\W+") for c in sorted(cues, key=len,
                                                                               reverse=True))
    return _Caseless(rf"\b(?:{alternatives})\w*")


def place_categories(
    passage: str,
    offset: int,
    named: Sequence[Toponym],
    *,
    theme: str | None,
    words: str | None = None,
    hits: Sequence[tuple[int, int]] | None = None,
    again: Sequence[Toponym] = (),
) -> list[str]:
    """Return the category of each of ``named`` (place names of ``passage``, which starts
    at article offset ``offset``), in order, by the rules of the module docstring.
    ``words`` is the passage in the form the rules read (``_words``) and ``hits`` its
    :func:`~sitmap.events._rules.cue_hits`, when already made; ``again`` the later
    mentions of places already in ``named`` (a demonym after its country's name)."""
    if words is None:
        words = _words(passage)
    if hits is None:
        hits = cue_hits(words)
    base = refine_category(category_of_hits(hits, theme=theme), hits, words, theme=theme)
    if len(named) == 0:
        return []
    rules = category_rules()
    speech = _SPEECH.search(passage) if _SPEECH_HINT.search(words) else None
    reaction = _reaction()
    react = None
    if reaction is not None and any(rules.reaction[index] for _, index in hits):
        react = reaction.search(passage)
    if base == STATEMENT and theme is not None and theme != STATEMENT:
        unattributed = (_unattributed(passage, hits, theme)
                        or _reported(passage, words, hits, theme, named, offset))
        if unattributed is not None:
            base = unattributed
        elif len(hits) > 1 and _urging(words):
            # "Tanzania forced back 600 refugees, the agency said, urging ...": the appeal
            # closes the sentence; the words before it tell the happening.
            base = _before_tail(passage, words, theme) or base
    elif len(hits) > 1:
        base = _before_tail(passage, words, theme) or base
    if hits and (" which " in words or " that " in words or " where " in words):
        base = _outside_relative(passage, words, theme) or base
    since = " since " in words or " after " in words or " following " in words
    if since:
        # The main clause states the happening; "after a third day of protests turned
        # violent" is what led to it (when the main clause has a cue of its own), and so is
        # a closing ", the latest turn in three months of protests". What is left is read
        # like a whole passage: its closing tails and relative clauses stay out too.
        main_text = _LATEST_TAIL.sub("", _SINCE.sub(" ", passage))
        main = _words(main_text)
        if event_category_of_words(main) is not None:
            base = _main_category(main_text, main, theme)
    if _ASIDE_HINT.search(words):
        # A participial aside tells why or how, not what happened: "The students, angered
        # by the killing of a classmate, marched on the parliament" is the march (when
        # the rest states a happening of its own).
        aside_free = _PARTICIPIAL_ASIDE.sub(", ", passage)
        if aside_free != passage:
            main = _words(aside_free)
            if event_category_of_words(main) is not None:
                base = _main_category(aside_free, main, theme)
    if base != STATEMENT and _PRICE_HINT.search(words) and _only_prices(passage):
        base = "other"
    object_category: str | None = None
    if react is not None:
        after = event_category_of_words(_words(passage[react.end():]))
        if after is not None and after != STATEMENT:
            object_category = classify_words(_words(passage[react.end():]), theme=theme)
    clauses = _clauses(passage) if _CLAUSE_SPLIT.search(passage) else None
    help_hint: bool | None = None  # looked for when a name's category is first _HELPED
    # The other hints are the passage's too: each looked for at most once, for the first
    # name that needs it, not again for every later name of the passage.
    sent_hint: bool | None = None
    move_hint: bool | None = None
    cut_hint: bool | None = None
    quote_end: int | None = None  # where a quote's narrator starts (_narrator_start)
    narrator: str | None = None  # the narrator's category ("": none)
    out: list[str] = []
    for toponym in named:
        start, end = toponym.start - offset, toponym.end - offset
        if speech is not None and (
            _speaker(passage, start, end, toponym, speech, named, offset, again)
            or _intent(passage, start, end, speech)
            or _venue(passage, start, end, speech)
        ):
            out.append(STATEMENT)
        elif object_category is not None and react is not None and start >= react.end():
            out.append(object_category)
        else:
            own = None
            if quote_end is None:
                quote_end = _narrator_start(passage)
            if 0 < quote_end <= start:
                if narrator is None:
                    narrator = _narrator_category(passage[quote_end:], theme) or ""
                own = narrator or None
            own = (own
                   or (since and _since_category(passage, start, end, theme))
                   or (clauses and _clause_category(clauses, start, end, theme))
                   or base)
            if own in _HELPED:
                if help_hint is None:
                    help_hint = _HELP_HINT.search(words) is not None
                if help_hint and _help_from_elsewhere(passage, clauses, start):
                    own = AID
            if own != AID and sent_hint is None:
                sent_hint = _SENT_HINT.search(words) is not None
            if own != AID and sent_hint and _sent_to(passage, clauses, start):
                own = AID
            elif own in _MOVED_FROM:
                if move_hint is None:
                    move_hint = _MOVE_HINT.search(words) is not None
                if move_hint and _moved(passage, clauses, start):
                    own = FLIGHT
                else:
                    if cut_hint is None:
                        cut_hint = _CUT_HINT.search(words) is not None
                    if cut_hint and _road_cut(passage, clauses, start):
                        own = CLOSED
            out.append(own)
    return out


# A passage that opens with a quote and names its speaker after it ('"We ran with nothing,"
# said Mariam Kaya, 34, who reached the town ...'): the closing quote mark and the
# speech verb after it.
_QUOTE_OPEN: Final = ("\u201c", '"')
_NARRATOR: Final = re.compile(
    r"[\u201d\"][,\s]*(?:said|says|added|recalled|explained|told)\b")


def _narrator_start(passage: str) -> int:
    """Where the narrator's clause of a passage that opens with a quote starts (the
    offset after the closing quote mark, before "said"), or 0 when the passage does not
    open with a quote followed by a speech verb. Raises nothing."""
    head = passage.lstrip()
    if not head.startswith(_QUOTE_OPEN):
        return 0
    opening = len(passage) - len(head)
    m = _NARRATOR.search(passage, opening + 1)
    return m.start() + 1 if m is not None else 0


def _narrator_category(narrator: str, theme: str | None) -> str | None:
    """The category of the narrator's clause of a quote (the words after the closing
    quote mark: 'said Mariam Kaya, 34, who reached the town with five children') when
    it states a happening of its own; ``None`` when it only names the speaker, so that
    the quote's words decide. Raises nothing."""
    words = _words(narrator)
    if event_category_of_words(words) is None:
        return None
    return classify_words(words, theme=theme)


AID: Final = "humanitarian/aid"
# What teams sent from elsewhere may be told as: a search or a rescue, a disaster's scene.
_HELPED: Final = frozenset({"displacement/refugees", "natural disaster"})
_TEAMS: Final = (r"(?:(?i:rescue|search|medical|relief)\s+(?:teams?|workers|crews|units?)"
                 r"|(?i:rescuers|firefighters|doctors|medics|paramedics))")
# Teams sent from elsewhere: "Rescue teams from Egypt and Tunisia", "Italian, Greek and
# Turkish rescue teams" (a demonym-like adjective right before the team).
_FROM_ELSEWHERE: Final = re.compile(
    rf"\b{_TEAMS}\s+from\s+[A-Z]"
    rf"|\b[A-Z][a-z]+(?:an|sh|se|ch|ic|i)(?:(?:,\s+|,?\s+and\s+)[A-Z][a-z]+)*\s+{_TEAMS}\b")


def _help_from_elsewhere(
    passage: str, clauses: Sequence[tuple[int, int, str]] | None, start: int
) -> bool:
    """Whether the clause of ``passage`` holding offset ``start`` (the whole passage
    without ``clauses``) tells of rescue or medical teams sent from elsewhere ("Italian and
    Greek rescue teams joined the search in X", "Firefighters from Argentina arrived in
    X"): help that arrives is humanitarian/aid, not the rescue of people (displacement) nor
    the disaster itself. Raises nothing."""
    a, b = 0, len(passage)
    for c_start, c_end, _ in clauses or ():
        if c_start <= start < c_end:
            a, b = c_start, c_end
    return _FROM_ELSEWHERE.search(passage, a, b) is not None


# Help sent to a place ("sent 40 nurses and eight tonnes of drugs to X", "flew two planes
# carrying tents to X"): a verb of sending, then what was sent (one of _SENT_GOODS, none of
# _SENT_OTHER), then "to" right before the place. A cheap test on the words comes first.
_SENT_HINT: Final = re.compile(
    r" (?:sent|send|sends|sending|flew|flown|dispatched|airlifted|shipped|trucked) ")
_SENT_TO: Final = re.compile(
    r"\b(?:sent|send|sends|sending|flew|flown|dispatched|airlifted|shipped|trucked)\b"
    r"(?P<goods>[^.;:]{1,100}?)\s(?:to|into)\s+(?:the\s+)?"
    # ... also to "the coastal city of X" (session 15).
    r"(?:(?:[a-z]+\s+){0,2}(?:city|town|village|port|province|region|district)\s+of\s+)?\Z",
    re.IGNORECASE)
_SENT_GOODS: Final = re.compile(
    r"\b(?:doctors|nurses|medics|paramedics|medical|health\s+workers|rescuers|rescue|"
    r"firefighters|experts|specialists|tonnes|tons|aid|relief|food|water|medicines?|drugs|"
    r"supplies|tents|blankets|saline|vaccines?|doses|equipment|kits|rice|flour|fuel|"
    r"planes|aircraft|helicopters)\b", re.IGNORECASE)
_SENT_OTHER: Final = re.compile(
    r"\b(?:troops|soldiers|police|policemen|forces|warships?|jets|tanks|reinforcements|"
    r"battalions?|units|envoys?|delegations?|ambassadors?|ministers?|letters?|notes?|"
    r"messages?|protests?|weapons|arms|ammunition|missiles?|drones?)\b", re.IGNORECASE)


def _sent_to(passage: str, clauses: Sequence[tuple[int, int, str]] | None, start: int) -> bool:
    """Whether the place name at offset ``start`` of ``passage`` is where help was sent in
    its clause (the whole passage without ``clauses``): humanitarian/aid, whatever else
    the sentence tells. Raises nothing."""
    a = 0
    for c_start, c_end, _ in clauses or ():
        if c_start <= start < c_end:
            a = c_start
    sent = _SENT_TO.search(passage, max(a, start - 120), start)
    if sent is None:
        return False
    goods = sent.group("goods")
    return _SENT_GOODS.search(goods) is not None and _SENT_OTHER.search(goods) is None


FLIGHT: Final = "displacement/refugees"
# People moving, told in ordinary verbs: what a disaster, a war, an outbreak, a speech verb
# or no cue would otherwise claim ("Thousands of residents left X for Y", "told residents of six
# villages to head for the coast", "took 120 people off a beach"). A cheap test first.
_MOVED_FROM: Final = frozenset({"natural disaster", "armed clash/violence", "other",
                                "health/epidemic", STATEMENT})
_MOVE_HINT: Final = re.compile(
    r" (?:left|leave|leaving|head|headed|heading|walked|trekked|set off|moved?|took|"
    r"carried|ferried|relocate|abandon\w*|crossed|spent) ")
_PEOPLE_NOUN: Final = (r"(?:people|residents|villagers|families|civilians|inhabitants|"
                       r"survivors|tourists|households|fishermen|farmers|migrants|"
                       r"thousands|hundreds|dozens)")
_NOT_PASSIVE: Final = r"(?<!\bwere\s)(?<!\bwas\s)(?<!\bbeen\s)(?<!\bare\s)(?<!\bis\s)"
# People put up in schools or places of worship for the night or a day ("more than 20,000
# people spent Tuesday in schools and churches"): another way of telling of the displaced.
_SPENT_IN: Final = (
    rf"|\b{_PEOPLE_NOUN}\b(?:\s+[\w,'-]+){{0,4}}?\s+spent\s+(?:[\w-]+\s+){{0,3}}?in\s+"
    r"(?:[\w-]+\s+){0,2}?(?:schools|churches|mosques|temples|gyms|halls|stadiums|"
    r"classrooms|shelters|tents|camps)\b")
# Scanned only where the clause holds a word every match holds (a people noun: 200 of the
# 212 clauses tried over the dev texts hold none, and each scan took about 45 us).
_MOVED: Final = WordsFirst(re.compile(
    # told or ordered to go
    r"\b(?:told|ordered|urged|asked|advised|instructed|forced)\s+(?:[\w,'-]+\s+){0,8}?"
    rf"{_PEOPLE_NOUN}\b(?:\s+[\w,'-]+){{0,8}}?\s+to\s+(?:leave|move|head|evacuate|flee|"
    r"relocate|abandon|get\s+out)\b"
    # people who go
    rf"|\b{_PEOPLE_NOUN}\b(?:\s+[\w,'-]+){{0,6}}?\s+{_NOT_PASSIVE}(?:left|headed|walked|"
    r"trekked|set\s+off|moved|crossed)\s+(?:[\w,'-]+\s+){0,6}?(?:for|towards?|into|to|"
    r"out\s+of|on\s+foot|south|north|east|west)\b"
    # people taken off or out
    r"|\b(?:took|carried|ferried|moved|lifted|shuttled|bussed)\s+(?:[\w,'-]+\s+){0,3}?"
    rf"{_PEOPLE_NOUN}\s+(?:[\w,'-]+\s+){{0,2}}?(?:off|out\s+of)\b"
    + _SPENT_IN,
    re.IGNORECASE))
# Harm in the same clause keeps its happening ("Gunmen killed 12 villagers who had fled to
# the hills").
_HARM: Final = re.compile(r"\b(?:kill\w*|dead|died|dies|wounded|injur\w*|shot|drown\w*)\b",
                          re.IGNORECASE)


def _moved(passage: str, clauses: Sequence[tuple[int, int, str]] | None, start: int) -> bool:
    """Whether the clause of ``passage`` holding offset ``start`` (the whole passage
    without ``clauses``) tells of people leaving, told to leave or taken off or out of a
    place (:data:`_MOVED`), with no harm told beside it. Raises nothing."""
    a, b = 0, len(passage)
    for c_start, c_end, _ in clauses or ():
        if c_start <= start < c_end:
            a, b = c_start, c_end
    return _MOVED.search(passage, a, b) is not None and _HARM.search(passage, a, b) is None


CLOSED: Final = "disruption of services"
# A road, bridge or line told cut, blocked or closed in the passive, with gaps ("The road
# from X to Y was cut in several places by fallen trees", "the highway to X remained
# blocked"): a closure whatever cut it. A cheap test first.
_CUT_HINT: Final = re.compile(r" (?:roads?|highways?|railway|route|routes|bridges?|motorway) ")
_ROAD_CUT: Final = re.compile(
    r"\b(?:roads?|highways?|railway|rail\s+line|routes?|bridges?|motorway)\b[^.;:]{0,60}?"
    r"\b(?:was|were|is|are|has\s+been|have\s+been|remains?|remained)\s+"
    r"(?:(?:still|also|partly|completely|again)\s+)?(?:cut|blocked|closed|shut|impassable)\b",
    re.IGNORECASE)


def _road_cut(passage: str, clauses: Sequence[tuple[int, int, str]] | None,
              start: int) -> bool:
    """Whether the clause of ``passage`` holding offset ``start`` (the whole passage without
    ``clauses``) tells of a road, bridge or line cut, blocked or closed (:data:`_ROAD_CUT`),
    with no harm told beside it. Raises nothing."""
    a, b = 0, len(passage)
    for c_start, c_end, _ in clauses or ():
        if c_start <= start < c_end:
            a, b = c_start, c_end
    return _ROAD_CUT.search(passage, a, b) is not None and _HARM.search(passage, a, b) is None


# A closing clause a speaker adds to a happening: ", adding that 39 police officers were
# injured." (after ", the minister said").
_ADDED_TAIL: Final = re.compile(r",\s+adding\b[^;:]*\Z", re.IGNORECASE)


def _urging(words: str) -> bool:
    """A cheap test on a passage's words (:func:`_words` form) before _URGING_TAIL runs."""
    return " urging " in words or " calling " in words or " appealing " in words


def classify_before_added(passage: str, *, theme: str | None) -> str:
    """The category of ``passage`` (a sentence whose rows name no place of their own) by
    the words before a closing ", adding that ..." when those state a happening: "Some 500
    people have been arrested, the minister said, adding that 39 police officers had been
    injured" is the arrests, not a clash; else the category of the whole passage, which is
    the article's theme when its only cues are a closing attribution's ("Hospitals treated
    160 people for burns, the health ministry said." in a wildfire story: who reported it
    is no statement of its own), read outside its relative, "where" and closing "as"
    clauses when its main clause states a happening, and "other" when it only tells of a
    price that moved (:func:`_only_prices`). A passage that opens with a quote takes its
    narrator's happening when the narrator's clause states one (:func:`_narrator_category`),
    and a main clause over an "after"/"since" clause decides as for a passage naming places.
    Raises nothing."""
    quote_end = _narrator_start(passage)
    if quote_end > 0:
        # A quote and its narrator (session 16, as for a passage naming places): "..., said
        # X, 47, who slept in a tent outside the ruins" is the narrator's happening.
        narrator = _narrator_category(passage[quote_end:], theme)
        if narrator is not None:
            return narrator
    tail = _ADDED_TAIL.search(passage) if "adding" in passage else None
    if tail is not None:
        main = _words(passage[: tail.start()])
        if event_category_of_words(main) is not None:
            return classify_words(main, theme=theme)
    words = _words(passage)
    category = classify_words(words, theme=theme)
    if category == STATEMENT and theme is not None and theme != STATEMENT:
        return _unattributed(passage, cue_hits(words), theme) or category
    if _PRICE_HINT.search(words) and _only_prices(passage):
        return "other"  # "The price of diesel rose 40 percent, when subsidies were cut."
    if " after " in words or " since " in words or " following " in words:
        # The main clause's happening, as for a passage naming places (session 16): "The
        # government resigned after nine days of protests" is the resignation.
        main_text = _LATEST_TAIL.sub("", _SINCE.sub(" ", passage))
        main = _words(main_text)
        if main != words and event_category_of_words(main) is not None:
            return _main_category(main_text, main, theme)
    if category != STATEMENT and (" which " in words or " where " in words
                                  or " as " in words or " who " in words):
        # The main clause's happening, as for a passage naming places: "Landslides buried
        # two villages, where rescuers were still digging" is the landslides'.
        category = _main_category(passage, words, theme)
    return category


def _without_relatives(passage: str) -> tuple[str, str] | None:
    """``passage`` with its relative clauses (:data:`_RELATIVE`: ", which ...", "a hotel that
    collapsed") left out, and the clauses left out, both in :func:`_words` form; ``None``
    when it has none. Raises nothing."""
    kept: list[str] = []
    removed: list[str] = []
    at = 0
    for clause in _RELATIVE.finditer(passage):
        if not clause.group().lstrip(", ").lower().startswith(("which", "where")):
            before = passage[: clause.start()].split()
            if before and before[-1].strip(",.;:\"'").lower() in _THAT_CONJUNCTION:
                continue
        kept.append(passage[at : clause.start()])
        at = _relative_end(passage, clause)
        removed.append(passage[clause.start() : at])
    if not kept:
        return None
    kept.append(passage[at:])
    return _words(" ".join(kept)), _words(" ".join(removed))


# A verb form: a finite auxiliary or a past tense ("collapsed", "collided"; not a word that
# only ends like one: "hundred", "red").
_VERB_FORM: Final = re.compile(
    r"\b(?!(?:hundred|red|bed|need|speed|shed|seed|feed|breed|aged|sacred|naked|wicked|"
    r"ragged|rugged|wretched|beloved|kindred)\b)(?:was|were|is|are|has|have|had|[a-z]+ed)\b")
# Words right before a verb form that keep it inside the relative clause: auxiliaries, and
# conjunctions and adverbs of a verb the clause coordinates ("that collapsed and killed").
_AUXILIARY: Final = frozenset({"was", "were", "is", "are", "has", "have", "had", "been", "be",
                               "being", "not", "to", "that", "and", "or", "but", "then",
                               "also", "later", "reportedly", "allegedly", "partly"})


def _relative_end(passage: str, clause: re.Match[str]) -> int:
    """Where the relative clause ``clause`` of ``passage`` ends: a "that" clause on a
    subject ends before the main clause's verb ("A plane that was to fly aid to X | collided
    with a jet", "The bridge that collapsed | was closed"): the first verb form after the
    clause's own first verb that no auxiliary, conjunction or adverb of the clause
    (:data:`_AUXILIARY`) stands right before. Else (", which ...", or no such verb before
    the comma) the clause's end. Raises nothing."""
    text = clause.group()
    if text.lstrip(", ").lower().startswith(("which", "where")):
        return clause.end()
    verbs = list(_VERB_FORM.finditer(text))
    for verb in verbs[1:]:
        before = text[: verb.start()].split()
        if before and before[-1].lower() not in _AUXILIARY:
            return clause.start() + verb.start()
    return clause.end()


def _outside_relative(passage: str, words: str, theme: str | None) -> str | None:
    """The category of ``passage`` (``words`` in :func:`_words` form) read outside its
    relative clauses, when a cue was left out with them: the main clause's own happening
    when it states one ("Police detained two builders on suspicion of adding floors to a
    hotel that collapsed, killing four" is the arrest), else the article's ``theme`` when
    the main clause holds no cue at all ("The river rose to a record 5.3 metres, swamping
    the airport, which suspended all flights" in a flood story is the flood). ``None``
    otherwise (no relative clause, no cue of a happening left out - "offers of autonomy,
    which he said Russia could oversee" stays what it was -, or no theme to fall back on).
    Raises nothing."""
    split = _without_relatives(passage)
    if split is None or split[0] == words:
        return None
    main, removed = split
    weak = category_rules().weak
    if all(weak[index] for _, index in cue_hits(removed)):
        return None  # the relative clauses held no cue of a happening: nothing changes
    main_hits = cue_hits(main)
    if not main_hits:
        # A "where" clause tells what happened at the place the main clause names when
        # that names no happening ("Rescue teams reached X, where 23 people were confirmed
        # dead"): it keeps the passage's category.
        return None if " where " in removed else theme
    if event_category_of_words(main) is None:
        return None
    return refine_category(category_of_hits(main_hits, theme=theme), main_hits, main,
                           theme=theme)


def _main_category(text: str, words: str, theme: str | None) -> str:
    """The category of ``text`` (``words`` in :func:`_words` form) read as a passage is: its
    cues, then the words before a closing tail (:func:`_before_tail`) and outside its
    relative clauses (:func:`_outside_relative`). Raises nothing."""
    hits = cue_hits(words)
    category = refine_category(category_of_hits(hits, theme=theme), hits, words, theme=theme)
    if len(hits) > 1:
        category = _before_tail(text, words, theme) or category
    if hits and (" which " in words or " that " in words or " where " in words):
        category = _outside_relative(text, words, theme) or category
    return category


# A participial aside between commas, or opening the sentence, that tells a cause or a
# feeling ("The students, angered by the killing of a classmate, marched", "Fearing more
# shelling, families left"): ", <participle> by ...," and the like. A cheap test first,
# itself behind substring tests for the words every match holds ("ed by ", " fearing ",
# " afraid of "): a pattern opening with a class is tried at every position of the words.
_ASIDE_HINT: Final = GuardedPattern(r"[a-z]ed by | fearing | afraid of ")
_PARTICIPIAL_ASIDE: Final = re.compile(
    r"(?:^|,)\s*(?:[A-Za-z]+ed\s+by|[Ff]earing|[Aa]fraid\s+of)\b[^,;:]*,")


# A price or a cost that moved: "the price of bread has doubled", "Fuel prices rose 60
# percent", "inflation climbed to 30 percent".
_PRICE_HINT: Final = re.compile(r" (?:price|prices|cost|inflation|fares|rents) ")
_PRICE: Final = re.compile(
    r"\b(?:prices?|inflation|fares?|rents?|(?:price|cost)\s+of\s+(?:[\w-]+\s+){1,4}?)"
    r"\s*(?:(?:has|have|had)\s+)?(?:(?:more\s+than|almost|nearly)\s+)?"
    r"(?:rose|risen|rise|rises|doubled|tripled|trebled|quadrupled|fell|fallen|jumped|"
    r"soared|climbed|increased|surged|dropped|gone\s+up|went\s+up)\b", re.IGNORECASE)
# Words that open a circumstance or an aside: its cues are not the sentence's happening.
_ASIDE_OPENERS: Final = frozenset({
    "under", "since", "after", "when", "as", "amid", "following", "during", "because",
    "before", "while", "in", "with", "despite", "where", "which", "who",
})


def _only_prices(passage: str) -> bool:
    """Whether ``passage`` states no happening but a price that moved ("In X, under a
    blockade since 2022, the price of bread has doubled", "The price of diesel rose 40
    percent, when subsidies were cut"): the comma-delimited part holding the price holds no
    cue of a happening, and every other part that holds one opens with a word of
    circumstance or aside (:data:`_ASIDE_OPENERS`). Such a row is background, no violence
    nor protest. Raises nothing."""
    price = _PRICE.search(passage)
    if price is None:
        return False
    at = 0
    for part in re.split(r"[,;]", passage):
        start, end = at, at + len(part)
        at = end + 1
        words = _words(part)
        if event_category_of_words(words) is None:
            continue
        if start <= price.start() < end:
            return False  # "Prices doubled after protesters blocked the roads"
        first = words.split(" ", 2)[1] if words.strip() else ""
        if first not in _ASIDE_OPENERS:
            return False
    return True


def _clauses(passage: str) -> list[tuple[int, int, str]]:
    """The coordinated clauses of ``passage`` (split at ", and", ", but", ", while",
    ", adding that" and ";"), as ``(start, end, words)``; a clause's words leave out what
    an "after" or "since" inside it tells led to it, when the rest states a happening."""
    cuts = [0]
    for mark in _CLAUSE_SPLIT.finditer(passage):
        cuts += [mark.start(), mark.end()]
    cuts.append(len(passage))
    out = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        words = _words(passage[a:b])
        main = _words(_SINCE.sub(" ", passage[a:b]))
        out.append((a, b, main if main != words and event_category_of_words(main) else words))
    return out


def _clause_category(
    clauses: Sequence[tuple[int, int, str]], start: int, end: int, theme: str | None
) -> str | None:
    """The category of the clause holding ``start``..``end`` when it states a happening of
    its own ("A lorry was swept off the road near X, and its driver was rescued": X is the
    flood's, not the rescue's); ``None`` otherwise."""
    for a, b, words in clauses:
        if a <= start and end <= b:
            if event_category_of_words(words) is None:
                return None
            return classify_words(words, theme=theme)
    return None


def _unattributed(passage: str, hits: Sequence[tuple[int, int]], theme: str) -> str | None:
    """``theme`` when the only cues of ``passage`` are a speaker's words (weak cues) in a
    closing attribution (", the fire service said.", ", a witness told Radio X."): who
    reported a happening is no statement of its own, so the passage is the article's kind of
    happening. ``None`` otherwise (a cue of a happening, or speech that is the news)."""
    rules = category_rules()
    if any(not rules.weak[index] for _, index in hits):
        return None
    tail = _ATTRIBUTION.search(passage)
    if tail is None or cue_hits(_words(passage[: tail.start()])):
        return None
    return theme


# The speech verbs among the weak cues: who reported, not who holds an office or what kind
# of statement it was ("minister", "accused", "statement").
_SPEECH_VERB_WORDS: Final = re.compile(r" (?:said|says|told)(?= )")
_SPEECH_VERB: Final = re.compile(r"\b(?:said|says|told)\b")
# Who holds an office of state: what they say is a statement of its own.
_OFFICE: Final = re.compile(r" (?:president|prime minister|premier|chancellor|king|queen|"
                            r"government|secretary|ambassador|senator|governor)")
# What someone would, will or should do, anywhere in a passage.
_MODAL_ANYWHERE: Final = re.compile(
    r"\b(?:would|will|should|must|could|might|may|won't|plans?\s+to|intends?\s+to|"
    r"wants?\s+to|promised|pledged|vowed)\b", re.IGNORECASE)
# Where the subject of a speech verb starts: the sentence, a coordinated clause, a "that".
_SUBJECT_START: Final = re.compile(r"[;:]|,\s+(?:and|but|while|whereas)\b|\bthat\b",
                                   re.IGNORECASE)
_QUOTE_MARKS: Final = ('"', "\u201c", "\u201d", "``", "''")
_PRONOUNS: Final = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that"})
_MAX_WITNESS_WORDS: Final = 6
# Who speaks for an authority, not as a witness.
_AUTHORITIES: Final = frozenset({"officials", "authorities", "police", "officers"})
# A plural noun for people ("doctors", "residents", "fishermen", "parties").
_PEOPLE: Final = re.compile(r"(?:[a-z]{2}s|men|people)\Z")


def _reported(passage: str, words: str, hits: Sequence[tuple[int, int]], theme: str,
              named: Sequence[Toponym], offset: int) -> str | None:
    """``theme`` when ``passage`` (``words`` in :func:`_words` form, its ``hits``; its
    place names ``named``, the passage starting at article offset ``offset``) is a
    witness's report: its only cues are speech verbs ("said", "says", "told"), it quotes
    no one, tells nothing anyone would, will or should do, names no office of state, and
    the speech verb's subject is a few plain words naming people in the plural ("doctors
    said they had run out of painkillers", "Fishermen in X said 20 men had not come back",
    "an election that opposition parties said was rigged") - not a named person, a
    pronoun, an authority ("police", "officials") or a document: a quote or a named
    speaker's words stay a statement. ``None`` otherwise. Raises nothing."""
    rules = category_rules()
    if any(not rules.weak[index] for _, index in hits):
        return None
    if cue_hits(_SPEECH_VERB_WORDS.sub(" ", words)):
        return None  # an office or a kind of statement
    if (_MODAL_ANYWHERE.search(passage) is not None or _OFFICE.search(words) is not None
            or any(mark in passage for mark in _QUOTE_MARKS)):
        return None
    verb = _SPEECH_VERB.search(passage)
    if verb is None:
        return None
    start = 0
    for mark in _SUBJECT_START.finditer(passage, 0, verb.start()):
        start = mark.end()
    subject = list(passage[start : verb.start()])
    for toponym in named:  # place names may stand in the subject ("Fishermen in X")
        a, b = toponym.start - offset - start, toponym.end - offset - start
        if a >= 0 and b <= len(subject):
            subject[a:b] = " " * (b - a)
    tokens = re.findall(r"[A-Za-z][\w'-]*", "".join(subject))
    if not tokens or len(tokens) > _MAX_WITNESS_WORDS:
        return None
    if not all(token.islower() or (i == 0 and start == 0) for i, token in enumerate(tokens)):
        return None  # a named speaker ("Goodwin said", "Xinhua said")
    lowered = [token.lower() for token in tokens]
    if any(token in _PRONOUNS or token in _AUTHORITIES for token in lowered):
        return None  # "he said", "it says"; an authority's word is a statement
    if not any(_PEOPLE.search(token) for token in lowered):
        return None  # no people speak ("The indictment said")
    return theme


def _before_tail(passage: str, words: str, theme: str | None) -> str | None:
    """The category of the words of ``passage`` (``words`` in :func:`_words` form) before a
    closing appeal (", urging ..."), a closing attribution and a closing circumstance
    (", as ..."), and outside its clauses
    about a person (" who was shot dead on Tuesday"), when those words state a happening
    and something with a cue was left out; ``None`` otherwise."""
    cut = len(passage.rstrip(" .!?\"\u201d\n"))
    if _urging(words):
        tail = _URGING_TAIL.search(passage, 0, cut)
        if tail is not None:
            cut = tail.start()
    if " as " in words:
        tail = _AS_TAIL.search(passage, 0, cut)
        if tail is not None:
            cut = tail.start()
    if _ATTRIBUTION_HINT.search(words):
        tail = _ATTRIBUTION.search(passage, 0, cut)
        if tail is not None:
            cut = tail.start()
    main_text = passage[:cut]
    if " who " in words or " whose " in words:
        main_text = _WHO_CLAUSE.sub(" ", main_text)
    elif cut >= len(passage) or not cue_hits(_words(passage[cut:])):
        return None
    main = _words(main_text)
    if main == words or event_category_of_words(main) is None:
        return None
    return classify_words(main, theme=theme)


def _speaker(
    passage: str,
    start: int,
    end: int,
    toponym: Toponym,
    speech: re.Match[str],
    named: Sequence[Toponym],
    offset: int,
    again: Sequence[Toponym] = (),
) -> bool:
    """Whether the name at ``start``..``end`` of ``passage`` is the speaker of the sentence's
    speech verb ``speech`` (see the module docstring); ``again`` are later mentions of the
    places of ``named``."""
    if end > speech.start() or not (toponym.place.kind == "country" or toponym.demonym):
        return False
    clause = 0
    for mark in _CLAUSE_START.finditer(passage, 0, speech.start()):
        clause = mark.end()
    if start < clause:
        return False
    subject = passage[clause : speech.start()]
    if len(subject.split()) > _MAX_SUBJECT_WORDS or _LOCATIVE_BEFORE.search(
        passage, clause, start
    ):
        return False
    if event_category_of_words(_words(subject)) is not None:
        return False  # "Protesters clashed with police in Almaty, Kazakhstan said"
    if _OWN_COUNT.match(passage, speech.end()) is not None and speech.group().lower(
    ).startswith("confirm"):
        return False  # "Rwanda has confirmed 36 cases": its own outbreak, not a statement
    elsewhere = again_after = inside = False
    for t in (*named, *again):
        after = t.start - offset >= speech.end()
        if t.place.id != toponym.place.id:
            elsewhere = elsewhere or after or t.end - offset <= clause
            inside = inside or (after and t.place.country_code == toponym.place.country_code)
        else:
            again_after = again_after or after
    if again_after and not inside and event_category_of_words(
            _words(passage[speech.end():])) not in (None, STATEMENT):
        # The speaker's own country named again in a happening it reports, with no place
        # of its own named there ("Thailand's health ministry said rockets fired from
        # Cambodia had killed 15 people in Thai border provinces"): the happening is there
        # too, not only the words. ("said the attack in Ankara, the Turkish capital, ..."
        # names the place: the country stays the speaker.)
        return False
    return elsewhere or _MODAL_AFTER.match(passage, speech.end()) is not None


def _intent(passage: str, start: int, end: int, speech: re.Match[str]) -> bool:
    """Whether the name at ``start``..``end`` is the subject of what someone said it would
    or will do ("The governor said Zamfara would not pay the ransom"): a statement of
    intent, not a happening."""
    return (
        start >= speech.end()
        and _REPORTED_SUBJECT.fullmatch(passage, speech.end(), start) is not None
        and _MODAL_AFTER.match(passage, end) is not None
    )


def _venue(passage: str, start: int, end: int, speech: re.Match[str]) -> bool:
    """Whether the name at ``start``..``end`` of ``passage`` is where a statement was made
    ("The UN rights chief said in Geneva that attacks on protesters were shocking"): right
    after a speech verb at or after ``speech`` (the first one), with "in"/"at" between, and
    followed by what was said or the end of the clause."""
    if start < speech.end():
        return False
    window_start = max(speech.start(), start - 80)
    return (_VENUE_BEFORE.search(passage[window_start:start]) is not None
            and _VENUE_AFTER.match(passage, end) is not None)


def _since_category(passage: str, start: int, end: int, theme: str | None) -> str | None:
    """The category of the "since" clause holding ``start``..``end``, when it states a
    happening; else ``None``."""
    for clause in _SINCE.finditer(passage):
        if clause.start() <= start and end <= clause.end():
            words = _words(clause.group())
            if event_category_of_words(words) is None:
                return None
            return classify_words(words, theme=theme)
    return None
