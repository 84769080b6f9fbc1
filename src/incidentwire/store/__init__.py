"""Storage of articles and incidents through SQLAlchemy: SQLite by default, any URL works.

    store = Store("sqlite:///incidentwire.db")      # or $INCIDENTWIRE_DB, or PostgreSQL
    store.known(article); store.save(result)        # one transaction per article
    store.incidents(since="2013-01-01", country="AF")

See `schema` for the tables, `linking` for cross-article linking, `decisions` for analysts'
merges and splits, `loader` for ingest.
"""

from incidentwire.store.decisions import DecisionError, Explanation
from incidentwire.store.loader import IngestSummary, ingest
from incidentwire.store.store import DEFAULT_URL, ENV_VAR, Counts, Saved, Store, StoreError, Tally, default_url

__all__ = ["DEFAULT_URL", "ENV_VAR", "Counts", "DecisionError", "Explanation", "IngestSummary", "Saved", "Store",
           "StoreError", "Tally", "default_url", "ingest"]
