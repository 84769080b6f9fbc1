"""The state an outlet reports on, learned from where its gva_dev stories happened.

A host's own words often say nothing about its home: "palmbeachpost.com" does ("palm beach"), but
"ajc.com", "wtae.com" or "nbc-2.com" do not. When a story names a town that several states have
("Mount Pleasant", "Franklin County") or no place at all, the outlet's home state decides
(`outlet.in_outlet_state`, `outlet.stated_state`), and the incident-place model weighs a place in
that state ("outlet_state"). The table ("outlet_states" model, `scripts/train_outlet_states.py`)
maps a host to the state most of its gva_dev incidents are in, kept only when at least
`MIN_ARTICLES` articles agree and they are `MIN_SHARE` of the host's. Like every learned model it
has one table per cross-validation fold (an article of fold k is read with the table that never
saw fold k), and `learned.rules_only()` switches it off. Shipped as a LinearModel whose weights
are keyed "<host>|<admin1 code>" with the number of articles as the value.

The city table ("outlet_cities") does the same for the town most of a host's stories are in
("chicago.suntimes.com" is Chicago's, "mysanantonio.com" San Antonio's), kept at `CITY_MIN_ARTICLES`
and `CITY_MIN_SHARE`, keyed "<host>|<admin1 code>|<name key>". It reads a quarter the gazetteer
lacks ("Marquette Park", "Lake Highlands", "Bordeaux") as that city when the story is in its state
(`outlet.home_city`).
"""

from __future__ import annotations

import re

from incidentwire import learned
from incidentwire.geocode.url_places import strip_url

MODEL_NAME = "outlet_states"
MIN_ARTICLES = 2
MIN_SHARE = 0.6
CITY_MODEL_NAME = "outlet_cities"
CITY_MIN_ARTICLES = 2
CITY_MIN_SHARE = 0.5
# a host's labels that name no outlet: "www.ajc.com", "m.wsmv.com" and "ajc.com" are one outlet
_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp|beta|origin)\.")

_tables: dict[int, dict[str, str]] = {}  # id(model) -> {host: the rest of the key}; models are loaded once


def outlet_host(url: str | None) -> str:
    """The outlet's host as the table keys it: lower case, no port, no "www." or "m."."""
    host, _ = strip_url(url)
    while (shorter := _PREFIX.sub("", host)) != host and "." in shorter:
        host = shorter
    return host


def _lookup(model_name: str, url: str | None) -> str | None:
    """The rest of the key ("US.FL", "US.IL|chicago") of the outlet of `url` in a host table."""
    model = learned.model(model_name)
    host = outlet_host(url)
    if model is None or not host:
        return None
    table = _tables.get(id(model))
    if table is None:
        table = _tables[id(model)] = dict(k.split("|", 1) for k in model.weights)  # type: ignore[misc]
    return table.get(host)


def home_state(url: str | None) -> str | None:
    """The admin1 code ("US.FL") of the state the outlet of `url` reports on; None when the outlet
    is not in the table (or no model is loaded)."""
    return _lookup(MODEL_NAME, url)


def home_city(url: str | None) -> tuple[str, str] | None:
    """(admin1 code, name key) of the town most of the outlet's stories are in ("US.IL",
    "chicago"); None when the outlet is not in the city table."""
    found = _lookup(CITY_MODEL_NAME, url)
    if found is None:
        return None
    state, name = found.split("|", 1)
    return state, name
