"""A short word in capitals in mixed-case news is an acronym or a station ("TSU", "SWAT",
"FOX 4", "NYE"), not a namesake town abroad; abbreviations of countries and regions, datelines
and upper-case wire copy keep their places."""

from __future__ import annotations

from geocode_support import places
from incidentwire.geocode import Geocoder
from incidentwire.geocode.shapes import shouted_acronym


def test_acronyms_are_no_places(geocoder: Geocoder) -> None:
    found = places(geocoder, "Man shot during dice game at TSU\n\nNASHVILLE, Tenn. (WKRN) - A SWAT officer told "
                             "FOX 4 that the NYE party ended when shots were fired near the campus in Nashville.")
    texts = {p.text for p in found}
    assert not texts & {"TSU", "SWAT", "FOX", "NYE"}
    assert not any(p.country_code in ("JP", "PK") for p in found)  # Tsu, Mie and Swat, Khyber Pakhtunkhwa
    assert {"NASHVILLE", "Nashville"} <= texts


def test_abbreviations_and_datelines_stay_places(geocoder: Geocoder) -> None:
    found = places(geocoder, "GARY | A man was shot at a bar in Gary, Ind., police said.\n\nHealth workers from "
                             "the US and NYC flew to the DRC.")
    resolved = {p.text: (p.name, p.country_code) for p in found}
    assert resolved["GARY"] == ("Gary", "US")
    assert resolved["US"][1] == "US"
    assert resolved["DRC"][1] == "CD"
    assert resolved["NYC"][1] == "US"


def test_upper_case_wire_copy_keeps_its_short_names(geocoder: Geocoder) -> None:
    found = places(geocoder, "LIMA, 3 JAN 90 -- TERRORISTS ATTACKED A POLICE STATION IN ICA, PERU, TODAY.")
    assert any(p.text == "ICA" and p.country_code == "PE" for p in found)


def test_the_shape_of_a_shouted_acronym() -> None:
    text = "KENT, Wash. -- A SWAT team was called.\nKPD: man shot"
    assert not shouted_acronym(text, 0, 4)  # a dateline
    assert shouted_acronym(text, text.index("SWAT"), text.index("SWAT") + 4)
    assert shouted_acronym(text, text.index("KPD"), text.index("KPD") + 3)  # a headline's source, not a dateline
    assert not shouted_acronym(text, text.index("Wash"), text.index("Wash") + 4)
