"""Stage 5, link: which extracted reports tell the same real-world incident.

Pure functions, no database: `ids` gives stable ids within an article; `signature` condenses a
report into what linking compares; `features` and `model` score a pair of reports (and explain
the score); `cluster` turns scored pairs and analysts' decisions into incidents; `reconcile`
builds one record from the reports of an incident, keeping what every source said. The store
(`incidentwire.store.linking`) finds candidates in the database and calls these.
"""

from incidentwire.link.cluster import cluster_reports
from incidentwire.link.features import pair_features
from incidentwire.link.ids import assign_ids, incident_id
from incidentwire.link.model import LinkModel, load_model
from incidentwire.link.reconcile import reconcile
from incidentwire.link.signature import Signature, signature

__all__ = ["LinkModel", "Signature", "assign_ids", "cluster_reports", "incident_id", "load_model",
           "pair_features", "reconcile", "signature"]
