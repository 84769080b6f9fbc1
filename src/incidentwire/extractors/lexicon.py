"""Word lists the rules rely on, in one place so they can be reviewed and extended.

Keys are lowercase lemmas (spaCy's lemma_ of the token, lowercased) or lowercase surface forms.
"""

from __future__ import annotations

# trigger lemma -> (category, weight, subcategory or None). Weight: how strongly the word alone
# says "an incident of this category happened". Category "attack" marks words that report an
# event but say nothing of its kind ("attack", "killed"): they count for relevance, and decide the
# category (armed_assault) only when no specific word does.
TRIGGERS: dict[str, tuple[str, float, str | None]] = {
    # bombing
    "bomb": ("bombing", 2.0, None), "bombing": ("bombing", 2.0, None), "bomber": ("bombing", 0.5, None),
    "detonate": ("bombing", 2.5, None), "explode": ("bombing", 1.5, None), "explosion": ("bombing", 0.5, None),
    "blast": ("bombing", 0.5, None), "explosive": ("bombing", 1.5, None), "dynamite": ("bombing", 2.0, None),
    "ied": ("bombing", 2.0, None), "grenade": ("bombing", 1.0, None), "blow": ("bombing", 0.0, None),
    "car-bomb": ("bombing", 2.0, "vehicle_bombing"),
    # armed assault
    "attack": ("attack", 1.0, None), "assault": ("armed_assault", 1.0, None),
    "shoot": ("armed_assault", 1.5, None), "shooting": ("armed_assault", 1.5, None),
    "shot": ("armed_assault", 1.0, None), "gunman": ("armed_assault", 1.0, None),
    "gunmen": ("armed_assault", 1.0, None), "gunfire": ("armed_assault", 1.0, None),
    "gunshot": ("armed_assault", 1.0, None), "gunbattle": ("armed_assault", 1.0, None),
    "murder": ("armed_assault", 1.5, None), "assassinate": ("armed_assault", 2.0, "assassination"),
    "assassination": ("armed_assault", 2.0, "assassination"), "massacre": ("armed_assault", 2.0, "mass_shooting"),
    "kill": ("attack", 1.0, None), "killing": ("attack", 1.0, None),
    "slay": ("armed_assault", 1.5, None), "stab": ("armed_assault", 1.5, None),
    "stabbing": ("armed_assault", 1.5, None), "homicide": ("armed_assault", 1.5, None),
    "machinegun": ("armed_assault", 1.5, None), "fire": ("armed_assault", 0.0, None),
    "wound": ("attack", 1.0, None), "injure": ("attack", 1.0, None), "die": ("attack", 1.0, None),
    "dead": ("attack", 1.0, None), "fatal": ("attack", 0.5, None), "hospitalize": ("attack", 0.5, None),
    "death": ("attack", 0.5, None), "deadly": ("attack", 0.5, None),
    "raid": ("attack", 1.0, None), "destroy": ("attack", 0.5, None), "damage": ("attack", 0.5, None), "ambush": ("armed_assault", 1.5, None),
    # kidnapping
    "kidnap": ("kidnapping", 2.5, None), "kidnapping": ("kidnapping", 2.5, None),
    "abduct": ("kidnapping", 2.5, None), "abduction": ("kidnapping", 2.5, None),
    "kidnapper": ("kidnapping", 2.0, None), "hostage": ("kidnapping", 1.5, "hostage_taking"),
    # arson
    "arson": ("arson", 2.5, None), "torch": ("arson", 2.0, None), "burn": ("arson", 1.0, None),
    "set fire": ("arson", 2.5, None), "incendiary": ("arson", 1.5, None),
    # armed clash
    "clash": ("armed_clash", 0.5, None), "firefight": ("armed_clash", 1.5, None),
    "skirmish": ("armed_clash", 1.5, None), "battle": ("armed_clash", 0.5, None),
    "fighting": ("armed_clash", 0.5, None), "combat": ("armed_clash", 0.5, None),
    # remote violence
    "airstrike": ("remote_violence", 2.0, "airstrike"), "air strike": ("remote_violence", 2.0, "airstrike"),
    "shelling": ("remote_violence", 2.0, "shelling"), "shell": ("remote_violence", 1.0, "shelling"),
    "mortar": ("remote_violence", 1.0, "shelling"), "rocket": ("remote_violence", 1.0, None),
    "missile": ("remote_violence", 1.0, None), "drone": ("remote_violence", 1.0, None),
    "bombard": ("remote_violence", 1.5, "shelling"), "bombardment": ("remote_violence", 1.5, "shelling"),
    # robbery
    "rob": ("robbery", 2.0, None), "robbery": ("robbery", 2.0, None), "steal": ("robbery", 1.0, None),
    "loot": ("robbery", 1.5, None), "holdup": ("robbery", 2.0, None), "carjack": ("robbery", 2.0, None),
    # other
    "jailbreak": ("other", 2.0, "prison_break"), "escape": ("other", 0.0, None),
}

# Compound triggers checked on the lowercased sentence text.
PHRASE_TRIGGERS: dict[str, tuple[str, float, str | None]] = {
    "suicide bomber": ("bombing", 0.5, "suicide_bombing"), "suicide bombing": ("bombing", 2.5, "suicide_bombing"),
    "suicide attack": ("bombing", 2.5, "suicide_bombing"), "car bomb": ("bombing", 2.5, "vehicle_bombing"),
    "truck bomb": ("bombing", 2.5, "vehicle_bombing"), "vehicle bomb": ("bombing", 2.5, "vehicle_bombing"),
    "opened fire": ("armed_assault", 1.5, None), "open fire": ("armed_assault", 1.5, None),
    "gun battle": ("armed_assault", 1.0, None), "shot dead": ("armed_assault", 1.5, None),
    "shot and killed": ("armed_assault", 1.5, None), "gunned down": ("armed_assault", 2.0, None),
    "mass shooting": ("armed_assault", 2.5, "mass_shooting"), "drive-by": ("armed_assault", 2.0, None),
    "set fire": ("arson", 2.5, None), "set on fire": ("arson", 2.5, None), "set ablaze": ("arson", 2.5, None),
    "prison break": ("other", 2.5, "prison_break"), "escaped from a jail": ("other", 2.5, "prison_break"),
    "escaped from jail": ("other", 2.5, "prison_break"), "escaped from prison": ("other", 2.5, "prison_break"),
    "escaped from a prison": ("other", 2.5, "prison_break"), "blew up": ("bombing", 2.0, None),
    "blown up": ("bombing", 2.0, None), "took hostage": ("kidnapping", 2.5, "hostage_taking"),
    "taken hostage": ("kidnapping", 2.5, "hostage_taking"), "air raid": ("remote_violence", 2.0, "airstrike"),
}

# A trigger governed by one of these is talk about violence, not an event ("vowing to scale up
# their attacks", "threatened to kill", "plans an attack").
IRREALIS = {
    "vow", "threaten", "threat", "plan", "announce", "warn", "prevent", "fear", "scale", "step",
    "promise", "call", "urge", "condemn", "avoid", "stop", "deter", "intend", "prepare", "would",
    "could", "might", "should", "risk", "possibility", "campaign", "wave", "launch", "continue",
}
# Nouns that make "violence" generic ("levels of violence", "casualties on all sides")
GENERIC_CONTEXT = {"level", "levels", "rate", "rates", "record", "statistics", "worst", "wave"}

DEATH_WORDS = {"kill", "killed", "dead", "die", "died", "slay", "slain", "murder", "murdered", "fatal",
               "fatally", "death", "deaths", "dies", "dying", "lifeless", "deceased", "executed", "execute"}
INJURY_WORDS = {"wound", "wounded", "injure", "injured", "hurt", "hospitalize", "hospitalized",
                "injury", "injuries", "wounds", "shot"}

# Nouns that denote attackers (head lemmas)
PERPETRATOR_NOUNS = {
    "militant", "insurgent", "gunman", "gunmen", "guerrilla", "rebel", "terrorist", "attacker",
    "assailant", "bomber", "shooter", "suspect", "kidnapper", "abductor", "robber", "killer",
    "sniper", "extremist", "jihadist", "fighter", "commando", "hitman", "murderer", "perpetrator",
    "subversive", "squad", "narcoterrorist", "separatist", "paramilitary", "gang", "assassin",
    "trafficker", "hitmen",
}
STATE_FORCE_NOUNS = {"soldier", "troop", "army", "police", "policeman", "officer", "force", "military",
                     "trooper", "deputy", "agent", "guard", "patrol", "marine", "airforce"}

# People words that can be victims
PERSON_NOUNS = {
    "man", "woman", "men", "women", "person", "people", "child", "children", "boy", "girl", "teen",
    "teenager", "baby", "toddler", "infant", "victim", "civilian", "student", "resident", "driver",
    "passenger", "worker", "employee", "official", "leader", "mayor", "judge", "priest", "journalist",
    "soldier", "policeman", "officer", "guard", "peasant", "farmer", "bystander", "customer",
    "father", "mother", "son", "daughter", "brother", "sister", "wife", "husband", "friend",
    "girlfriend", "boyfriend", "family", "member", "youth", "adult", "juvenile", "minister",
    "senator", "deputy", "councilman", "candidate", "businessman", "teacher", "clerk", "trooper",
    "security", "colonel", "captain", "general", "sergeant", "lieutenant", "diplomat", "ambassador",
    "citizen", "villager", "tourist", "worshipper", "pedestrian", "neighbor", "relative", "cousin",
    "uncle", "aunt", "nephew", "niece", "grandmother", "grandfather", "individual", "male", "female",
    "jesuit", "bodyguard", "minor", "demonstrator", "crew", "nun", "bishop",
    "archbishop", "activist", "unionist", "politician", "councilor", "magistrate", "prosecutor",
}

# Physical and institutional targets: head lemma -> target type
TARGET_NOUNS: dict[str, str] = {
    "palace": "government", "compound": "government", "ministry": "government", "office": "government",
    "embassy": "diplomatic", "consulate": "diplomatic", "hotel": "business", "headquarters": "government",
    "base": "military", "barracks": "military", "garrison": "military", "checkpoint": "police",
    "station": "police", "outpost": "military", "convoy": "military", "post": "military",
    "substation": "infrastructure", "tower": "infrastructure", "pylon": "infrastructure",
    "pipeline": "infrastructure", "bridge": "infrastructure", "plant": "infrastructure",
    "dam": "infrastructure", "line": "infrastructure", "railway": "infrastructure", "airport": "infrastructure",
    "bank": "business", "store": "business", "shop": "business", "restaurant": "business", "bar": "business",
    "factory": "business", "company": "business", "market": "business", "warehouse": "business",
    "farm": "business", "estate": "business", "club": "business", "nightclub": "business",
    "church": "religious", "mosque": "religious", "temple": "religious", "synagogue": "religious",
    "school": "education", "university": "education", "college": "education", "campus": "education",
    "bus": "other", "vehicle": "other", "car": "other", "truck": "other", "jeep": "other",
    "house": "civilians", "home": "civilians", "residence": "civilians", "apartment": "civilians",
    "building": "other", "jail": "government", "prison": "government", "courthouse": "government",
    "newspaper": "media", "radio": "media", "television": "media", "facility": "other", "facilities": "other",
    "installation": "infrastructure", "hospital": "other", "party": "government", "town hall": "government",
    "city hall": "government", "municipality": "government", "service": "government",
}

# Weapon words: lemma -> type; "event" words (explosion, gunfire) only stand in for a weapon
# when no concrete weapon of that type is named.
WEAPONS: dict[str, str] = {
    "gun": "firearms", "handgun": "firearms", "pistol": "firearms", "rifle": "firearms",
    "shotgun": "firearms", "revolver": "firearms", "firearm": "firearms", "machinegun": "firearms",
    "machine gun": "firearms", "submachinegun": "firearms", "ak-47": "firearms", "assault rifle": "firearms",
    "m-16": "firearms", "uzi": "firearms", "carbine": "firearms", "weapon": "firearms",
    "bomb": "explosives", "explosive": "explosives", "explosives": "explosives", "dynamite": "explosives",
    "grenade": "explosives", "ied": "explosives", "mine": "explosives", "landmine": "explosives",
    "car bomb": "explosives", "suicide vest": "explosives", "mortar": "explosives", "rocket": "explosives",
    "missile": "explosives", "bazooka": "explosives", "device": "explosives", "charge": "explosives",
    "knife": "melee", "machete": "melee", "axe": "melee", "bat": "melee", "sword": "melee",
    "molotov cocktail": "incendiary", "gasoline": "incendiary", "petrol bomb": "incendiary",
    "firebomb": "incendiary", "incendiary": "incendiary",
}
WEAPON_EVENTS: dict[str, str] = {
    "explosion": "explosives", "blast": "explosives", "gunfire": "firearms", "gun battle": "firearms",
    "gunbattle": "firearms", "gunshot": "firearms", "shots": "firearms",
}

# Armed groups that spaCy's small model often misses or mistypes; extended by ORG entities.
KNOWN_GROUPS = {
    "taliban", "al-qaeda", "al qaeda", "al-qaida", "islamic state", "isis", "isil", "daesh",
    "boko haram", "al-shabaab", "al shabaab", "hezbollah", "hamas", "fmln", "shining path",
    "sendero luminoso", "farc", "eln", "urng", "m-19", "contras", "haqqani network",
    "lashkar-e-taiba", "tehrik-i-taliban", "ttp", "aqap", "aqim", "ira", "eta", "pkk",
    "manuel rodriguez patriotic front", "fpmr", "mrta", "tupac amaru", "farabundo marti national liberation front",
    "medellin cartel", "extraditables", "death squads", "ms-13", "bloods", "crips",
    "tupac amaru revolutionary movement", "people's revolutionary army", "erp",
    "revolutionary armed forces of colombia", "national liberation army", "april 19 movement",
    "popular liberation army", "epl", "cinchoneros", "lautaro youth movement",
}

CLAIM_PATTERNS = (
    "claimed responsibility", "claims responsibility", "claim responsibility", "claimed credit",
    "took responsibility", "claimed the attack", "claimed the bombing", "claiming responsibility",
    "claimed the killing", "assumed responsibility", "said it carried out", "claimed that it",
)
DENIAL_PATTERNS = ("denied responsibility", "denied involvement", "denies responsibility", "denied any role")
SPEAKER_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "commander", "leader", "official", "chief"}
