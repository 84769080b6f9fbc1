"""`python -m incidentwire.geocode`: prebuild the gazetteer index (what `make install` runs)."""

from incidentwire.geocode.build import main

main()
