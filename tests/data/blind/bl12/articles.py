"""Six wire-style articles written 2026-12-07 ~10:50-11:30 UTC by the bl12 helper as a BLIND
check set for issues 12 and 13 (nobody tunes on it). Own prose; invented happenings, names,
quotes and figures in real places. Not in the repository.

Place specs (events and toponyms): ("Name", "gn:<id>" or other gazetteer id) or
("Name", "gold", lat, lon) for a point read off a map (the gazetteer lacks the place), or
("Name", "water") / ("Name", None) for a toponym with no point (rivers, streets).
"""

ART: dict[str, dict] = {}

# --------------------------------------------------------------------------------------
ART["own-asuncion-congress"] = dict(
    dct="2025-04-01",
    title="Paraguay: protesters torch Congress, interior minister resigns",
    text="""ASUNCION, April 1 (Wire) - Protesters stormed Paraguay's Congress building in central Asuncion on Monday night and set fire to its ground floor after senators voted to let the president seek a second term.

One protester, a 25-year-old youth leader, was shot dead when police raided the headquarters of an opposition party in the capital shortly after midnight, party officials said.

Police fired tear gas and rubber bullets at the crowd. At least 30 people were injured, among them a dozen police officers. Police said 211 people had been detained overnight.

The interior minister and the national police chief resigned on Tuesday morning.

"We will not let them change the constitution by the back door," said Victoria Luque, a 22-year-old law student who had marched in Asuncion.

President Santiago Pena, speaking on national television on Tuesday, called the attack on Congress an attempted coup and said he would not sign the amendment before the Supreme Court had ruled on it.

In Ciudad del Este, on the border with Brazil, several hundred people blocked the Friendship Bridge for three hours on Tuesday.

Demonstrators also marched in Encarnacion, in the south, and in Concepcion, in the north, where a regional government office was pelted with stones. They set fire to two parked cars.

Mobile internet was cut in Asuncion and the neighbouring city of San Lorenzo for several hours on Tuesday, the telecoms regulator Conatel said.

The government declared a 30-day state of emergency in the Central department, which surrounds the capital, suspending the right of assembly.

Paraguay's constitution has barred re-election since it was adopted in 1992, after the fall of a 35-year dictatorship. In 2017, a similar amendment sparked riots in which Congress was also set on fire and one man was killed.

Opposition parties said they would hold a rally in front of Congress on Saturday.
""",
    looks=[("said Victoria Luque, a", 14, 19, "person"),
           ("President Santiago Pena", 10, 18, "person")],
    events=[
        ("Protesters stormed Paraguay's Congress building", [("Asuncion", "gn:3439389"), ("Paraguay", "gn:3437598")], ("2025-03-31", "2025-04-01"), "protest", {}),
        ("One protester, a 25-year-old youth leader", [("Asuncion", "gn:3439389")], ("2025-03-31", "2025-04-01"), "armed clash/violence", {"killed": 1}),
        ("Police fired tear gas and rubber bullets at the crowd.", [("Asuncion", "gn:3439389")], ("2025-03-31", "2025-04-01"), "protest", {}),
        ("At least 30 people were injured", [("Asuncion", "gn:3439389")], ("2025-03-31", "2025-04-01"), "armed clash/violence", {"injured": 30}),
        ("Police said 211 people had been detained overnight.", [("Asuncion", "gn:3439389")], ("2025-03-31", "2025-04-01"), "arrest", {"detained": 211}),
        ("The interior minister and the national police chief resigned", [("Paraguay", "gn:3437598"), ("Asuncion", "gn:3439389")], ("2025-04-01", "2025-04-01"), "diplomacy/statement", {}),
        ("President Santiago Pena, speaking on national television", [("Paraguay", "gn:3437598"), ("Asuncion", "gn:3439389")], ("2025-04-01", "2025-04-01"), "diplomacy/statement", {}),
        ("In Ciudad del Este, on the border with Brazil", [("Ciudad del Este", "gn:3439101")], ("2025-04-01", "2025-04-01"), "protest", {}),
        ("Demonstrators also marched in Encarnacion", [("Encarnacion", "gn:3438735")], ("2025-03-31", "2025-04-01"), "protest", {}),
        ("Demonstrators also marched in Encarnacion", [("Concepcion", "gn:3438834")], ("2025-03-31", "2025-04-01"), "protest", {}),
        ("They set fire to two parked cars.", [("Concepcion", "gn:3438834")], ("2025-03-31", "2025-04-01"), "protest", {}),
        ("Mobile internet was cut in Asuncion", [("Asuncion", "gn:3439389")], ("2025-04-01", "2025-04-01"), "disruption of services", {}),
        ("Mobile internet was cut in Asuncion", [("San Lorenzo", "gn:3437056")], ("2025-04-01", "2025-04-01"), "disruption of services", {}),
        ("The government declared a 30-day state of emergency", [("Central", "ne1:PRY-607"), ("Asuncion", "gn:3439389")], ("2025-03-31", "2025-04-01"), "disruption of services", {}),
        ("Opposition parties said they would hold a rally", [("Asuncion", "gn:3439389"), ("Paraguay", "gn:3437598")], ("2025-03-31", "2025-04-01"), "diplomacy/statement", {}),
    ],
    toponyms=[
        ("Victoria Luque", "SKIP", None),
        ("Santiago Pena", "SKIP", None),
        ("ASUNCION", "city", ("Asuncion", "gn:3439389")),
        ("Asuncion", "city", ("Asuncion", "gn:3439389")),
        ("Paraguay", "country", ("Paraguay", "gn:3437598")),
        ("Ciudad del Este", "city", ("Ciudad del Este", "gn:3439101")),
        ("Brazil", "country", ("Brazil", "gn:3469034")),
        ("Friendship Bridge", "landmark", ("Friendship Bridge", "gold", -25.51, -54.60)),
        ("Encarnacion", "city", ("Encarnacion", "gn:3438735")),
        ("Concepcion", "city", ("Concepcion", "gn:3438834")),
        ("San Lorenzo", "city", ("San Lorenzo", "gn:3437056")),
        ("Central", "region", ("Central", "ne1:PRY-607")),
    ],
)

# --------------------------------------------------------------------------------------
ART["own-eswatini-live"] = dict(
    dct="2025-07-02",
    title="Eswatini unrest live: curfew and internet cut as shops burn in Manzini",
    text="""MBABANE, July 2 (Wire) - Live coverage of the unrest in Eswatini, where pro-democracy protests turned violent this week. All times local (GMT+2).

The protests began on Monday, when several thousand students marched on the parliament in Lobamba to demand an elected prime minister.

TUESDAY, JULY 1

07:15 - Smoke is still rising over the centre of Manzini, the kingdom's commercial hub, where rioters set fire to a shopping mall and at least 40 shops overnight, a Wire reporter saw.

08:30 - Mobile data and internet services have been cut across the country, the state telecoms operator said in a text message to customers.

10:20 - Hundreds of people are marching towards the Matsapha industrial area, west of Manzini. Police fired tear gas at the crowd.

13:45 - Soldiers have been deployed on the main road between Mbabane and Manzini, with armoured vehicles at the Ezulwini junction.

16:10 - The health ministry said three people had been killed and 27 treated for gunshot wounds at the Raleigh Fitkin Memorial Hospital in Manzini.

18:00 - A dusk-to-dawn curfew, from 6 p.m. to 5 a.m., is now in force nationwide.

WEDNESDAY, JULY 2

06:30 - Looters emptied supermarkets in Siteki and Nhlangano overnight, according to the Times of Eswatini, and a sugar depot near Big Bend was set ablaze.

09:15 - Police spokesman Sydney Mamba said 86 people had been arrested across the country since Monday and two officers were in hospital with burns.

10:40 - "Our children are dying for asking to vote," said Nomsa Dlamini, a mother waiting outside the hospital in Manzini.

11:50 - The government has declared a state of emergency and ordered all schools and government offices closed until further notice, the acting prime minister said in a radio address.

13:05 - South Africa has closed the Oshoek border post, the main crossing into Eswatini, its home affairs department said.

14:20 - The Southern African Development Community said it would send envoys to Mbabane on Friday.

King Mswati III has ruled since 1986, and political parties have been barred from elections since 1973.
""",
    looks=[("Raleigh Fitkin Memorial Hospital", 0, 7, "organisation"),
           ("the Times of Eswatini", 13, 21, "outlet"),
           ("Police spokesman Sydney Mamba", 17, 23, "person")],
    events=[
        ("The protests began on Monday, when several thousand", [("Lobamba", "gn:935048")], ("2025-06-30", "2025-06-30"), "protest", {}),
        ("Smoke is still rising over the centre of Manzini", [("Manzini", "gn:934995")], ("2025-06-30", "2025-07-01"), "protest", {}),
        ("Mobile data and internet services have been cut", [("Eswatini", "gn:934841")], ("2025-07-01", "2025-07-01"), "disruption of services", {}),
        ("Hundreds of people are marching towards the Matsapha", [("Matsapha", "gold", -26.52, 31.30), ("Manzini", "gn:934995")], ("2025-07-01", "2025-07-01"), "protest", {}),
        ("Police fired tear gas at the crowd.", [("Matsapha", "gold", -26.52, 31.30), ("Manzini", "gn:934995")], ("2025-07-01", "2025-07-01"), "protest", {}),
        ("Soldiers have been deployed on the main road", [("Ezulwini", "gn:935096"), ("Mbabane", "gn:934985"), ("Manzini", "gn:934995")], ("2025-07-01", "2025-07-01"), "military deployment", {}),
        ("The health ministry said three people had been killed", [("Manzini", "gn:934995")], ("2025-06-30", "2025-07-01"), "armed clash/violence", {"killed": 3, "injured": 27}),
        ("A dusk-to-dawn curfew, from 6 p.m.", [("Eswatini", "gn:934841")], ("2025-07-01", "2025-07-01"), "disruption of services", {}),
        ("Looters emptied supermarkets in Siteki", [("Siteki", "gn:934851")], ("2025-07-01", "2025-07-02"), "protest", {}),
        ("Looters emptied supermarkets in Siteki", [("Nhlangano", "gn:934913")], ("2025-07-01", "2025-07-02"), "protest", {}),
        ("Looters emptied supermarkets in Siteki", [("Big Bend", "gn:13645255")], ("2025-07-01", "2025-07-02"), "protest", {}),
        ("Police spokesman Sydney Mamba said 86", [("Eswatini", "gn:934841")], ("2025-06-30", "2025-07-02"), "arrest", {"detained": 86, "injured": 2}),
        ("The government has declared a state of emergency", [("Eswatini", "gn:934841")], ("2025-07-02", "2025-07-02"), "disruption of services", {}),
        ("South Africa has closed the Oshoek border post", [("Oshoek", "gold", -26.21, 30.99), ("Mbabane", "gn:934985")], ("2025-07-02", "2025-07-02"), "disruption of services", {}),
        ("The Southern African Development Community said", [("Eswatini", "gn:934841"), ("Mbabane", "gn:934985")], ("2025-07-02", "2025-07-02"), "diplomacy/statement", {}),
    ],
    toponyms=[
        ("MBABANE", "city", ("Mbabane", "gn:934985")),
        ("Mbabane", "city", ("Mbabane", "gn:934985")),
        ("Times of Eswatini", "SKIP", None),
        ("Sydney Mamba", "SKIP", None),
        ("Eswatini", "country", ("Eswatini", "gn:934841")),
        ("Lobamba", "city", ("Lobamba", "gn:935048")),
        ("Raleigh Fitkin Memorial Hospital", "landmark", ("Raleigh Fitkin Memorial Hospital", "gold", -26.49, 31.38)),
        ("Manzini", "city", ("Manzini", "gn:934995")),
        ("Matsapha", "city", ("Matsapha", "gold", -26.52, 31.30)),
        ("Ezulwini", "city", ("Ezulwini", "gn:935096")),
        ("Siteki", "city", ("Siteki", "gn:934851")),
        ("Nhlangano", "city", ("Nhlangano", "gn:934913")),
        ("Big Bend", "city", ("Big Bend", "gn:13645255")),
        ("South Africa", "country", ("South Africa", "gn:953987")),
        ("Oshoek", "city", ("Oshoek", "gold", -26.21, 30.99)),
    ],
)

# --------------------------------------------------------------------------------------
ART["own-morelos-quake"] = dict(
    dct="2025-09-17",
    title="Mexico quake toll rises to 112 as rescuers dig through rubble in Morelos and Puebla",
    text="""MEXICO CITY, Sept 17 (Wire) - The death toll from a magnitude 7.2 earthquake that struck central Mexico on Tuesday rose to 112 on Wednesday, the national civil protection agency said, as rescuers searched collapsed buildings through the night.

The quake's epicentre was near Axochiapan, in the state of Morelos, about 120 km south of the capital, the National Seismological Service said. It struck at 13:05 local time.

In Jojutla, Morelos, the worst-hit town, 31 people died when a church and a row of homes collapsed.

"The whole street came down in seconds," said Guadalupe Puebla, a shopkeeper in Jojutla.

Forty-four people were killed in the state of Puebla, the state governor said. In Atlixco, the bell tower of a 16th-century church fell onto a crowded market.

In Izucar de Matamoros, a school roof caved in moments after teachers had led the pupils out, the town's mayor said.

In Mexico City, buildings swayed for almost a minute, and at least 14 people died when an office block collapsed in the Benito Juarez borough. Soldiers and volunteers pulled 52 people alive from the rubble overnight.

A magnitude 5.1 aftershock shook Cuernavaca early on Wednesday, sending residents running into the streets.

About 9,000 people spent the night in shelters in Morelos after their homes were damaged, the state government said.

Power was cut to 1.8 million customers in central Mexico, the state power company said, and Mexico City's international airport suspended flights for three hours to inspect its runways.

The federal government opened 40 collection centres for food, water and blankets in Morelos and Puebla on Wednesday, and the navy flew two planeloads of supplies to Cuernavaca.

The quake struck days before the anniversaries of the earthquakes of 1985 and 2017, which together killed more than 5,000 people, most of them in the capital.

Strong aftershocks could continue for weeks.
""",
    looks=[("said Guadalupe Puebla, a", 15, 21, "person")],
    events=[
        ("The death toll from a magnitude 7.2 earthquake", [("Mexico", "gn:3996063"), ("Morelos", "ne1:MEX-2732")], ("2025-09-16", "2025-09-17"), "natural disaster", {"killed": 112}),
        ("The quake's epicentre was near Axochiapan", [("Axochiapan", "gn:3532545"), ("Morelos", "ne1:MEX-2732")], ("2025-09-16", "2025-09-17"), "natural disaster", {}),
        ("In Jojutla, Morelos, the worst-hit town", [("Jojutla", "gn:3526467")], ("2025-09-16", "2025-09-17"), "natural disaster", {"killed": 31}),
        ("Forty-four people were killed in the state of Puebla", [("Puebla", "ne1:MEX-2724")], ("2025-09-16", "2025-09-17"), "natural disaster", {"killed": 44}),
        ("In Atlixco, the bell tower", [("Atlixco", "gn:3532592")], ("2025-09-16", "2025-09-17"), "natural disaster", {}),
        ("In Izucar de Matamoros, a school roof", [("Izucar de Matamoros", "gn:3526657")], ("2025-09-16", "2025-09-17"), "natural disaster", {}),
        ("In Mexico City, buildings swayed", [("Mexico City", "gn:3530597")], ("2025-09-16", "2025-09-17"), "natural disaster", {"killed": 14}),
        ("Soldiers and volunteers pulled 52 people", [("Mexico City", "gn:3530597")], ("2025-09-16", "2025-09-17"), "displacement/refugees", {}),
        ("A magnitude 5.1 aftershock shook Cuernavaca", [("Cuernavaca", "gn:3529947")], ("2025-09-17", "2025-09-17"), "natural disaster", {}),
        ("About 9,000 people spent the night in shelters", [("Morelos", "ne1:MEX-2732")], ("2025-09-16", "2025-09-17"), "displacement/refugees", {"displaced": 9000}),
        ("Power was cut to 1.8 million customers", [("Mexico", "gn:3996063"), ("Mexico City", "gn:3530597")], ("2025-09-16", "2025-09-17"), "disruption of services", {}),
        ("Power was cut to 1.8 million customers", [("Mexico City", "gn:3530597")], ("2025-09-16", "2025-09-17"), "disruption of services", {}),
        ("The federal government opened 40 collection centres", [("Morelos", "ne1:MEX-2732")], ("2025-09-17", "2025-09-17"), "humanitarian/aid", {}),
        ("The federal government opened 40 collection centres", [("Puebla", "ne1:MEX-2724")], ("2025-09-17", "2025-09-17"), "humanitarian/aid", {}),
        ("The federal government opened 40 collection centres", [("Cuernavaca", "gn:3529947")], ("2025-09-17", "2025-09-17"), "humanitarian/aid", {}),
    ],
    toponyms=[
        ("MEXICO CITY", "city", ("Mexico City", "gn:3530597")),
        ("Mexico City", "city", ("Mexico City", "gn:3530597")),
        ("Mexico", "country", ("Mexico", "gn:3996063")),
        ("Guadalupe Puebla", "SKIP", None),
        ("Axochiapan", "city", ("Axochiapan", "gn:3532545")),
        ("Morelos", "region", ("Morelos", "ne1:MEX-2732")),
        ("Jojutla", "city", ("Jojutla", "gn:3526467")),
        ("Puebla", "region", ("Puebla", "ne1:MEX-2724")),
        ("Atlixco", "city", ("Atlixco", "gn:3532592")),
        ("Izucar de Matamoros", "city", ("Izucar de Matamoros", "gn:3526657")),
        ("Benito Juarez", "region", ("Benito Juarez", "gn:6957079")),
        ("Cuernavaca", "city", ("Cuernavaca", "gn:3529947")),
    ],
)

# --------------------------------------------------------------------------------------
ART["own-klodzko-floods"] = dict(
    dct="2025-06-12",
    title="Floods kill nine in Poland and Czech Republic; 44,000 told to leave Nysa",
    text="""WARSAW, June 12 (Wire) - Floodwaters swept through towns in southwestern Poland and the northeast of the Czech Republic on Thursday after four days of torrential rain, killing at least nine people and forcing tens of thousands from their homes.

In the Polish town of Klodzko, the Nysa Klodzka river rose by more than two metres in an hour and flooded the old town. A man drowned when his car was swept off a bridge.

Authorities ordered about 44,000 residents of Nysa, further downstream, to leave their homes after water began spilling over a dam on the Nysa Klodzka, the regional governor said.

In Stronie Slaskie, a dam on a mountain stream burst on Wednesday night and swept away a road bridge. Police said two women were missing.

Firefighters lifted a family of five from the roof of their house in Lewin Klodzki by helicopter.

All schools in Klodzko county will stay closed until Monday, the local authorities said.

"The river is still rising, and the worst may be ahead of us in Opole and Wroclaw," hydrologist Jan Kalisz told Radio Wroclaw.

Across the border, the Czech town of Opava was cut off when the Opava river burst its banks, and 3,000 people were evacuated from low-lying streets, the authorities of the Moravian-Silesian region said.

In Jesenik, rescuers found three people dead in a flooded house.

The Czech government declared a state of emergency in the Moravian-Silesian region on Thursday afternoon.

Trains between Prague and Ostrava were halted at Bohumin, where the tracks were under water, the national rail operator said.

Germany sent 12 helicopters and 150 firefighters to help in Lower Silesia, the Polish interior ministry said.

The region was devastated by floods in July 1997, when 114 people died in Poland and the Czech Republic.

More rain is forecast for the weekend.
""",
    looks=[("hydrologist Jan Kalisz told", 16, 22, "person"),
           ("told Radio Wroclaw", 5, 18, "outlet")],
    events=[
        ("Floodwaters swept through towns in southwestern Poland", [], ("2025-06-12", "2025-06-12"), "natural disaster", {"killed": 9}),
        ("Floodwaters swept through towns in southwestern Poland", [("Poland", "gn:798544")], ("2025-06-12", "2025-06-12"), "natural disaster", {}),
        ("Floodwaters swept through towns in southwestern Poland", [("Czech Republic", "gn:3077311")], ("2025-06-12", "2025-06-12"), "natural disaster", {}),
        ("In the Polish town of Klodzko, the Nysa Klodzka", [("Klodzko", "gn:3096053")], ("2025-06-12", "2025-06-12"), "natural disaster", {}),
        ("A man drowned when his car was swept off a bridge.", [("Klodzko", "gn:3096053")], ("2025-06-12", "2025-06-12"), "natural disaster", {"killed": 1}),
        ("Authorities ordered about 44,000 residents of Nysa", [("Nysa", "gn:3090436")], ("2025-06-12", "2025-06-12"), "displacement/refugees", {"displaced": 44000}),
        ("In Stronie Slaskie, a dam on a mountain stream", [("Stronie Slaskie", "gn:3084515")], ("2025-06-11", "2025-06-12"), "natural disaster", {}),
        ("Police said two women were missing.", [("Stronie Slaskie", "gn:3084515")], ("2025-06-11", "2025-06-12"), "natural disaster", {"missing": 2}),
        ("Firefighters lifted a family of five", [("Lewin Klodzki", "gn:3093500")], ("2025-06-11", "2025-06-12"), "displacement/refugees", {}),
        ("All schools in Klodzko county will stay closed", [("Klodzko county", "a2:PL:79"), ("Klodzko", "gn:3096053")], ("2025-06-12", "2025-06-16"), "disruption of services", {}),
        ("Across the border, the Czech town of Opava", [("Opava", "gn:3068927")], ("2025-06-12", "2025-06-12"), "displacement/refugees", {"displaced": 3000}),
        ("In Jesenik, rescuers found three people dead", [("Jesenik", "gn:3074281")], ("2025-06-11", "2025-06-12"), "natural disaster", {"killed": 3}),
        ("The Czech government declared a state of emergency", [("Moravian-Silesian", "ne1:CZE-1612")], ("2025-06-12", "2025-06-12"), "disruption of services", {}),
        ("Trains between Prague and Ostrava were halted at Bohumin", [("Bohumin", "gn:3079129"), ("Ostrava", "gn:3068799")], ("2025-06-12", "2025-06-12"), "disruption of services", {}),
        ("Germany sent 12 helicopters", [("Lower Silesia", "ne1:POL-3141"), ("Poland", "gn:798544")], ("2025-06-11", "2025-06-12"), "humanitarian/aid", {}),
    ],
    toponyms=[
        ("WARSAW", "city", ("Warsaw", "gn:756135")),
        ("Poland", "country", ("Poland", "gn:798544")),
        ("Polish", "SKIP", None),
        ("Czech Republic", "country", ("Czech Republic", "gn:3077311")),
        ("Nysa Klodzka", "water", ("Nysa Klodzka", "water")),
        ("Lewin Klodzki", "city", ("Lewin Klodzki", "gn:3093500")),
        ("Klodzko county", "region", ("Klodzko county", "a2:PL:79")),
        ("Klodzko", "city", ("Klodzko", "gn:3096053")),
        ("Nysa", "city", ("Nysa", "gn:3090436")),
        ("Stronie Slaskie", "city", ("Stronie Slaskie", "gn:3084515")),
        ("Radio Wroclaw", "SKIP", None),
        ("Opole", "city", ("Opole", "gn:3090048")),
        ("Wroclaw", "city", ("Wroclaw", "gn:3081368")),
        ("Opava| river", "water", ("Opava", "water")),
        ("Opava", "city", ("Opava", "gn:3068927")),
        ("Moravian-Silesian", "region", ("Moravian-Silesian", "ne1:CZE-1612")),
        ("Jesenik", "city", ("Jesenik", "gn:3074281")),
        ("Prague", "city", ("Prague", "gn:3067696")),
        ("Ostrava", "city", ("Ostrava", "gn:3068799")),
        ("Bohumin", "city", ("Bohumin", "gn:3079129")),
        ("Germany", "country", ("Germany", "gn:2921044")),
        ("Lower Silesia", "region", ("Lower Silesia", "ne1:POL-3141")),
    ],
)

# --------------------------------------------------------------------------------------
ART["own-kupiansk-shelling"] = dict(
    dct="2025-03-05",
    title="Russian shelling kills five in Kharkiv region; villages near Kupiansk evacuated",
    text="""KHARKIV, Ukraine, March 5 (Wire) - Russian artillery and glide bombs killed five civilians and wounded 19 in the Kharkiv region on Tuesday, the regional governor said, as Moscow's forces pressed their attack on the town of Kupiansk.

Two of the dead were killed when a bomb hit a five-storey apartment block in Kupiansk. A 71-year-old woman died in her garden in the village of Kivsharivka, the governor said on Telegram.

In Zolochiv, near the Russian border north-west of Kharkiv, shelling damaged a school and cut power to about 4,000 homes.

Drones also struck an energy facility in the city of Kharkiv overnight, injuring three workers, the mayor said.

Ukraine's General Staff said its troops had repelled 14 Russian assaults near Kupiansk and Borova over the past day.

Authorities ordered the evacuation of 1,200 people, among them 90 children, from 11 villages in the Kupiansk district, citing constant shelling. About 2,000 residents remain in Kupiansk itself, most of them elderly, living in basements without gas or running water.

The SBU security service said it had detained a man in Chuhuiv who was suspected of passing the positions of Ukrainian artillery units to Russian forces.

"We are tired, but we are holding," said a 34-year-old drone operator with the call sign Odesa, speaking by phone from a position outside the town.

Russia's defence ministry said its forces had taken the village of Dvorichna, a claim that could not be independently verified.

Across the border, the governor of Russia's Belgorod region said Ukrainian drones had wounded two people in the town of Shebekino.

A United Nations convoy delivered food, medicine and building materials to Balakliia on Tuesday, the UN humanitarian office said.

Kupiansk was occupied by Russian forces in February 2022 and retaken by Ukraine in a counteroffensive that September.

Delegations from Kyiv and Moscow are due to meet for talks in Riyadh next week.
""",
    looks=[("with the call sign Odesa, speaking", 19, 24, "person")],
    events=[
        ("Russian artillery and glide bombs killed five civilians", [("Kharkiv", "ne1:UKR-328"), ("Kharkiv", "gn:706483")], ("2025-03-04", "2025-03-04"), "armed clash/violence", {"killed": 5, "injured": 19}),
        ("Russian artillery and glide bombs killed five civilians", [("Kupiansk", "gn:703656")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("Two of the dead were killed when a bomb hit", [("Kupiansk", "gn:703656")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {"killed": 2}),
        ("A 71-year-old woman died in her garden", [("Kivsharivka", "gn:704608")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("In Zolochiv, near the Russian border", [("Zolochiv", "gn:686895")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("Drones also struck an energy facility", [("Kharkiv", "gn:706483")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {"injured": 3}),
        ("Ukraine's General Staff said its troops had repelled", [("Kupiansk", "gn:703656")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("Ukraine's General Staff said its troops had repelled", [("Borova", "gn:711623")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("Authorities ordered the evacuation of 1,200 people", [("Kupiansk district", "gold", 49.71, 37.62), ("Kupiansk", "gn:703656")], ("2025-03-04", "2025-03-05"), "displacement/refugees", {"displaced": 1200}),
        ("The SBU security service said it had detained a man in Chuhuiv", [("Chuhuiv", "gn:710374")], ("2025-03-04", "2025-03-05"), "arrest", {}),
        ("Russia's defence ministry said its forces had taken", [("Dvorichna", "gn:709399")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {}),
        ("Across the border, the governor of Russia's Belgorod", [("Shebekino", "gn:495112"), ("Belgorod", "ne1:RUS-2370")], ("2025-03-04", "2025-03-05"), "armed clash/violence", {"injured": 2}),
        ("A United Nations convoy delivered food", [("Balakliia", "gn:712926")], ("2025-03-04", "2025-03-04"), "humanitarian/aid", {}),
    ],
    toponyms=[
        ("KHARKIV", "city", ("Kharkiv", "gn:706483")),
        ("Kharkiv| region", "region", ("Kharkiv", "ne1:UKR-328")),
        ("Kharkiv", "city", ("Kharkiv", "gn:706483")),
        ("Ukraine", "country", ("Ukraine", "gn:690791")),
        ("Moscow", "city", ("Moscow", "gn:524901")),
        ("Kupiansk district", "region", ("Kupiansk district", "gold", 49.71, 37.62)),
        ("Kupiansk", "city", ("Kupiansk", "gn:703656")),
        ("Kivsharivka", "city", ("Kivsharivka", "gn:704608")),
        ("Zolochiv", "city", ("Zolochiv", "gn:686895")),
        ("Chuhuiv", "city", ("Chuhuiv", "gn:710374")),
        ("Borova", "city", ("Borova", "gn:711623")),
        ("Odesa", "SKIP", None),
        ("Belgorod| region", "region", ("Belgorod", "ne1:RUS-2370")),
        ("Russia", "country", ("Russia", "gn:2017370")),
        ("Dvorichna", "city", ("Dvorichna", "gn:709399")),
        ("Shebekino", "city", ("Shebekino", "gn:495112")),
        ("Balakliia", "city", ("Balakliia", "gn:712926")),
        ("Kyiv", "city", ("Kyiv", "gn:703448")),
        ("Riyadh", "city", ("Riyadh", "gn:108410")),
    ],
)

# --------------------------------------------------------------------------------------
ART["own-nzerekore-ebola"] = dict(
    dct="2025-10-22",
    title="Guinea declares Ebola outbreak after six deaths in forest region",
    text="""CONAKRY, Oct 22 (Wire) - Guinea declared an Ebola outbreak in its southeastern forest region on Tuesday after six people died in the prefecture of Nzerekore and tests confirmed the virus in two of them, the health ministry said.

The first known patient, a nurse at a health centre in the town of Gouecke, fell ill in early October and died on Oct. 12, a ministry spokesman said.

Four members of her family who had cared for her also died, and 23 of their contacts were placed in isolation at the treatment centre in Nzerekore.

Health workers began vaccinating medical staff and contacts in Nzerekore and Lola on Wednesday, using 1,200 doses of vaccine flown in overnight. The regional hospital in Nzerekore said it had admitted nine suspected cases since the weekend, all of them contacts of the first patient.

"People are afraid to come to the clinic," said Lola Haba, a midwife in Gouecke.

Schools in Gouecke were closed for three weeks on Wednesday, and the weekly market, which draws traders from Liberia and Ivory Coast, was suspended.

A suspected case was isolated in Macenta, about 140 km north-west of Nzerekore, and samples were sent to the laboratory in Gueckedou, the ministry said.

Liberia said it had stepped up screening at its border crossing at Ganta, and Sierra Leone put its border districts on alert.

The World Health Organization said it had sent 15 experts and 10 tonnes of protective equipment to Nzerekore, driven from Conakry in a convoy of Tata lorries.

The 2014-2016 West African epidemic, which began in the same forest region, killed more than 11,000 people in Guinea, Liberia and Sierra Leone. A 2021 outbreak near Gouecke killed 12 people before it was declared over in June of that year.

More cases are expected in the coming weeks.
""",
    looks=[("said Lola Haba, a", 5, 9, "person"),
           ("a convoy of Tata lorries", 12, 16, "vehicle")],
    events=[
        ("Guinea declared an Ebola outbreak", [("Nzerekore", "gn:2416969"), ("Guinea", "gn:2420477")], ("2025-10-21", "2025-10-21"), "health/epidemic", {"killed": 6, "cases": 2}),
        ("The first known patient, a nurse", [("Gouecke", "gold", 8.03, -8.95)], ("2025-10-12", "2025-10-12"), "health/epidemic", {}),
        ("Four members of her family who had cared", [("Nzerekore", "gn:2416969"), ("Gouecke", "gold", 8.03, -8.95)], ("2025-10-12", "2025-10-22"), "health/epidemic", {"killed": 4}),
        ("Health workers began vaccinating", [("Nzerekore", "gn:2416969")], ("2025-10-22", "2025-10-22"), "health/epidemic", {}),
        ("Health workers began vaccinating", [("Lola", "gn:2418092")], ("2025-10-22", "2025-10-22"), "health/epidemic", {}),
        ("The regional hospital in Nzerekore said it had admitted nine", [("Nzerekore", "gn:2416969")], ("2025-10-18", "2025-10-22"), "health/epidemic", {"cases": 9}),
        ("Schools in Gouecke were closed", [("Gouecke", "gold", 8.03, -8.95)], ("2025-10-22", "2025-10-22"), "disruption of services", {}),
        ("A suspected case was isolated in Macenta", [("Macenta", "gn:2417988")], ("2025-10-21", "2025-10-22"), "health/epidemic", {}),
        ("Liberia said it had stepped up screening", [("Ganta", "gn:2277241")], ("2025-10-21", "2025-10-22"), "health/epidemic", {}),
        ("Liberia said it had stepped up screening", [("Sierra Leone", "gn:2403846")], ("2025-10-21", "2025-10-22"), "health/epidemic", {}),
        ("The World Health Organization said it had sent 15", [("Nzerekore", "gn:2416969")], ("2025-10-21", "2025-10-22"), "humanitarian/aid", {}),
    ],
    toponyms=[
        ("CONAKRY", "city", ("Conakry", "gn:2422465")),
        ("Conakry", "city", ("Conakry", "gn:2422465")),
        ("Guinea", "country", ("Guinea", "gn:2420477")),
        ("Nzerekore", "city", ("Nzerekore", "gn:2416969")),
        ("Gouecke", "city", ("Gouecke", "gold", 8.03, -8.95)),
        ("Lola Haba", "SKIP", None),
        ("Lola", "city", ("Lola", "gn:2418092")),
        ("Liberia", "country", ("Liberia", "gn:2275384")),
        ("Ivory Coast", "country", ("Ivory Coast", "gn:2287781")),
        ("Macenta", "city", ("Macenta", "gn:2417988")),
        ("Gueckedou", "city", ("Gueckedou", "gn:2420562")),
        ("Ganta", "city", ("Ganta", "gn:2277241")),
        ("Sierra Leone", "country", ("Sierra Leone", "gn:2403846")),
        ("West African", "SKIP", None),
    ],
)

HOLDOUT = list(ART)
