"""The words and phrasings `casualty_choice` looks for around an incident's figures: cues of a
death or an injury, of a gunman who died (by his own hand or the police's), of everyone hit, of a
figure that already counts the gunman or updates an earlier one. Kept apart from the choice so
each reads on its own."""

from __future__ import annotations

import re

from incidentwire.extractors.numbers import NUMBER

DEATH_CUE = re.compile(r"\b(?:killed|kills?|dead|died|dies|death|deaths|slain|slaying|fatal(?:ly)?|murder(?:ed|s)?|"
                       r"homicides?|deceased|succumbed|took the lives?|lost (?:his|her|their) lives?|funeral|vigil|deadly|"
                       r"(?:took|takes|taking) (?:his |her |their )?own li(?:fe|ves)|"
                       r"manslaughter|body|bodies|medical examiner|coroner)\b", re.I)
WOUND_CUE = re.compile(r"\b(?:wounded|wounds?|injured|injur(?:y|ies)|hospitali[sz]ed|hospital|condition|treated|"
                       r"grazed|recover(?:ing)?|surgery|non-life|life-threatening|stable|shot in the|hurt)\b", re.I)
# one person, by the noun a report gives a victim it does not name
ONE_PERSON = (r"(?:man|woman|boy|girl|teen|teenager|juvenile|child|baby|toddler|infant|father|mother|dad|mom|son|"
              r"daughter|brother|sister|husband|wife|girlfriend|boyfriend|grandmother|grandfather|grandson|"
              r"granddaughter|stepfather|stepmother|stepson|stepdaughter|uncle|aunt|cousin|nephew|niece|friend|"
              r"neighbor|officer|deputy|trooper|student|resident|clerk|driver|passenger|worker|employee|fiancee?|"
              r"roommate|(?:\d+|[a-z]+)-year-old)")
# "Teenager Shot In Duquesne", "a man was shot in the arm": a person hit, though "shot" alone is no cue
ONE_SHOT = re.compile(rf"\b{ONE_PERSON}\s+(?:(?:was|is|has been|gets|got)\s+)?shot\b"
                      r"(?!\s+(?:dead|and killed|to death|and fatally))", re.I)
_SELF = r"(?:him|her|them)sel(?:f|ves)"
SUICIDE_CUE = re.compile(rf"\b(?:turn(?:ed|ing|s)? the (?:gun|weapon|rifle|shotgun|handgun) on {_SELF}|took (?:his|her|their) own lives?|killed {_SELF}|"
                         rf"killing {_SELF}|(?:fatally|then) (?:shot|shooting) {_SELF}|shot and killed {_SELF}|"
                         rf"(?:before|then|and then|after|later) (?:shot|shooting|shoots|killed|killing|kills) {_SELF}|"
                         rf"(?:killed|shot)\b[^.;]{{0,60}}(?:, |and |then ){_SELF}|"
                         r"committed suicide|murder-suicide|murder/suicide|self-inflicted|apparent suicide)\b", re.I)
# the perpetrator killed by police: GVA counts him among the dead too
PERP_KILLED_CUE = re.compile(r"\b(?:(?:police|officers?|deputies|deputy|troopers?|agents?)\s+(?:shot and killed|fatally shot|"
                             r"shot|killed)\s+(?:him|the (?:gunman|suspect|shooter|attacker))|"
                             r"(?:gunman|suspect|shooter) (?:was|were) (?:shot and )?killed by (?:police|officers?|deputies)|"
                             r"(?:hitting|striking|shooting) and killing (?:him|the (?:gunman|suspect|shooter))|"
                             r"(?:gunman|suspect|shooter) (?:was|were) (?:fatally shot|shot and killed|shot dead|killed)|"
                             r"(?:gunman|suspect|shooter),? who (?:was|were) (?:fatally shot|shot and killed|killed)|"
                             r"(?:shot and killed|fatally shot|killed) by (?:a |an |the )?(?:police|officers?|deputies|deputy|"
                             r"troopers?|swat|sniper|marksman)|"
                             r"(?:swat|sniper|marksman|an officer|a deputy|a trooper) (?:shot and killed|fatally shot|killed) "
                             r"(?:him|the (?:gunman|suspect|shooter|attacker)|(?-i:[A-Z][a-z]+)(?=[.,;]| from| with| as| after))|"
                             r"died in (?:a |the )?(?:gun ?battle|shoot-?out|exchange of gunfire) with)\b",
                             re.I)
# number phrases that count everyone hit, dead or alive ("striking six", "three victims")
HIT = [re.compile(rf"\b(?:striking|hitting|shooting|wounding)\s+{NUMBER}(?!\s*(?:times|rounds|shots|bullets))", re.I),
       re.compile(rf"{NUMBER}\s+(?:gunshot\s+|shooting\s+)?victims\b", re.I)]
# a word each HIT pattern cannot match without (lower case): a cheap test before the long scan
HIT_NEEDS = [("striking", "hitting", "shooting", "wounding"), ("victims",)]
KILLED_CUE_WORDS = ("killed", "dead", "died", "dies", "death", "slain", "fatal", "fatally", "murder", "homicide", "body",
                 "vigil", "funeral", "deceased", "succumbed", "coroner", "critical", "hospital", "injured", "wounded",
                 "recover", "charged", "arrested", "accidentally", "himself", "herself", "suspect", "police",
                 "attempted", "survived", "non-life", "stable")
WOUNDED_CUE_WORDS = ("wounded", "injured", "injuries", "hospital", "hospitalized", "condition", "critical", "stable",
                  "treated", "recover", "grazed", "surgery", "non-life", "life-threatening", "killed", "dead", "died",
                  "death", "fatal", "murder", "homicide", "accidentally", "himself", "herself", "leg", "arm", "shot")
ACCIDENT_CUE = re.compile(r"\baccident(?:al|ally)?\b|\bshot (?:him|her)self\b", re.I)
SHOT_DEAD = re.compile(r"\s*(?:and (?:killed|died)|dead|to death)\b", re.I)
LATER_DIED = re.compile(r"\bof (?:the|those) (?:wounded|injured|victims)\b[^.;]{0,30}\b(?:later|since|subsequently) "
                        r"(?:died|succumbed)\b|\blater died\b", re.I)
# "seven people, including the shooter, were killed": the figure already counts the gunman
INCLUDING_PERP = re.compile(r"\b(?:including|among them|among those|as well as|and) the (?:gunman|shooter|suspect|attacker)\b",
                            re.I)
LATER_CUE = re.compile(r"\b(?:rose to|risen to|climbed to|increased to|now|total|in all|altogether|death toll)\b", re.I)
HOMICIDE_MULTI = re.compile(r"\b(?P<n>double|triple|quadruple)\s+(?:homicide|murder)", re.I)
MULTIPLE = {"double": 2, "triple": 3, "quadruple": 4}
# someone else hit besides the victim the story is about: "his stepfather was also shot", "a second man was wounded"
ALSO_HIT = re.compile(r"\b(?:was|were) also (?:shot|wounded|injured|hit|struck|grazed|hurt)\b|"
                      r"\b(?:another|a second|a third|two other|three other) (?:[\w\-]+ ){0,3}?(?:was|were) "
                      r"(?:also )?(?:shot|wounded|injured|hit|struck|grazed|hurt)\b", re.I)
