"""Small closed word classes the recogniser needs, and the English dictionary test.

The dictionary (Webster's 2nd via the ``english-words`` package) keeps the case of its entries:
"price" and "union" are listed in lower case, "Paris" and "Almaty" are not. A capitalised
token whose lower-case form is an English word may be an ordinary word that happens to start a
sentence or a name ("Price", "Victory Day"), so such names need more evidence.
"""

from __future__ import annotations

from functools import cache


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())

__all__ = [
    "ABBREVIATED_REGIONS",
    "AID_MOVEMENT_NAMES",
    "PLACE_QUALIFIERS",
    "FUNCTION_WORDS",
    "HONORIFICS",
    "LOCATIVES",
    "NAME_JOINERS",
    "REGION_WORDS",
    "LOCAL_UNIT_WORDS",
    "NON_NAME_FOLLOWERS",
    "CALENDAR_WORDS",
    "ERA_MARKERS",
    "ERA_UNITS",
    "SPEECH_VERBS",
    "PERSON_VERBS",
    "OUTLET_WORDS",
    "OUTLET_LAST_WORDS",
    "MEDIA_WORDS",
    "NEWS_AGENCIES",
    "NAMED_PLACE_NOUNS",
    "BROADCAST_WORDS",
    "TEAM_PLACE_PLURALS",
    "TEAM_WORDS",
    "TEAM_PREFIXES",
    "TEAM_NICKNAMES",
    "AFFLICTION_WORDS",
    "DISEASE_PLACE_NAMES",
    "EPIDEMIC_WORDS",
    "KIN_WORDS",
    "SEATS_OF_GOVERNMENT",
    "english_words",
    "first_names",
    "surnames",
]

# Never a place name in running English text, whatever the gazetteer says ("us" is not here:
# "US" in capitals is the country, and the recogniser tells the two apart).
FUNCTION_WORDS = _word_set(
    """a an the and or but nor of in on at to for by with from as is it be are was were
    he she we they i you me him her them his its our their my your this that these those
    who what when where which why how all any some no not so if then than there here also
    up down out over under into onto about after before since until while just only
    mr mrs ms dr st mt ft new old north south east west sir do does did has have had
    will would can could should may might must one two three four five six ten am pm
    et al de la le du des da di el los las del van von der den
    """
)

# Month, weekday and holiday names and abbreviations: "Nov" is a village somewhere, too.
CALENDAR_WORDS = _word_set(
    """jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june
    july august september october november december mon tue tues wed thu thur thurs fri sat sun
    monday tuesday wednesday thursday friday saturday sunday christmas easter thanksgiving
    halloween ramadan hanukkah passover"""
)

# Era markers after a year or a century ("300 BC", "44 B.C.", "the 5th century BCE"), written
# without their periods and in lower case: "BC" there is no British Columbia.
ERA_MARKERS = _word_set("bc bce ad ce")
ERA_UNITS = _word_set("century centuries millennium millennia")

# "Rubio said": a bare capitalised name before one of these is a speaker, not a town.
SPEECH_VERBS = _word_set(
    """said says told added wrote explained argued noted asked replied recalled stated
    insisted warned announced claimed tweeted"""
)

# Verbs whose subject is a person, not a town: "Florence Welch sang", "Chelsea Clinton
# visited" (a given name and a town's name before one of these is the person).
PERSON_VERBS = _word_set(
    """sang sings danced dances smiled laughed cried wept shrugged nodded married divorced
    resigned testified pleaded confessed apologised apologized apologises apologizes starred
    stars performed performs visited visits scored scores attended attends"""
)

# Titles that make the next capitalised word a person's name.
HONORIFICS = _word_set(
    """mr mrs ms miss mx dr sir dame lady lord madam mister president premier minister
    senator sen rep gov governor mayor judge justice gen general col colonel capt captain
    lt sgt sergeant officer deputy chief prof professor rev reverend father pastor bishop
    pope king queen prince princess sheikh emir ayatollah imam coach
    """
)

# The humanitarian movement's names, in every crisis story: after "the" ("the Red Cross
# opened shelters") never Red Cross, North Carolina (as written: one set lookup a span).
AID_MOVEMENT_NAMES = frozenset({"Red Cross", "Red Crescent", "Red Crystal"})

# "The Washington Post", "China Daily", "the Times of India": a newspaper's name, not a place of
# the story. ("Star", "Press" and "Sun" are left out: they are as often a place's own venue.)
OUTLET_WORDS = _word_set(
    """times post daily news herald tribune journal gazette chronicle telegraph courier
    examiner inquirer dispatch observer sentinel bulletin today online live actu infos"""
)
# Of those, the words that name an outlet only where they end the capitalised run: "Nepal
# Today reported", "Nairobi Live said" (but "Newark Live Bait" is a shop in Newark).
OUTLET_LAST_WORDS = _word_set("today online live actu infos")

# Words of broadcasters' and agencies' names. A place name in one capitalised run with one of
# these among the three words before it ("Radio France", "Sky News Australia") names the
# outlet, not a place of the story.
MEDIA_WORDS = _word_set(
    """radio tv television channel news broadcasting broadcaster broadcasters press agency
    agence"""
)

# Wire agencies known by one name of their own that gazetteers also hold as a town's name or
# alias ("Xinhua reported", "told Tass"): never a place of the story. Only agencies whose name
# is first the agency's (not Petra, Sana or Fars, which are places as often).
NEWS_AGENCIES = _word_set("xinhua tass itar-tass yonhap kyodo interfax bernama antara anadolu")

# Nouns after which "named X" / "called X" is a place ("a town named Dora"); after any other
# word ("a nurse named Dora", "his wife, called Olivia") it is a person.
NAMED_PLACE_NOUNS = _word_set(
    """town towns village villages city cities hamlet settlement place county district province
    region area island river lake mountain street road suburb neighbourhood neighborhood
    community municipality state country camp farm station port"""
)

# Broadcasters' words that, among the three words after a place name in one capitalised run,
# make the run a broadcaster's name ("China Central Television", "Japan Broadcasting
# Corporation"). Not "Press", "Agency" or "News" there: the news corpora annotate the place
# in "Winnipeg Free Press", "Ohio Housing Finance Agency", "California Political News".
BROADCAST_WORDS = _word_set("radio tv television channel broadcasting broadcaster")

# Plurals that after a town's name make a place's name, not a team's ("Palm Springs",
# "Golan Heights", "Niagara Falls"), or name its people and offices ("Houston Police",
# "Ohio Democrats"): "<City> <Plural>" is a sports team only for other plurals.
TEAM_PLACE_PLURALS = _word_set(
    """heights springs falls hills islands isles lakes mountains rapids woods fields gardens
    towers docks mills sands keys flats plains meadows shores banks rocks narrows downs dunes
    cliffs ridges pines oaks lakes valleys highlands lowlands marshes wells baths ponds
    waters forks crossroads quarters estates terraces villas apartments homes houses
    residents officials police democrats republicans voters students teachers workers
    citizens people families veterans farmers leaders authorities forces troops lawmakers
    schools hospitals streets roads courts offices ministers councillors governors mayors
    muslims christians jews catholics protestants arabs kurds sunnis shiites refugees
    migrants talks accords agreements protests riots elections games olympics parks
    neighbors neighbours members friends volunteers caucuses primaries senators
    representatives delegates republics"""
)

# "Manchester United", "Bristol Rovers", "Charlton Athletic": a club named after its town.
# Words that open a club's name before its city ("Real Madrid", "Inter Milan", "Dynamo
# Kyiv"): the city then names the club, not a place of the story.
TEAM_PREFIXES = frozenset((
    "Real", "Inter", "Atletico", "Atlético", "Dynamo", "Dinamo", "Olympique", "Sporting",
    "Lokomotiv", "Spartak", "CSKA", "Borussia", "Partizan", "Hertha",
))

TEAM_WORDS = _word_set("united rovers wanderers athletic albion hotspur fc afc")

# "Sacramento Kings", "Golden State Warriors", "Chennai Super Kings": a team's nickname after
# its town, counted only where it ends the capitalised name ("the Kings Road" goes on).
# Each maps to the words that may come before it inside the nickname ("Super Kings",
# "Knight Riders").
TEAM_NICKNAMES: dict[str, frozenset[str]] = {
    "kings": frozenset({"super"}),
    "knights": frozenset(),
    "riders": frozenset({"knight"}),
    "giants": frozenset(),
    "warriors": frozenset(),
    "royals": frozenset(),
}

# "West Nile virus", "Lassa fever", "Spanish flu": a disease named after a place (lower case).
AFFLICTION_WORDS = _word_set(
    "virus viruses fever flu influenza disease encephalitis strain haemorrhagic hemorrhagic"
)

# Diseases and pathogens known by a place's name alone ("a Marburg outbreak", "Ebola
# patients", "West Nile cases"): each maps to what must stand right before it in the text
# for the name to be the disease's ("West " before "Nile"). Such a name followed by a word of
# an epidemic (EPIDEMIC_WORDS) or of an affliction names the disease, and then does so in the
# whole text wherever no preposition of place or country puts it on the map ("Marburg kills",
# "funerals of Marburg victims"; "in Marburg" stays the town). Only names whose place is
# seldom news on its own: "Sudan cases" or "Omsk patients" are as often the place's.
DISEASE_PLACE_NAMES: dict[str, str] = {
    "Marburg": "", "Ebola": "", "Zika": "", "Lassa": "", "Nipah": "", "Hendra": "",
    "Lyme": "", "Nile": "West ", "Valley": "Rift ", "Rift Valley": "", "Congo": "Crimean-",
    "Hantaan": "", "Junin": "", "Machupo": "", "Powassan": "", "Oropouche": "",
    "Mayaro": "", "Kyasanur": "", "Chapare": "", "Bundibugyo": "",
}

# Words of an epidemic after a disease's name ("Marburg outbreak", "Lassa survivors").
EPIDEMIC_WORDS = _word_set(
    """outbreak outbreaks case cases patient patients victim victims survivor survivors
    vaccine vaccines vaccination vaccinations infection infections epidemic epidemics
    deaths death toll test tests testing treatment treatments contacts symptoms
    transmission response variant species ward wards"""
)

# "her brother Tyler", "daughter Olivia": a relative's given name, not a town.
KIN_WORDS = _word_set(
    """brother brothers sister sisters son sons daughter daughters wife husband mother father
    mom dad mum grandson granddaughter grandmother grandfather nephew niece cousin uncle aunt
    boyfriend girlfriend fiance fiancee widow widower stepson stepdaughter twin"""
)

# Words after which a capitalised name is very likely a place.
LOCATIVES = _word_set(
    """in at near from to into across outside inside around through throughout toward
    towards via within between beyond along visit visited visiting border borders
    northern southern eastern western central northeastern northwestern southeastern
    southwestern north-eastern north-western south-eastern south-western"""
)

# Lower-case words that may sit inside a multiword place name ("Stratford upon Avon"; the
# Persian "-i-"/"-e" of "Mazar-i-Sharif").
NAME_JOINERS = _word_set(
    "of the and de la le les du des da do dos das di del della el al au aux y upon on sur am an im "
    "en bin ibn van von der den es ul op aan sous i e"
)

# Buildings whose name stands for the government that sits there ("The White House said",
# "a Kremlin spokesman"): lower case, as written in English news.
SEATS_OF_GOVERNMENT = frozenset(
    {"white house", "kremlin", "akorda", "pentagon", "downing street", "elysee", "élysée",
     "elysee palace", "élysée palace", "blue house", "zhongnanhai", "whitehall",
     "quai d'orsay", "foggy bottom", "capitol", "ak orda"}
)

# "X region", "Aqmola and Qaraghandy regions": the name is an administrative division.
REGION_WORDS = _word_set(
    "region regions oblast oblasts province provinces governorate governorates state states "
    "prefecture prefectures district districts department departments raion raions rayon "
    "rayons regency regencies"
)

# "X County", "X Parish": a local unit named after a word that is often also a town name.
LOCAL_UNIT_WORDS = _word_set("county counties parish parishes township borough")

# Capitalised words that may follow a place name without making it part of a person's name.
NON_NAME_FOLLOWERS = _word_set(
    """city county state region province oblast district valley river lake mountains mountain
    island islands sea bay coast airport station university college police government
    president prime minister governor mayor officials authorities army forces military
    street st road rd avenue ave square park bridge harbor harbour port dam seaport
    municipality air airfield airbase naval nuclear power plant base barracks prison jail
    gaol refugee camp refinery mine oil gas terminal railway hospital crossing checkpoint"""
)


@cache
def english_words() -> frozenset[str]:
    """Return the English words listed in lower case (ordinary words, not proper names)."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())

def _name_list(file_name: str) -> frozenset[str]:
    """The lower-case names of a bundled list (gazetteer/first_names.txt, surnames.txt; see
    gazetteer/scripts/derive_person_names.py). A missing or unreadable list is empty: the
    person rules that use it then simply do not fire."""
    from sitmap._paths import gazetteer_dir

    try:
        lines = (gazetteer_dir() / file_name).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(n for n in lines if n and not n.startswith("#"))


@cache
def first_names() -> frozenset[str]:
    """Return the common US given names (1990 Census), lower case ("tyler", "olivia")."""
    return _name_list("first_names.txt")


@cache
def surnames() -> frozenset[str]:
    """Return the common US surnames (1990 Census, 0.005 % of people and up), lower case."""
    return _name_list("surnames.txt")


# Postal-style abbreviations of US states and Canadian provinces used in news text ("Lexington,
# Ky."; "Vancouver, B.C."), always written with their final period. Name and country code of the
# first-level region each stands for.
ABBREVIATED_REGIONS: dict[str, tuple[str, str]] = {
    "Ala.": ("Alabama", "US"), "Ariz.": ("Arizona", "US"), "Ark.": ("Arkansas", "US"),
    "Calif.": ("California", "US"), "Colo.": ("Colorado", "US"), "Conn.": ("Connecticut", "US"),
    "Del.": ("Delaware", "US"), "D.C.": ("District of Columbia", "US"),
    "Fla.": ("Florida", "US"), "Ga.": ("Georgia", "US"), "Ill.": ("Illinois", "US"),
    "Ind.": ("Indiana", "US"), "Kan.": ("Kansas", "US"), "Kans.": ("Kansas", "US"),
    "Ky.": ("Kentucky", "US"), "La.": ("Louisiana", "US"), "Md.": ("Maryland", "US"),
    "Mass.": ("Massachusetts", "US"), "Mich.": ("Michigan", "US"), "Minn.": ("Minnesota", "US"),
    "Mo.": ("Missouri", "US"), "Mont.": ("Montana", "US"), "Neb.": ("Nebraska", "US"),
    "Nev.": ("Nevada", "US"), "N.H.": ("New Hampshire", "US"), "N.J.": ("New Jersey", "US"),
    "N.M.": ("New Mexico", "US"), "N.Y.": ("New York", "US"), "N.C.": ("North Carolina", "US"),
    "N.D.": ("North Dakota", "US"), "Okla.": ("Oklahoma", "US"), "Ore.": ("Oregon", "US"),
    "Pa.": ("Pennsylvania", "US"), "R.I.": ("Rhode Island", "US"),
    "S.C.": ("South Carolina", "US"), "S.D.": ("South Dakota", "US"),
    "Tenn.": ("Tennessee", "US"), "Tex.": ("Texas", "US"), "Vt.": ("Vermont", "US"),
    "Va.": ("Virginia", "US"), "Wash.": ("Washington", "US"), "W.Va.": ("West Virginia", "US"),
    "W. Va.": ("West Virginia", "US"), "Wis.": ("Wisconsin", "US"), "Wyo.": ("Wyoming", "US"),
    "Alta.": ("Alberta", "CA"), "B.C.": ("British Columbia", "CA"), "Man.": ("Manitoba", "CA"),
    "N.B.": ("New Brunswick", "CA"), "Nfld.": ("Newfoundland and Labrador", "CA"),
    "N.S.": ("Nova Scotia", "CA"), "Ont.": ("Ontario", "CA"), "Que.": ("Quebec", "CA"),
    "Sask.": ("Saskatchewan", "CA"),
}

# Directions and qualifiers that may precede a place name inside a longer one ("Southern
# California", "Greater London") without making it a person's or an organisation's name.
PLACE_QUALIFIERS = _word_set(
    "north south east west northern southern eastern western central upper lower greater "
    "inner outer downtown metro metropolitan old new "
    "northeast northwest southeast southwest northeastern northwestern southeastern "
    "southwestern north-east north-west south-east south-west north-eastern north-western "
    "south-eastern south-western mid far"
)
