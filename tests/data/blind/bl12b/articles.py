"""Six wire-style articles written for the bl12b blind check (issues 12 and 13), own prose,
invented happenings, names and figures in real places, written 2026-12-07 ~11:00-11:30 UTC
BEFORE any scoring and before seeing any round-12 rule change. Not in the repository.

Each article: dct, title, text; looks = [(snippet, the look-alike name inside it, kind)];
events = [(snippet of the sentence, [(place name, id or None or "gold", lat, lon)], (from, to)
or None, category, figures)]; topos = [(surface, which, lat, lon, kind)] where which is "all"
or a list of 0-based occurrence numbers (occurrences inside look-alikes or inside a longer
toponym of the list are never counted).
"""

ART = {}

ART["own-freetown-unrest"] = dict(dct="2022-08-11", title="Sierra Leone imposes curfew after deadly cost-of-living protests", text="""FREETOWN, Aug 11 (Wire) - Sierra Leone imposed a nationwide curfew on Wednesday after protesters fought running battles with police in Freetown, and internet access across the country was cut for more than two hours.

At least 21 people were killed, six of them police officers, Information Minister Abdulai Koroma said in a televised address late on Wednesday.

In the eastern suburb of Kissy, hundreds of young men blocked the main road with burning tyres early on Wednesday and stoned passing police vehicles. Police fired tear gas at the crowd. Officers later opened fire with live rounds, witnesses said.

The unrest spread north to Makeni, where a crowd set fire to a police station and the local offices of the ruling party, and to Kamakwie, in Karene district, where two officers were beaten to death.

In Waterloo, a town of about 60,000 east of the capital, crowds looted shops and a fuel depot on Wednesday afternoon. Soldiers were deployed to guard the market overnight.

"We are hungry, and they answer us with bullets," said Fatmata Kono, a market trader.

Police said 113 people had been arrested across the country by Thursday morning. An opposition organiser was detained at his home in Bo, his lawyer said.

President Julius Maada Bio, who cut short a private visit to London, called the violence an attack on the state in a statement on Thursday.

The Sierra Leone Telegraph, an online newspaper, reported that mobile data had come back by Thursday afternoon, but shops in central Freetown stayed shut and the streets were almost empty.

The price of fuel has more than doubled since 2020, and the leone has lost about a third of its value against the dollar this year.

The last deadly unrest in the capital, a riot at the Pademba Road prison in 2020, left more than 30 people dead.
""", looks=[("said Fatmata Kono, a market", "Fatmata Kono", "person"), ("The Sierra Leone Telegraph, an", "The Sierra Leone Telegraph", "outlet")],
events=[
 ("Sierra Leone imposed a nationwide curfew", [("Sierra Leone", None)], ("2022-08-10", "2022-08-10"), "disruption of services", {}),
 ("Sierra Leone imposed a nationwide curfew", [("Freetown", None)], ("2022-08-10", "2022-08-10"), "protest", {}),
 ("At least 21 people were killed, six of them", [("Sierra Leone", None), ("Freetown", None)], ("2022-08-10", "2022-08-10"), "armed clash/violence", {"killed": 21}),
 ("In the eastern suburb of Kissy", [("Kissy", "gold", 8.472, -13.195), ("Freetown", None)], ("2022-08-10", "2022-08-10"), "protest", {}),
 ("Police fired tear gas at the crowd.", [("Kissy", "gold", 8.472, -13.195), ("Freetown", None)], ("2022-08-10", "2022-08-10"), "protest", {}),
 ("Officers later opened fire with live rounds", [("Kissy", "gold", 8.472, -13.195), ("Freetown", None)], ("2022-08-10", "2022-08-10"), "armed clash/violence", {}),
 ("The unrest spread north to Makeni", [("Makeni", None)], ("2022-08-10", "2022-08-11"), "protest", {}),
 ("The unrest spread north to Makeni", [("Kamakwie", None), ("Karene", "gold", 9.65, -12.25)], ("2022-08-10", "2022-08-11"), "armed clash/violence", {"killed": 2}),
 ("In Waterloo, a town of about 60,000", [("Waterloo", None)], ("2022-08-10", "2022-08-10"), "protest", {}),
 ("Soldiers were deployed to guard the market", [("Waterloo", None)], ("2022-08-10", "2022-08-11"), "military deployment", {}),
 ("Police said 113 people had been arrested", [("Sierra Leone", None)], ("2022-08-10", "2022-08-11"), "arrest", {"detained": 113}),
 ("An opposition organiser was detained", [("Bo", None)], ("2022-08-10", "2022-08-11"), "arrest", {}),
 ("President Julius Maada Bio, who cut short", [("Sierra Leone", None), ("Freetown", None)], ("2022-08-11", "2022-08-11"), "diplomacy/statement", {}),
 ("The Sierra Leone Telegraph, an online", [("Freetown", None), ("Sierra Leone", None)], ("2022-08-11", "2022-08-11"), "disruption of services", {}),
],
topos=[("FREETOWN", "all", 8.484, -13.234, "city"), ("Sierra Leone", "all", 8.5, -11.5, "country"),
       ("Freetown", "all", 8.484, -13.234, "city"), ("Kissy", "all", 8.472, -13.195, "city"),
       ("Makeni", "all", 8.886, -12.044, "city"), ("Kamakwie", "all", 9.497, -12.241, "city"),
       ("Karene district", "all", 9.65, -12.25, "region"), ("Waterloo", "all", 8.339, -13.071, "city"),
       ("Bo", "all", 7.965, -11.739, "city"), ("London", "all", 51.509, -0.126, "city"),
       ("Pademba Road", "all", 8.482, -13.227, "landmark")],
)

ART["own-tana-protests"] = dict(dct="2025-09-30", title="Madagascar's president sacks government after deadly water and power protests", text="""ANTANANARIVO, Sept 30 (Wire) - Madagascar's president dismissed his government on Monday night after four days of protests over water and power cuts.

At least 22 people have been killed and more than 100 injured since the protests began on Thursday, the United Nations human rights office said.

President Andry Rajoelina said in a televised address that his ministers had failed the people and that a new prime minister would be named within three days.

The protests began on Thursday in Antananarivo, the capital, where thousands of students marched on the city hall to demand an end to cuts that leave many neighbourhoods without running water for days. Police fired tear gas and rubber bullets at the crowd.

That night, looters ransacked supermarkets and set fire to the homes of two members of parliament in the Ankorondrano district.

A night curfew was imposed on the capital on Thursday and extended on Friday to Antsiranana, the main city of the north, after shops were looted there.

Social media sites were blocked across the country for several hours on Saturday, the internet monitor NetBlocks said.

"We have had no water for eleven days and the lights go off every evening," said Hery Toamasina, a 24-year-old law student in the capital.

Radio France Internationale reported that two young men were shot dead by police in Toliara on Sunday.

In Mahajanga, on the west coast, protesters blocked the port road with burning tyres on Monday and set the regional governor's office ablaze.

The state water and power company, Jirama, has struggled for years with debts and ageing plants, and its managers have been replaced four times since 2019.

Madagascar, where about three quarters of people live on less than $2.15 a day, has seen street protests topple governments before, in 1972 and in 2009.

Shops in the Analakely market in central Tana reopened on Tuesday morning, but the curfew stayed in force, the police said.
""", looks=[("said Hery Toamasina, a 24", "Hery Toamasina", "person"), ("Radio France Internationale reported", "Radio France Internationale", "outlet")],
events=[
 ("Madagascar's president dismissed his government", [("Madagascar", None), ("Antananarivo", None)], ("2025-09-29", "2025-09-29"), "diplomacy/statement", {}),
 ("At least 22 people have been killed and more than 100", [("Madagascar", None), ("Antananarivo", None)], ("2025-09-25", "2025-09-30"), "armed clash/violence", {"killed": 22, "injured": 100}),
 ("President Andry Rajoelina said in a televised", [("Madagascar", None), ("Antananarivo", None)], ("2025-09-29", "2025-09-30"), "diplomacy/statement", {}),
 ("The protests began on Thursday in Antananarivo", [("Antananarivo", None)], ("2025-09-25", "2025-09-25"), "protest", {}),
 ("Police fired tear gas and rubber bullets at the crowd.", [("Antananarivo", None)], ("2025-09-25", "2025-09-25"), "protest", {}),
 ("That night, looters ransacked supermarkets", [("Ankorondrano", "gold", -18.886, 47.525), ("Antananarivo", None)], ("2025-09-25", "2025-09-26"), "protest", {}),
 ("A night curfew was imposed on the capital", [("Antananarivo", None)], ("2025-09-25", "2025-09-25"), "disruption of services", {}),
 ("A night curfew was imposed on the capital", [("Antsiranana", None)], ("2025-09-26", "2025-09-26"), "disruption of services", {}),
 ("Social media sites were blocked across the country", [("Madagascar", None)], ("2025-09-27", "2025-09-27"), "disruption of services", {}),
 ("Radio France Internationale reported that two", [("Toliara", None)], ("2025-09-28", "2025-09-28"), "armed clash/violence", {"killed": 2}),
 ("In Mahajanga, on the west coast", [("Mahajanga", None)], ("2025-09-29", "2025-09-29"), "protest", {}),
 ("Shops in the Analakely market", [("Analakely", "gold", -18.905, 47.525), ("Antananarivo", None)], ("2025-09-30", "2025-09-30"), "disruption of services", {}),
],
topos=[("ANTANANARIVO", "all", -18.914, 47.536, "city"), ("Madagascar", "all", -20.0, 47.0, "country"),
       ("Antananarivo", "all", -18.914, 47.536, "city"), ("Ankorondrano", "all", -18.886, 47.525, "city"),
       ("Antsiranana", "all", -12.28, 49.29, "city"), ("Toliara", "all", -23.35, 43.667, "city"),
       ("Mahajanga", "all", -15.717, 46.317, "city"), ("Analakely", "all", -18.905, 47.525, "city"),
       ("Tana", "all", -18.914, 47.536, "city")],
)

ART["own-noto-quake-live"] = dict(dct="2024-01-02", title="Japan quake live: toll rises to 48 as rescuers dig in Wajima and Suzu", text="""TOKYO, Jan 2 (Wire) - Live coverage of the aftermath of the magnitude 7.5 earthquake that struck the Noto peninsula in Ishikawa prefecture on Monday afternoon. All times are local (GMT+9).

07:45 - The death toll has risen to 30, Ishikawa prefecture said, most of them in the cities of Wajima and Suzu.

08:20 - Firefighters have put out a blaze that swept through the old morning-market district of Wajima overnight, destroying more than 200 shops and homes, the fire department said.

09:05 - About 1,000 soldiers of the Self-Defense Forces have reached the peninsula with food, water and blankets, the defence ministry said.

09:40 - A strong aftershock of magnitude 5.6 shook Nanao, sending residents back into the streets. No new damage was reported.

10:30 - Roads into Suzu remain cut by landslides and collapsed bridges, and most of the city's homes are without water, the mayor said.

11:15 - In Anamizu, about 3,000 people spent the night in a school gymnasium and other evacuation centres, town officials said.

12:00 - The Shika nuclear power plant, 65 km south of Wajima, reported an oil leak from a transformer but no radiation leak, the nuclear regulator said.

13:30 - Rescuers pulled a woman in her 80s alive from a collapsed house in Wajima, nearly 20 hours after the quake.

14:10 - The toll has risen to 48, Ishikawa prefecture said.

15:00 - Kenji Wajima, a city official in Suzu, told the Japan Times that rescuers were still searching for 14 missing people in the city.

16:20 - Prime Minister Fumio Kishida said the government would release 4.7 billion yen from its reserves for relief and would send more troops by sea.

17:50 - A Japan Coast Guard aircraft that was to fly relief supplies to the quake zone collided with a passenger jet on a runway at Haneda airport in Tokyo, and five of its six crew were killed. All passengers and crew on the airliner escaped before it was engulfed in flames.

18:30 - The Noto region has been shaken by hundreds of smaller quakes since 2020, and a magnitude 6.5 tremor in May last year killed one person in Suzu.
""", looks=[("15:00 - Kenji Wajima, a city", "Kenji Wajima", "person"), ("told the Japan Times that", "the Japan Times", "outlet"), ("A Japan Coast Guard aircraft", "Japan Coast Guard", "organisation")],
events=[
 ("Live coverage of the aftermath", [("Noto peninsula", "gold", 37.3, 136.9), ("Ishikawa", None), ("Wajima", None)], ("2024-01-01", "2024-01-01"), "natural disaster", {}),
 ("07:45 - The death toll has risen to 30", [("Ishikawa", None), ("Wajima", None)], ("2024-01-01", "2024-01-02"), "natural disaster", {"killed": 30}),
 ("08:20 - Firefighters have put out a blaze", [("Wajima", None)], ("2024-01-01", "2024-01-02"), "natural disaster", {}),
 ("09:05 - About 1,000 soldiers", [("Noto peninsula", "gold", 37.3, 136.9), ("Ishikawa", None)], ("2024-01-01", "2024-01-02"), "military deployment", {"troops": 1000}),
 ("09:40 - A strong aftershock", [("Nanao", None)], ("2024-01-02", "2024-01-02"), "natural disaster", {}),
 ("10:30 - Roads into Suzu remain cut", [("Suzu", None)], ("2024-01-02", "2024-01-02"), "disruption of services", {}),
 ("11:15 - In Anamizu, about 3,000 people", [("Anamizu", None)], ("2024-01-01", "2024-01-02"), "displacement/refugees", {"displaced": 3000}),
 ("12:00 - The Shika nuclear power plant", [("Shika", None)], ("2024-01-01", "2024-01-02"), "natural disaster", {}),
 ("13:30 - Rescuers pulled a woman", [("Wajima", None)], ("2024-01-02", "2024-01-02"), "displacement/refugees", {}),
 ("14:10 - The toll has risen to 48", [("Ishikawa", None), ("Wajima", None)], ("2024-01-01", "2024-01-02"), "natural disaster", {"killed": 48}),
 ("15:00 - Kenji Wajima, a city official", [("Suzu", None)], ("2024-01-02", "2024-01-02"), "natural disaster", {"missing": 14}),
 ("16:20 - Prime Minister Fumio Kishida", [("Japan", None)], ("2024-01-02", "2024-01-02"), "humanitarian/aid", {}),
 ("17:50 - A Japan Coast Guard aircraft", [("Haneda", None), ("Tokyo", None)], ("2024-01-02", "2024-01-02"), "other", {"killed": 5}),
 ("All passengers and crew on the airliner", [("Haneda", None), ("Tokyo", None)], ("2024-01-02", "2024-01-02"), "other", {}),
],
topos=[("TOKYO", "all", 35.69, 139.692, "city"), ("Noto peninsula", "all", 37.3, 136.9, "region"),
       ("Ishikawa prefecture", "all", 36.6, 136.6, "region"), 
       ("Wajima", "all", 37.39, 136.899, "city"), ("Suzu", "all", 37.433, 137.26, "city"),
       ("Nanao", "all", 37.043, 136.967, "city"), ("Anamizu", "all", 37.231, 136.909, "city"),
       ("Shika", "all", 37.022, 136.78, "city"), ("Haneda airport", "all", 35.549, 139.78, "landmark"),
       ("Tokyo", "all", 35.69, 139.692, "city"), ("Noto region", "all", 37.3, 136.9, "region")],
)

ART["own-hawkesbay-cyclone"] = dict(dct="2023-02-15", title="Cyclone Gabrielle: four dead in Hawke's Bay as troops reach cut-off towns", text="""NAPIER, New Zealand, Feb 15 (Wire) - Four people have died in floods in Hawke's Bay, police said on Wednesday, as soldiers and rescue helicopters reached communities that Cyclone Gabrielle had cut off for two days.

New Zealand declared a national state of emergency on Tuesday, only the third in its history, as the storm tore across the North Island.

In the Esk Valley north of Napier, residents were plucked from their roofs by helicopter after the Esk river burst its banks overnight on Monday.

Napier, a city of 65,000, has been without power and most phone lines since Tuesday, and the main road bridge to Hastings was closed after part of it was washed away.

In Hastings, about 9,000 people were told to leave their homes on Tuesday as the Ngaruroro river rose.

Civil Defence said more than 1,400 people were still unaccounted for across the region, although many were thought to be safe but unable to call.

"The water came up to the ceiling in twenty minutes," said Nelson Tamatea, a farmer in Puketapu.

Hawke's Bay Today, the local newspaper, reported that looters had broken into shops in central Napier, and police said they had arrested 12 people.

In Gisborne, the main city of the Tairawhiti region, the water treatment plant failed and residents were told to save drinking water.

A volunteer firefighter was killed on Monday night when a landslide swept away a house in Muriwai, west of Auckland, and a second firefighter died of his injuries on Tuesday.

Prime Minister Chris Hipkins, who flew over Hawke's Bay on Wednesday, said the government would give an initial NZ$11.5 million in aid to the worst-hit regions.

An Australian search and rescue team of 25 specialists landed in Auckland on Wednesday.

The storm is the worst to hit the country since Cyclone Bola in 1988, which killed three people and flooded much of the same coast.
""", looks=[("said Nelson Tamatea, a farmer", "Nelson Tamatea", "person"), ("Hawke's Bay Today, the local", "Hawke's Bay Today", "outlet")],
events=[
 ("Four people have died in floods in Hawke's Bay", [("Hawke's Bay", None), ("Napier", None)], ("2023-02-13", "2023-02-15"), "natural disaster", {"killed": 4}),
 ("New Zealand declared a national state of emergency", [("New Zealand", None)], ("2023-02-14", "2023-02-14"), "disruption of services", {}),
 ("In the Esk Valley north of Napier", [("Esk Valley", "gold", -39.393, 176.83), ("Napier", None)], ("2023-02-13", "2023-02-14"), "displacement/refugees", {}),
 ("Napier, a city of 65,000", [("Napier", None)], ("2023-02-14", "2023-02-15"), "disruption of services", {}),
 ("In Hastings, about 9,000 people", [("Hastings", None)], ("2023-02-14", "2023-02-14"), "displacement/refugees", {"displaced": 9000}),
 ("Civil Defence said more than 1,400", [("Hawke's Bay", None), ("Napier", None)], ("2023-02-14", "2023-02-15"), "natural disaster", {"missing": 1400}),
 ("Hawke's Bay Today, the local newspaper", [("Napier", None)], ("2023-02-14", "2023-02-15"), "arrest", {"detained": 12}),
 ("In Gisborne, the main city", [("Gisborne", None)], ("2023-02-13", "2023-02-15"), "disruption of services", {}),
 ("A volunteer firefighter was killed on Monday night", [("Muriwai", None), ("Auckland", None)], ("2023-02-13", "2023-02-14"), "natural disaster", {}),
 ("Prime Minister Chris Hipkins, who flew", [("New Zealand", None), ("Hawke's Bay", None)], ("2023-02-15", "2023-02-15"), "humanitarian/aid", {}),
 ("An Australian search and rescue team", [("Auckland", None)], ("2023-02-15", "2023-02-15"), "humanitarian/aid", {}),
],
topos=[("NAPIER", "all", -39.492, 176.912, "city"), ("New Zealand", "all", -42.0, 174.0, "country"),
       ("Hawke's Bay", "all", -39.6, 176.6, "region"), ("North Island", "all", -38.5, 175.5, "island"),
       ("Esk Valley", "all", -39.393, 176.83, "region"), ("Napier", "all", -39.492, 176.912, "city"),
       ("Esk river", "all", -39.41, 176.85, "water"), ("Hastings", "all", -39.638, 176.849, "city"),
       ("Ngaruroro river", "all", -39.58, 176.8, "water"), ("Puketapu", "all", -39.53, 176.79, "city"),
       ("Gisborne", "all", -38.653, 178.004, "city"), ("Tairawhiti", "all", -38.4, 177.9, "region"),
       ("Muriwai", "all", -36.83, 174.425, "city"), ("Auckland", "all", -36.848, 174.763, "city")],
)

ART["own-border-shelling"] = dict(dct="2025-07-25", title="Thai and Cambodian troops trade rocket and artillery fire for second day", text="""BANGKOK, July 25 (Wire) - Thai and Cambodian troops fought with artillery and rockets along their disputed border for a second day on Friday. Thailand's health ministry said rockets fired from Cambodia had killed 15 people in Thai border provinces since Thursday, 14 of them civilians.

The worst fighting between the neighbours in more than a decade began on Thursday morning near the Ta Muen Thom temple, which both countries claim, and spread within hours to at least six points along the frontier.

A rocket struck a petrol station in Kantharalak district of Sisaket province on Thursday, killing eight people who were filling their cars, district officials said.

Thailand sent F-16 fighter jets to bomb two Cambodian military positions in Oddar Meanchey province, the Thai army said. Cambodia's defence ministry said one civilian was killed and five were wounded in the province, and accused Thailand of using cluster munitions.

Shells landed near the hospital in Phanom Dong Rak, a district of Surin province, and its patients were moved out.

More than 130,000 people have been moved from villages along the border to temporary shelters, the Thai interior ministry said.

In Samraong, the capital of Oddar Meanchey, Cambodian families loaded their belongings onto tractors and headed south.

"The guns have not stopped since yesterday morning," said Chea Kampot, a rice farmer who left with his three children.

Thailand closed all its land crossings with Cambodia and told its citizens there to come home.

The Bangkok Post reported that a Thai soldier lost a leg to a landmine near the Chong Bok pass on Wednesday, a day before the fighting began.

The United Nations Security Council was due to meet in New York later on Friday at Cambodia's request.

The two countries fought over the 11th-century Preah Vihear temple between 2008 and 2011, in clashes that killed at least 20 people.
""", looks=[("said Chea Kampot, a rice", "Chea Kampot", "person"), ("The Bangkok Post reported", "The Bangkok Post", "outlet")],
events=[
 ("Thai and Cambodian troops fought with artillery", [("Thailand", None), ("Cambodia", None)], ("2025-07-25", "2025-07-25"), "armed clash/violence", {}),
 ("Thailand's health ministry said rockets fired", [("Thailand", None)], ("2025-07-24", "2025-07-25"), "armed clash/violence", {"killed": 15}),
 ("The worst fighting between the neighbours", [("Ta Muen Thom", "gold", 14.349, 103.265), ("Surin", None)], ("2025-07-24", "2025-07-24"), "armed clash/violence", {}),
 ("A rocket struck a petrol station in Kantharalak", [("Kantharalak", None), ("Sisaket", None)], ("2025-07-24", "2025-07-24"), "armed clash/violence", {"killed": 8}),
 ("Thailand sent F-16 fighter jets", [("Oddar Meanchey", None)], ("2025-07-24", "2025-07-25"), "armed clash/violence", {}),
 ("Cambodia's defence ministry said one civilian", [("Oddar Meanchey", None)], ("2025-07-24", "2025-07-25"), "armed clash/violence", {"killed": 1, "injured": 5}),
 ("Shells landed near the hospital in Phanom Dong Rak", [("Phanom Dong Rak", None), ("Surin", None)], ("2025-07-24", "2025-07-25"), "armed clash/violence", {}),
 ("More than 130,000 people have been moved", [("Thailand", None)], ("2025-07-24", "2025-07-25"), "displacement/refugees", {"displaced": 130000}),
 ("In Samraong, the capital of Oddar Meanchey", [("Samraong", None), ("Oddar Meanchey", None)], ("2025-07-24", "2025-07-25"), "displacement/refugees", {}),
 ("Thailand closed all its land crossings", [("Thailand", None)], ("2025-07-24", "2025-07-25"), "disruption of services", {}),
 ("The Bangkok Post reported that a Thai soldier", [("Chong Bok", "gold", 14.395, 105.06), ("Ubon Ratchathani", None)], ("2025-07-23", "2025-07-23"), "armed clash/violence", {}),
],
topos=[("BANGKOK", "all", 13.754, 100.501, "city"), ("Thailand", "all", 15.5, 101.0, "country"),
       ("Cambodia", "all", 13.0, 105.0, "country"), ("Ta Muen Thom temple", "all", 14.349, 103.265, "landmark"),
       ("Kantharalak district", "all", 14.651, 104.645, "region"), ("Sisaket province", "all", 14.9, 104.4, "region"),
       ("Oddar Meanchey province", "all", 14.18, 103.52, "region"), ("Oddar Meanchey", "all", 14.18, 103.52, "region"),
       ("Phanom Dong Rak", "all", 14.433, 103.35, "region"), ("Surin province", "all", 14.88, 103.49, "region"),
       ("Samraong", "all", 14.181, 103.517, "city"), ("Chong Bok pass", "all", 14.395, 105.06, "landmark"),
       ("New York", "all", 40.714, -74.006, "city"), ("Preah Vihear temple", "all", 14.391, 104.68, "landmark")],
)

ART["own-cacuaco-cholera"] = dict(dct="2025-02-06", title="Angola cholera toll reaches 98 as outbreak spreads beyond Luanda", text="""LUANDA, Feb 6 (Wire) - A cholera outbreak that began in the poor Luanda municipality of Cacuaco a month ago has killed 98 people, the health ministry said on Thursday.

Cases rose to 2,850 nationwide, from 1,900 a week earlier, the ministry said in its daily bulletin.

In Cacuaco, where many homes have no piped water, health workers set up two treatment tents beside the main market on Wednesday.

The provincial government closed 40 schools in Cacuaco and neighbouring Viana on Monday.

The outbreak reached Malanje province last week, and the provincial hospital in the city of Malanje has admitted 140 patients, four of whom died, provincial health director Joana Huila told Radio Nacional de Angola.

Police in Icolo e Bengo detained 11 people on Tuesday for selling water drawn from a contaminated river, the provincial police command said.

Two deaths were reported in Lobito, the Atlantic port in Benguela province, the first outside the north of the country.

UNICEF flew in 1.5 tonnes of rehydration salts and water purification tablets, which arrived in Luanda on Tuesday.

In Cazenga, another crowded district of the capital, volunteers went from door to door on Wednesday handing out chlorine and soap. They also disinfected 300 wells.

The Josina Machel hospital in central Luanda has set aside two wards for cholera patients, its director said.

"People are drinking from the same ditches they wash in," said Domingos Caxito, a volunteer with the Red Cross in Cacuaco.

The health ministry said a vaccination campaign for 900,000 people in the capital would begin next week.

Neighbouring Namibia stepped up health checks at the Oshikango border crossing on Wednesday, its health ministry said.

Fewer than half of Angolans have safe drinking water at home, and cholera returns to the slums of the capital in most rainy seasons.

Angola's worst cholera epidemic, in 2006, killed more than 2,700 people.
""", looks=[("The Josina Machel hospital", "Josina Machel", "person"), ("director Joana Huila told", "Joana Huila", "person"), ("told Radio Nacional de Angola", "Radio Nacional de Angola", "outlet"), ("said Domingos Caxito, a volunteer", "Domingos Caxito", "person")],
events=[
 ("A cholera outbreak that began in the poor Luanda", [("Angola", None), ("Cacuaco", None), ("Luanda", None)], ("2025-01-07", "2025-02-06"), "health/epidemic", {"killed": 98}),
 ("Cases rose to 2,850 nationwide", [("Angola", None)], ("2025-02-06", "2025-02-06"), "health/epidemic", {"cases": 2850}),
 ("In Cacuaco, where many homes have no piped water", [("Cacuaco", None)], ("2025-02-05", "2025-02-05"), "health/epidemic", {}),
 ("The provincial government closed 40 schools", [("Cacuaco", None)], ("2025-02-03", "2025-02-03"), "disruption of services", {}),
 ("The provincial government closed 40 schools", [("Viana", None)], ("2025-02-03", "2025-02-03"), "disruption of services", {}),
 ("The outbreak reached Malanje province last week", [("Malanje", None), ("Malanje", "ne1:AGO-1876")], ("2025-01-27", "2025-02-06"), "health/epidemic", {"cases": 140, "killed": 4}),
 ("Police in Icolo e Bengo detained 11 people", [("Icolo e Bengo", "gold", -9.107, 13.694)], ("2025-02-04", "2025-02-04"), "arrest", {"detained": 11}),
 ("Two deaths were reported in Lobito", [("Lobito", None)], ("2025-02-04", "2025-02-06"), "health/epidemic", {"killed": 2}),
 ("UNICEF flew in 1.5 tonnes", [("Luanda", None)], ("2025-02-04", "2025-02-04"), "humanitarian/aid", {}),
 ("In Cazenga, another crowded district", [("Cazenga", None), ("Luanda", None)], ("2025-02-05", "2025-02-05"), "health/epidemic", {}),
 ("They also disinfected 300 wells.", [("Cazenga", None), ("Luanda", None)], ("2025-02-05", "2025-02-05"), "health/epidemic", {}),
 ("The Josina Machel hospital in central Luanda", [("Luanda", None)], ("2025-02-04", "2025-02-06"), "health/epidemic", {}),
 ("Neighbouring Namibia stepped up health checks", [("Oshikango", None), ("Namibia", None)], ("2025-02-05", "2025-02-05"), "health/epidemic", {}),
],
topos=[("LUANDA", "all", -8.837, 13.234, "city"), ("Luanda", "all", -8.837, 13.234, "city"),
       ("Cacuaco", "all", -8.778, 13.369, "city"), ("Viana", "all", -8.903, 13.374, "city"),
       ("Malanje province", "all", -9.5, 16.5, "region"), ("Malanje", "all", -9.545, 16.341, "city"),
       ("Icolo e Bengo", "all", -9.107, 13.694, "region"), ("Lobito", "all", -12.365, 13.536, "city"),
       ("Benguela province", "all", -12.8, 14.0, "region"), ("Namibia", "all", -22.0, 17.0, "country"),
       ("Oshikango", "all", -17.4, 15.883, "city"), ("Angola", "all", -12.5, 18.5, "country"),
       ("Cazenga", "all", -8.82, 13.29, "city"), ("Atlantic", "all", None, None, "water")],
)

NOTES = {'own-freetown-unrest': "unrest; a town named like Belgium's and Ontario's Waterloo, a two-letter town (Bo), an admin-2 district, a suburb the gazetteer lacks, a person surnamed like a district (Kono), an outlet named after the country, a city only mentioned (London)", 'own-tana-protests': "unrest; a government dismissed, a curfew, social media blocked, districts of the capital the gazetteer lacks, the capital's short name (Tana), a person surnamed like a port (Toamasina), an outlet named after a country", 'own-noto-quake-live': 'earthquake live blog; timestamped entries, a prefecture, small towns, a town stored under another name (Shika), an airport, a person surnamed like a city (Wajima), an outlet and an agency named after the country', 'own-hawkesbay-cyclone': 'cyclone; towns sharing names with English towns (Hastings, Napier), a region named like a local paper, a person with a first name that is a city (Nelson), rivers in lower case, an island', 'own-border-shelling': 'shelling; admin-2 districts, provinces, temples and a pass the gazetteer lacks, a provincial capital with namesakes (Samraong), a person surnamed like a town (Kampot), an outlet named after the capital', 'own-cacuaco-cholera': 'outbreak; municipalities of the capital, a town named like Portuguese and Brazilian towns (Viana), a lower-case joiner (Icolo e Bengo), a hospital named after a person, people surnamed like places (Huila, Caxito), an outlet named after the country'}

HOLDOUT = list(ART)
