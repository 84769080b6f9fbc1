"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from incidentwire.geocode import Geocoder


@pytest.fixture(scope="session", autouse=True)
def incidentwire_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One cache dir (gazetteer index, ...) for the whole session, kept across sessions in
    pytest's temp root so the index is built once; an existing INCIDENTWIRE_CACHE_DIR wins."""
    previous = os.environ.get("INCIDENTWIRE_CACHE_DIR")
    path = previous or str(tmp_path_factory.getbasetemp().parent / "incidentwire-cache")
    os.makedirs(path, exist_ok=True)
    os.environ["INCIDENTWIRE_CACHE_DIR"] = path
    yield path
    if previous is None:
        os.environ.pop("INCIDENTWIRE_CACHE_DIR", None)


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    """The geocoder on the bundled gazetteer, one per test module (its index is built once per session)."""
    return Geocoder()
