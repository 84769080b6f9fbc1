"""GTD-like CSV: the Global Terrorism Database's column names and codebook labels (docs/EXPORTS.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from incidentwire.export._crosswalk import JOIN
from incidentwire.models import StoredIncident

NAME = "gtd"
HELP = "GTD-like CSV (iyear, imonth, iday, attacktype1_txt, gname, nkill, ...)"

COLUMNS = ["eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city", "latitude",
           "longitude", "specificity", "summary", "suicide", "attacktype1_txt", "targtype1_txt", "target1",
           "gname", "gname2", "claimed", "claimmode_txt", "compclaim", "weaptype1_txt", "weapdetail", "nkill",
           "nwound", "scite1", "scite2", "scite3", "dbsource"]

ATTACK_TYPES = {"bombing": "Bombing/Explosion", "armed_assault": "Armed Assault", "armed_clash": "Armed Assault",
                "kidnapping": "Hostage Taking (Kidnapping)", "arson": "Facility/Infrastructure Attack",
                "remote_violence": "Unknown", "robbery": "Unknown", "other": "Unknown"}
SUBCATEGORY_ATTACKS = {"assassination": "Assassination", "hostage_taking": "Hostage Taking (Barricade Incident)"}
TARGET_TYPES = {"government": "Government (General)", "military": "Military", "police": "Police",
                "civilians": "Private Citizens & Property", "business": "Business",
                "religious": "Religious Figures/Institutions", "education": "Educational Institution",
                "infrastructure": "Utilities", "diplomatic": "Government (Diplomatic)",
                "media": "Journalists & Media", "other": "Other"}
WEAPON_TYPES = {"explosives": "Explosives", "firearms": "Firearms", "incendiary": "Incendiary", "melee": "Melee",
                "vehicle": "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
                "chemical": "Chemical", "other": "Other"}
SPECIFICITY = {"exact": 1, "city": 1, "admin2": 3, "admin1": 4, "country": 5}


def _claim_mode(channel: str | None) -> str:
    """GTD's claimmode_txt for a claim's channel."""
    c = (channel or "").lower()
    for words, mode in ((("phone", "telephone"), "Call (post-incident)"), (("e-mail", "email"), "E-mail"),
                        (("video",), "Video"), (("letter", "leaflet", "communiqu", "statement"), "Letter"),
                        (("website", "web site", "telegram", "twitter", "facebook", "whatsapp", "social media",
                          "youtube", "news agency", "amaq"), "Posted to website, blog, etc.")):
        if any(w in c for w in words):
            return mode
    return "Unknown" if not c else "Other"


def row(incident: StoredIncident) -> dict[str, Any]:
    value, precision = incident.date.value, incident.date.precision
    year = month = day = None
    if value:
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
        if precision == "year":
            month, day = 0, 0  # GTD codes an unknown month or day as 0
        elif precision in ("month", "week"):
            day = 0
    loc = incident.location
    urls = [s.url or s.article_id for s in incident.sources]
    perpetrators = [p.name for p in incident.perpetrators]
    made = [c for c in incident.claims if c.status != "denied"]
    claimed = any(p.claimed for p in incident.perpetrators) or bool(made)
    competing = len({(c.claimant or "").lower() for c in made}) > 1
    target = incident.targets[0] if incident.targets else None
    weapon = incident.weapons[0] if incident.weapons else None
    return {
        "eventid": incident.id, "iyear": year, "imonth": month, "iday": day,
        "approxdate": incident.date.text if precision not in (None, "day") else "",
        "country_txt": loc.country, "provstate": loc.admin1, "city": loc.name, "latitude": loc.lat,
        "longitude": loc.lon, "specificity": SPECIFICITY.get(loc.precision or ""), "summary": incident.summary,
        "suicide": int(incident.subcategory == "suicide_bombing"),
        "attacktype1_txt": SUBCATEGORY_ATTACKS.get(incident.subcategory or "", ATTACK_TYPES[incident.category]),
        "targtype1_txt": TARGET_TYPES[target.type] if target else "Unknown", "target1": target.text if target else "",
        "gname": perpetrators[0] if perpetrators else "Unknown",
        "gname2": perpetrators[1] if len(perpetrators) > 1 else "",
        "claimed": int(claimed), "claimmode_txt": _claim_mode(made[0].channel if made else None) if claimed else "",
        "compclaim": int(competing) if claimed else "",
        "weaptype1_txt": WEAPON_TYPES[weapon.type] if weapon else "Unknown",
        "weapdetail": JOIN.join(w.text for w in incident.weapons), "nkill": incident.killed.best,
        "nwound": incident.wounded.best, "scite1": urls[0] if urls else "", "scite2": urls[1] if len(urls) > 1 else "",
        "scite3": urls[2] if len(urls) > 2 else "", "dbsource": "incidentwire",
    }


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    sheet = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    sheet.writeheader()
    for incident in incidents:
        sheet.writerow(row(incident))
