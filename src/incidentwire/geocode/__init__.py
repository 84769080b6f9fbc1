"""Stage 4, geocode: place mentions -> GeoNames places; incident -> its location.

Interface (the rest of the pipeline uses only this):

    geocoder = Geocoder(countries=("AF",))          # optional country bias
    places = geocoder.places(parsed)                # every place mention of the article, resolved
    location = geocoder.locate(parsed, incident, places)   # where the incident happened
"""

# PLACEHOLDER until the geocode stage lands: resolves nothing.
from incidentwire.models import Incident, Location, Place  # noqa: E402


class Geocoder:
    def __init__(self, *, countries=(), gazetteer=None):
        self.countries = tuple(countries)

    def places(self, parsed) -> list[Place]:
        return []

    def locate(self, parsed, incident: Incident, places: list[Place]) -> Location:
        return Location()
