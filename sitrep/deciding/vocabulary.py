"""The words the method reads, each vocabulary in one place (English; another language gets its own lists here):
harm, people and personnel, things counted, violence and its opposites, agreements, months and weekdays. Number
words live in `sitrep.reading.quantities`, country names, demonyms and capitals in `sitrep.reading.countries`. Every list names
kinds of words, never phrases of a particular text."""

from __future__ import annotations

import re


def words(*alternatives: str) -> re.Pattern:
    """A case-insensitive pattern for whole words or phrases."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# ---------------------------------------------------------------- harm, one entry per casualty measure
HARM = {
    "killed": [r"fatally (?:shot|wounded|injured|stabbed|beaten)", r"succumb\w* to (?:his|her|their) (?:injuries|wounds)", r"kill\w*", r"dead", r"deaths?", r"died", r"dies", r"die", r"death toll", r"fatalit\w+", r"murder\w*",
               r"slain", r"lost their lives", r"executed", r"execut(?:es|ing)", r"massacr(?:e|es|ed|ing)", r"bodies", r"behead\w*", r"decapitat\w*",
               r"assassinat\w*", r"gunned down", r"shot dead", r"stabbed to death", r"lynched", r"slaughtered",
               r"perished"],
    "wounded": [r"wound\w*", r"injur\w*", r"hurt", r"maimed",
                # "is shot" (not "shot dead", "shot down", "shot at"): hit by gunfire, alive
                r"shot(?!\s+(?:dead|down|at|and killed|to death|and died)\b)"],
    "missing": [r"missing", r"unaccounted"],
    "captured": [r"captur\w*", r"detain\w*", r"arrest\w*", r"taken prisoner", r"held (?:as )?(?:prisoners?|captives?)", r"prisoners? of war", r"abduct\w*",
                 r"kidnap\w*", r"taken captive", r"taken hostage", r"held hostage", r"hostages?", r"in custody",
                 r"POWs?"],
    "casualties": [r"casualt\w+"],
}
HARM_CUE = {measure: words(*cues) for measure, cues in HARM.items()}
# harm words that tell of no violence by themselves ("died", "dead", "injured", "missing"): the text around must
# name the violence (a disaster, a disease or old age kill too)
NEUTRAL_HARM = words(r"dead", r"deaths?", r"died", r"dies", r"die", r"death toll", r"fatalit\w+", r"lost their lives",
                     r"bodies", r"perished", r"injur\w*", r"hurt", r"missing", r"unaccounted")
ANY_HARM = words(*(c for cues in HARM.values() for c in cues))
# the captured words that are also the everyday words of policing (in scope only where armed forces act)
POLICING = words(r"arrest\w*", r"detain\w*", r"in custody", r"recaptur\w*")
# a verb of harm in the passive: "was killed", "have been wounded", "is shot dead"
PASSIVE_HARM = re.compile(r"\b(?:is|was|were|are|has been|have been|had been|being)\s+(?:\w+\s+(?:and\s+)?)?(?:"
                          + "|".join(c for cues in HARM.values() for c in cues) + r")\b", re.IGNORECASE)

# phrases with a harm word that tell of no harm done: a sentence or a threat, not a death
NOT_HARM = words(r"death sentences?", r"death row", r"death penalty", r"death threats?",
                 r"sentenc\w* (?:\w+ ){0,8}?to death", r"condemned (?:\w+ ){0,4}?to death",
                 r"arrest warrants?", r"warrants? (?:\w+ ){0,2}?(?:for|of) (?:the |his |her )?arrest")


def without_non_harm(text: str) -> str:
    """The text with phrases like "sentenced to death" blanked (same length, so offsets hold)."""
    return NOT_HARM.sub(lambda m: " " * len(m.group(0)), text)


# people moved, sheltered or set free: not harmed
NOT_HARMED = words(r"evacuat\w*", r"displac\w*", r"fled", r"flee\w*", r"refugees?", r"rescued", r"released", r"freed",
                   r"homeless", r"sheltering", r"stranded", r"trapped", r"affected", r"relocated", r"resettled",
                   r"transferred", r"exhum\w*", r"reburied")
NEGATION = words(r"no", r"not", r"without", r"avoid\w*", r"none", r"nobody", r"never")
# a killing by a state after a trial, not violence: the words, and what tells a court was behind it
JUDICIAL_KILLING = words(r"execut\w*", r"hang(?:ed|s|ing)", r"lethal injection", r"firing squad")
COURT = words(r"courts?", r"tribunals?", r"judges?", r"sentenc\w*", r"convict\w*", r"death row", r"trials?",
              r"verdicts?", r"penalty", r"drug trafficking", r"smuggling")
# proceedings in court: people tried, charged or sentenced are neither harmed nor deployed
LEGAL = words(r"charg\w*", r"sentenc\w*", r"convict\w*", r"tried", r"trials?", r"indict\w*", r"prosecut\w*",
              r"guilty", r"acquitt\w*")
# words that make a harm word a charge in court, not a harm done ("found guilty of murder")
CHARGE = re.compile(r"\b(?:guilty of|charged with|charges of|convicted of|sentenced for|trial for|"
                    r"arrested (?:\w+ ){0,3}?for|jailed for|imprisoned for|"
                    r"indicted for|suspected of|on suspicion of|accused of|wanted for|plot(?:ting)? to|conspir\w* to|attempted)\s+"
                    r"(?:\w+\s+){0,2}$", re.IGNORECASE)

# ---------------------------------------------------------------- people
# personnel of an armed force by themselves, and words that are personnel only beside a military word
# ("members of the navy", "military advisers")
MILITARY_PERSONNEL = words(r"troops", r"soldiers", r"servicem[ae]n", r"service members", r"servicemembers", r"fighters",
                           r"marines", r"sailors", r"airmen", r"paratroopers", r"reservists", r"peacekeepers",
                           r"forces", r"militants", r"mercenaries", r"conscripts", r"guardsmen", r"commandos",
                           r"special forces", r"insurgents", r"combatants", r"militiamen", r"rebels", r"infantry",
                           r"brigades?", r"battalions?", r"divisions?", r"jihadists")
GENERIC_PERSONNEL = words(r"personnel", r"members", r"men", r"recruits", r"guards", r"officers", r"volunteers",
                          r"instructors", r"advisers", r"advisors", r"staff", r"specialists", r"contractors")
MILITARY = words(r"military", r"army", r"armed forces", r"forces", r"troops", r"navy", r"naval", r"air force",
                 r"defen[cs]e", r"militia", r"battalion", r"brigade", r"regiment", r"guard", r"combat", r"deploy\w*",
                 r"peacekeeping", r"NATO", r"mercenary", r"paramilitary")

# nouns for one person ("a civilian", "the mayor"): a count of 1 needs one of these, harmed
PERSON_NOUNS = (r"civilian|soldier|person|man|woman|child|boy|girl|baby|officer|journalist|reporter|photographer|"
                r"worker|policeman|policewoman|police officer|fighter|militant|insurgent|rebel|suspect|commander|"
                r"guard|resident|villager|student|member|serviceman|servicewoman|service member|marine|sailor|pilot|"
                r"doctor|nurse|medic|paramedic|teenager|leader|official|hostage|prisoner|detainee|judge|governor|"
                r"mayor|minister|politician|activist|cleric|imam|priest|bishop|farmer|driver|shepherd|fisherman|"
                r"teacher|lawyer|candidate|lawmaker|senator|colonel|captain|sergeant|lieutenant|spokesman|"
                r"spokeswoman|diplomat|ambassador|contractor|volunteer|citizen|protester|demonstrator|passenger|"
                r"tourist|pilgrim|worshipper|monk|nun|aid worker|settler|gunman|attacker|assailant|bomber|terrorist|"
                r"jihadist|crew member|sheikh|professor|engineer|scientist|businessman|businesswoman|husband|wife|son|"
                r"daughter|father|mother|brother|sister|relative|employee|informant|bodyguard|councillor|inmate|"
                r"security guard|operator|technician|cameraman|crewman|photojournalist|firefighter|rescuer|voter|"
                r"poll worker|bystander|pedestrian|motorist|shopper|customer|patient|ranger|herder|trader|merchant|"
                r"vendor|blogger|singer|artist|writer|poet|athlete|"
                r"footballer|warlord|kingpin|smuggler|trafficker|manager|director|editor|owner|perpetrator|shooter|"
                r"hijacker|kidnapper|intruder")
# a person by title and name, with no article ("opposition activist Ana Ruiz", "rebel commander Ivo Ralev")
TITLED_PERSON = re.compile(rf"\b(?:{PERSON_NOUNS})\s+(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){{0,3}}\b")
# one more person, told without a noun of its own ("two are killed and another is wounded", "injuring another")
ANOTHER_PERSON = re.compile(r"\b(?:another|a (?:second|third|fourth|fifth))\b(?!\s+(?:day|time|attack|strike|round|"
                            r"incident|village|town|city|building|house|vehicle|car|drone|missile|rocket|"
                            r"explosion|blast|one of|\d)s?\b)", re.IGNORECASE)
# ("general", "major", "chief", "head", "national", "president" are left out: far more often words of "a general strike",
# "a major attack", "the head of" than a person)
# up to four words that qualify the person ("a critically injured Filipino crew member"), none of them a preposition
_QUALIFIERS = r"(?:(?!(?:on|of|in|at|by|for|with|to|from|the|and|or|who|which|that)\b)(?:\d+-)?[A-Za-z-]+\s+){0,4}?"
# a person noun that only qualifies the noun after it: "a prisoner exchange", "the soldier's funeral"
_MODIFIER = (r"(?!s\b|'s\b|’s\b|(?:\s+and\s+[\w-]+)?\s+(?:exchanges?|swaps?|releases?|camps?|transfers?|deals?|"
             r"talks|cells?|units?|convoys?|groups?|coalitions?|alliances?|movements?|factions?|offensives?|"
             r"organi[sz]ations?|forces))")
ONE_PERSON = re.compile(rf"\b(?:a|an|one)\s+{_QUALIFIERS}(?:{PERSON_NOUNS})\b{_MODIFIER}", re.IGNORECASE)
THE_PERSON = re.compile(rf"\b(?:the|a|an|its|their|his|her)\s+{_QUALIFIERS}(?:{PERSON_NOUNS})\b{_MODIFIER}",
                        re.IGNORECASE)
# nouns of police and other civil services: their officers are not troops ("5,000 police officers")
CIVIL_SERVICE = words(r"police", r"policing", r"prison", r"customs", r"traffic", r"fire(?:fighting)?", r"rescue",
                      r"medical", r"health", r"election", r"polling", r"court")
# a singular unit noun after a number names the unit ("the 444 Brigade"), it does not count it
UNIT_NAME = re.compile(r"^\s*(?:th\b|st\b|nd\b|rd\b)?\s*(?:mechani[sz]ed\s+|motori[sz]ed\s+|infantry\s+|airborne\s+|"
                       r"separate\s+|assault\s+|tank\s+|rifle\s+|marine\s+|artillery\s+){0,2}"
                       r"(?:brigade|battalion|division|regiment|corps|squadron|fleet|army|company|detachment|unit)\b"
                       # "19 army officers" counts officers of an army
                       r"(?!\s+(?:officers?|soldiers?|personnel|troops|members?|commanders?|veterans?|recruits?|"
                       r"conscripts?|servicem[ae]n|fighters|staff|employees|cadets?))",
                       re.IGNORECASE)
ARMED = words(r"soldiers?", r"troops", r"servicem[ae]n", r"service members", r"personnel", r"officers?", r"marines",
              r"sailors", r"airmen", r"guards?", r"fighters", r"forces")

# ---------------------------------------------------------------- what the harm came from
# violence, and the armed actors whose acts it is
VIOLENCE = words(r"attack\w*", r"(?:air|drone|missile|rocket|artillery|military|naval|retaliatory|precision|"
                 r"Israeli|Russian|Ukrainian|US|U\.S\.)[ -]?strikes?", r"airstrikes?", r"air ?raids?", r"raids?",
                 r"shell\w*", r"bomb(?!ardier)\w*", r"firebomb\w*", r"explosives?", r"missiles?", r"rockets?", r"drones?",
                 r"artillery", r"mortars?", r"grenades?", r"gun\w*", r"shot", r"shoot\w*", r"opened fire", r"fired",
                 r"firing", r"sniper\w*", r"clash\w*", r"fighting", r"battles?", r"combat", r"war", r"warfare",
                 r"offensive", r"invasion", r"ambush\w*", r"militants?", r"insurgen\w*", r"rebels?", r"terror\w*",
                 r"jihadis\w*", r"massacre\w*", r"assassinat\w*", r"executed", r"execution\w*", r"behead\w*",
                 r"stabb\w*", r"stabs?", r"knife", r"hostages?", r"abduct\w*", r"kidnap\w*", r"militias?", r"armed",
                 r"violence", r"violent", r"riots?", r"rioters?", r"live ammunition",
                 r"storm(?:s|ed|ing)? (?:the|a|an|into|its|their)",
                 r"suicide bomber", r"landmines?", r"(?:land|anti-personnel|naval|sea)[ -]mines?", r"IEDs?",
                 r"crossfire", r"gangs?", r"murder\w*", r"homicides?", r"familicides?",
                 r"(?-i:lynch\w*)", r"torture\w*", r"prisoners? of war", r"POWs?", r"genocide", r"ethnic cleansing",
                 r"insurgency", r"conflict", r"siege", r"hijack\w*", r"gunfire", r"gunshots?",
                 r"(?:open|opens|opened|opening|return|returns|returned|exchange|exchanges|exchanged|exchanging|"
                 r"exchange of|exchanges of|under|heavy|live|enemy|hostile|sniper|tank|"
                 r"machine[- ]gun|army|military|police|troops'?)\s+fire")
# violence that by itself is the everyday violence of crime: a shooting, a stabbing or a murder, told with no armed
# group, war, terror or politics around it, is ordinary crime (out of scope, like an ordinary arrest)
CRIME_VIOLENCE = words(r"(?:mass )?shootings?", r"shoot\w*", r"shot", r"gunm[ae]n", r"gunfire", r"gunshots?", r"guns?",
                       r"gunpoint", r"stabb\w*", r"stabs?", r"knife", r"knives", r"opened fire", r"open fire",
                       r"opens fire", r"fired", r"firing", r"violence", r"violent", r"murder\w*", r"homicides?",
                       r"familicides?")
# what makes such violence war, terror or politics
CONFLICT_SIDE = words(r"troops", r"soldiers?", r"forces", r"army", r"military", r"militants?", r"rebels?",
                      r"insurgen\w*", r"militias?", r"paramilitar\w*", r"fighters", r"gunmen", r"armed group\w*",
                      r"(?<![\w-])war", r"occupation", r"occupied", r"terror\w*", r"jihadis\w*", r"Islamist\w*",
                      r"extremis\w*", r"separatis\w*", r"sectarian", r"ethnic", r"gangs?", r"cartels?", r"protest\w*",
                      r"demonstrat\w*", r"riots?", r"rioters?", r"election\w*", r"polling", r"political\w*",
                      r"assassinat\w*", r"opposition", r"activists?", r"journalists?", r"settlers?", r"hate crime",
                      r"antisemit\w*", r"racis\w*", r"massacre\w*", r"hostages?", r"kidnap\w*", r"abduct\w*",
                      r"coup", r"unrest", r"crackdown", r"conflict", r"insurgency", r"security forces",
                      r"navy", r"naval", r"air force", r"coast guards?", r"border guards?", r"criminal groups?",
                      r"(?-i:Liberation)", r"(?-i:Front)", r"(?-i:Army)", r"(?-i:Brigades?)",
                      # people harmed for what they stand for
                      r"mayors?", r"governors?", r"ministers?", r"politicians?", r"lawmakers?", r"senators?", r"MPs?",
                      r"candidates?", r"officials?", r"judges?", r"prosecutors?", r"clerics?", r"imams?", r"priests?",
                      r"rabbis?", r"president", r"diplomats?", r"ambassadors?", r"councillors?", r"reporters?",
                      r"refugees?", r"worshippers?", r"pilgrims?", r"aid workers?", r"peacekeepers?")

# political unrest, whose dead and hurt are those of its violence ("protests that have left one person dead")
UNREST = words(r"protest\w*", r"demonstrat\w*", r"unrest", r"crackdown", r"uprising", r"riots?", r"rioting")
# a cause that may be violence or accident: an explosion or a blast, told without a bomb or an attack
BLAST = words(r"explosions?", r"blasts?", r"detonations?", r"explodes", r"exploded", r"exploding")

# harm words that are violence by themselves: a killing, a murder, a wound (not a death, which has many causes)
VIOLENT_HARM = words(r"kill\w*", r"murder\w*", r"slain", r"massacred", r"behead\w*", r"decapitat\w*", r"assassinat\w*",
                     r"gunned down", r"shot dead", r"stabbed to death", r"lynched", r"slaughtered", r"executed",
                     r"fatally (?:shot|wounded|stabbed|beaten)", r"wound\w*", r"captur\w*", r"abduct\w*", r"kidnap\w*",
                     r"taken prisoner", r"taken hostage", r"held hostage", r"hostages?", r"prisoners? of war", r"POWs?",
                     r"casualt\w+", r"detain\w*", r"arrest\w*", r"in custody", r"taken captive", r"maimed")
# harm from disease, disaster or accident: outside the scope of casualty figures (matched first: "heart
# attack" and "lightning strike" are not violence)
_VEHICLES = (r"(?:\w*bus|coach|train|tram|truck|lorry|car|van|\w*cab|taxi|jeepney|rickshaw|tricycle|motorcycle|"
             r"motorbike|scooter|minivan|pickup|vehicle|tanker|\w*plane|aircraft|jet|\w*copter|"
             r"cable car|lift|elevator|gondola|chairlift|escalator|roller coaster|ride|"
             r"\w*boat|ferry|ferries|\w*ship|vessel|barge|\w*yacht|\w*craft|liner|trawler|canoe|raft)e?s?")
_MISHAPS = (r"(?:crash\w*|collid\w*|overturn\w*|plung\w*|flip\w*|fell|falls|veer\w*|skid\w*|derail\w*|capsiz\w*|"
            r"sank|sink|sinks|sinking|caught fire|catches fire|went off the road|goes off the road|rams?|rammed|hits?|hit|"
            r"explod\w*|blew up|blows up|snap\w*|broke|breaks|gave way|gives way|detach\w*)")
_PLANTS = (r"(?:factory|plant|refinery|cylinder|silo|mine|warehouse|depot|boiler|pipeline|fireworks|tanker|truck|"
           r"reactor|furnace|kiln|workshop|well)")
# compounds that hold a word of violence but tell of none
NOT_VIOLENCE_COMPOUNDS = words(r"heart attacks?", r"lightning strikes?", r"general strikes?", r"hunger strikes?",
                               # what a plant makes names the plant, it is no weapon used: "an explosives factory"
                               r"(?:[\w-]+,? (?:and )?){1,3}(?:factory|plant|warehouse|depot|works|refinery)",
                               # goods carried or stored, not used: "a truck carrying explosives to a mine"
                               r"(?:carrying|transporting|loaded with|storing|stored|storage of) (?:[\w-]+ ){0,2}?"
                               r"(?:explosives|ammunition|munitions|fireworks|dynamite|weapons)",

                               # an aircraft named for its role, in a mishap: "a strategic bomber crashes"
                               r"(?<!suicide )bombers? (?:[\w-]+ ){0,3}?(?:crash\w*|collid\w*|went down|goes down|"
                               r"malfunction\w*|overran|overruns)",
                               r"(?:combat|fight)\w* (?:an? |the )?(?:[\w-]+ ){0,2}?(?:fires?|wildfires?|blazes?|"
                               r"floods?|flooding|outbreaks?|epidemics?|diseases?|virus|pandemic)")
NOT_VIOLENCE = words(rf"{_VEHICLES}\s+(?:\w+\s+){{0,3}}?{_MISHAPS}", rf"{_PLANTS}\s+(?:\w+\s+){{0,2}}?explo\w*",
                     rf"explo\w*\s+(?:\w+\s+){{0,3}}?(?:at|in)\s+(?:an?|the)\s+(?:\w+\s+){{0,3}}?{_PLANTS}",
                     r"swept (?:away|by)", r"washed away", r"died of", r"natural causes",
                     r"heart attacks?", r"lightning strikes?", r"gas (?:leak|explosion|cylinder|tanker|pipeline)s?",
                     r"methane", r"LPG", r"LP gas", r"petrol station", r"fuel tanker", r"tank(?:er)? truck",
                     r"coal mines?", r"mine (?:explosion|collapse|accident|fire)s?", r"mining accidents?",r"diseases?", r"epidemics?", r"pandemic", r"outbreaks?", r"COVID(?:-19)?", r"coronavirus",
                     r"cholera", r"influenza", r"flu", r"virus\w*", r"infections?", r"infected", r"measles", r"dengue",
                     r"malaria", r"ebola", r"mpox", r"tuberculosis", r"overdoses?", r"illness\w*", r"cancer",
                     # products that kill: "children who consumed a contaminated cough syrup"
                     r"contaminated", r"tainted", r"adulterated", r"(?:cough )?syrups?", r"bootleg", r"methanol",
                     r"toxic (?:alcohol|liquor|food)", r"food poisoning",
                     r"earthquakes?", r"quakes?", r"floods?", r"flooding", r"landslides?", r"mudslides?", r"storms?",
                     r"hurricanes?", r"typhoons?", r"cyclones?", r"\w+storms?", r"freezing", r"hypothermia", r"frostbite",
                     r"extreme (?:cold|heat)", r"tornado\w*", r"wildfires?", r"bushfires?",
                     r"forest fires?", r"fires?", r"blaze", r"heat ?waves?", r"heatstroke", r"avalanches?", r"droughts?",
                     r"famine", r"tsunamis?", r"eruptions?", r"volcan\w*", r"lightning", r"crash\w*", r"collisions?",
                     r"collid\w*", r"(?:technical|mechanical|engine) (?:malfunction|failure|fault)s?", r"malfunction\w*",
                     r"lost control", r"loses control", r"accidents?", r"accidental\w*", r"derail\w*", r"capsiz\w*", r"sank", r"sinking",
                     r"shipwreck", r"stampedes?", r"crush", r"collaps\w*", r"drown\w*", r"poisoning", r"gas leak",
                     r"cold snap", r"cold (?:waves?|spells?)", r"(?:fall|falls|fell|falling) (?:through|from|into|off)",
                     r"snowstorms?", r"weather", r"(?:freak|rogue|tidal|giant|huge|high) waves?",
                     r"rip currents?", r"heavy seas", r"rough seas", r"(?:torrential |heavy )?rains?", r"rainfall",
                     r"downpours?", r"monsoons?")

# ---------------------------------------------------------------- agreements
AGREEMENT_KINDS = (r"agreements?|deals?|peace (?:plans?|proposals?|frameworks?|roadmaps?)|treat(?:y|ies)|pacts?|accords?|memorand(?:um|a) of understanding|memorand\w*|"
                   r"partnerships?|ceasefires?|cease-fires?|truces?|armistices?|alliances?|protocols?|MoUs?|"
                   r"charters?|conventions?")
AGREEMENT_NOUN = words(AGREEMENT_KINDS)
MAKING = words(r"sign(?:s|ed|ing|ings|atory|atories)?", r"agree[ds]?", r"agreeing", r"struck", r"strikes?",
               r"reach\w*", r"conclud\w*", r"seal\w*", r"ratif\w*", r"approv\w*", r"broker\w*", r"finali[sz]\w*",
               r"renew\w*", r"extend\w*", r"suspend\w*", r"withdr[ae]w\w*", r"propos\w*", r"negotiat\w*")
# an agreement the text says was not made ("no ceasefire is reached", "talks end without a deal")
NO_AGREEMENT = re.compile(r"\b(?:no|without(?:\s+an?)?|fail\w*\s+to\s+(?:reach|agree\s+on|sign|conclude)(?:\s+an?)?|"
                          r"not\s+(?:reach|sign|agree)\w*(?:\s+an?)?|collapse\s+of(?:\s+the)?|reject\w*(?:\s+the|\s+an?)?)\s+"
                          r"(?:\w+\s+){0,2}?(?:" + AGREEMENT_KINDS + r")\b", re.IGNORECASE)
# a state that only helps another pair make an agreement is not a party ("a deal brokered by Qatar")
GO_BETWEEN = re.compile(r"\b(?:brokered|mediated|facilitated|hosted|guaranteed|witnessed|overseen|sponsored)\s+by\s+"
                        r"(?:the\s+)?((?:[\w'’.-]+\s*){1,4})|\b(?:with\s+the\s+)?(?:mediation|help|good offices)\s+of\s+"
                        r"(?:the\s+)?((?:[\w'’.-]+\s*){1,4})|\bin\s+((?:[A-Z][\w'’.-]+\s*){1,3}),\s+"
                        r"((?:[A-Z][\w'’.-]+\s*){1,3})(?=[,.;]|\s+(?:on|to|after|aimed|in|that|which|as)\b|$)")

# words that make a party a company, not a state, government, organisation or armed group
CORPORATE = words(r"Inc\.?", r"Ltd\.?", r"LLC", r"plc", r"PLC", r"Corp\.?", r"Corporation", r"GmbH", r"AG", r"S\.?A\.?",
                  r"N\.?V\.?", r"Co\.?", r"Company", r"Holdings?", r"Group", r"Airlines?", r"Airways", r"Motors",
                  r"Energy", r"Oil", r"Petroleum", r"Bank", r"Technologies", r"Systems", r"Industries",
                  r"Aerospace", r"Pharmaceuticals?", r"Telecom\w*")
COMPANY_NOUN = words(r"compan(?:y|ies)", r"firms?", r"corporations?", r"manufacturers?", r"makers?", r"suppliers?",
                     r"producers?", r"operators?", r"carriers?", r"airlines?", r"retailers?", r"conglomerates?",
                     r"startups?", r"businesses", r"lenders?", r"insurers?", r"shareholders")
INTERNATIONAL_BODIES = words(r"United Nations", r"UN", r"U\.N\.", r"European Union", r"EU", r"NATO", r"African Union",
                             r"AU", r"ASEAN", r"Arab League", r"OPEC\+?", r"G7", r"G20", r"BRICS", r"IAEA", r"OSCE",
                             r"ECOWAS", r"SADC", r"IGAD", r"EAC", r"SCO", r"CSTO", r"GCC", r"Mercosur", r"CARICOM",
                             r"Commonwealth", r"Council of Europe", r"World Bank", r"IMF",
                             r"International Monetary Fund", r"World Health Organization", r"WHO", r"Red Cross",
                             r"ICRC", r"Organization of American States", r"OAS", r"Gulf Cooperation Council",
                             r"Eurasian Economic Union", r"European Commission", r"Security Council")
# armed groups and movements that make agreements under their own names (the names, not phrases of any text)
ARMED_GROUPS = words(r"Hamas", r"Hezbollah", r"Hizbullah", r"Houthis?", r"Ansar Allah", r"Taliban", r"al-Shabaab",
                     r"Al-Shabab", r"Islamic State", r"ISIS", r"ISIL", r"Daesh", r"al-Qaeda", r"Boko Haram", r"Wagner",
                     r"M23", r"Fatah", r"PLO", r"Islamic Jihad", r"PKK", r"YPG", r"SDF", r"HTS", r"Hayat Tahrir al-Sham",
                     r"FARC", r"ELN", r"Polisario", r"RSF", r"SPLM(?:-[A-Z]+)?", r"Tatmadaw", r"Janjaweed", r"Peshmerga",
                     r"Lashkar-e-Taiba", r"Jaish-e-Mohammed", r"TTP", r"JNIM", r"ADF", r"Kataib Hezbollah", r"Amal",
                     r"Haqqani network", r"Ambazonia\w*", r"ULFA", r"NSCN", r"MILF", r"MNLF", r"Abu Sayyaf", r"ETA",
                     r"IRA", r"UNITA", r"RENAMO", r"al-Nusra", r"Ahrar al-Sham", r"Tigray People's Liberation Front",
                     r"TPLF", r"Fano", r"Arakan Army", r"Kachin Independence Army", r"KIA", r"Karen National Union", r"KNU")
# bodies that stand for a state or an armed group ("the Syrian government", "the rebel forces")
GOVERNING = words(r"government", r"administration", r"cabinet", r"parliament", r"ministry", r"authorities",
                  r"regime", r"junta", r"army", r"forces", r"military", r"movement", r"front", r"militia",
                  r"rebels?", r"brigades?", r"party", r"council", r"republic", r"kingdom", r"state", r"emirate",
                  r"federation", r"union", r"coalition", r"alliance", r"group", r"organi[sz]ation")

# ---------------------------------------------------------------- calendar
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_PATTERN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
                 r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
MONTH_OR_WEEKDAY = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in (*MONTHS, *WEEKDAYS)) + r")\b")

# ---------------------------------------------------------------- things a number can count that are not people
THING_UNITS = re.compile(
    r"(?:missiles?|rockets?|drones?|shells?|bombs?|rounds|projectiles|tanks?|vehicles?|aircraft|planes?|jets?|"
    r"helicopters?|ships?|vessels|boats|weapons|guns|rifles|launchers?|tonnes?|tons?|kg|kilo\w*|km|kilomet\w+|"
    r"miles?|metres?|meters?|acres|hectares|hours?|days?|weeks?|months?|years?|minutes?|seconds?|percent|"
    r"per\s?cent|%|dollars?|euros?|pounds|rubles?|roubles?|hryvnias?|yuan|yen|rupees?|shekels?|billion|"
    r"buildings?|homes|houses|villages|towns|settlements|trucks?|sorties|strikes|attacks|raids|operations|"
    r"incidents|explosions|blasts|assaults|ambushes|clashes|counts|posts|outposts|checkpoints|bases|targets|"
    r"times|points?|"
    r"votes?|seats|doses|cases|items|pieces|locations|sites|positions|compounds|provinces|districts|countries|"
    r"nations|states|goals?|games?|matches|runs|wickets|medals|laps|animals|cattle|sheep|goats|cows|pigs|horses|"
    r"camels|dogs|birds|chickens|livestock|kangaroos|deer|whales|dolphins|elephants|fish)$", re.IGNORECASE)
