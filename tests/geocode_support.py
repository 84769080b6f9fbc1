"""The places the geocoder finds in a plain text, for the geocoding tests."""

from __future__ import annotations

from incidentwire.geocode import Geocoder
from incidentwire.models import Article, Place
from incidentwire.nlp import default_pipeline


def places(geocoder: Geocoder, text: str) -> list[Place]:
    return geocoder.places(default_pipeline().parse(Article(id="t", text=text)))
