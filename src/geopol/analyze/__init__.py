"""Analysis over relation records: dyads, the signed network, drivers and exports.

Everything here takes iterables of records (``Relation``, ``Event``, ``Actor``) — the store hands
them over — and returns typed results with a ``to_dict()``:

    >>> from geopol.analyze import dyads, signed_network, blocs, brokers, drivers
    >>> pairs = dyads(relations, actors, level="state")
    >>> graph = signed_network(relations, actors, since="2023")
"""

from __future__ import annotations

import importlib
from typing import Any

# ``dyads`` and ``drivers`` are both modules and functions: importing the functions here, first,
# makes the package attribute the function for good (a later ``import geopol.analyze.dyads``
# does not rebind it).
from geopol.analyze.drivers import Driver, drivers
from geopol.analyze.dyads import DyadChange, changes, dyad, dyads, timeline

# The rest is imported on first use: networkx and pyarrow are slow to import, and a caller
# that only wants dyads should not pay for them.
_HOMES = {
    "export_gdelt": "export", "export_gexf": "export", "export_graphml": "export",
    "export_parquet": "export", "export_plover": "export", "gdelt_rows": "export",
    "read_relations_parquet": "export",
    "Balance": "network", "Bloc": "network", "Broker": "network", "blocs": "network",
    "brokers": "network", "network_dict": "network", "signed_network": "network",
    "structural_balance": "network", "describe_network": "network", "export_to": "export",
    "FORMATS": "export",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'geopol.analyze' has no attribute {name!r}")
    return getattr(importlib.import_module(f"geopol.analyze.{home}"), name)


__all__ = [
    "FORMATS",
    "Balance",
    "Bloc",
    "Broker",
    "Driver",
    "DyadChange",
    "blocs",
    "brokers",
    "changes",
    "describe_network",
    "drivers",
    "dyad",
    "dyads",
    "export_gdelt",
    "export_gexf",
    "export_graphml",
    "export_parquet",
    "export_plover",
    "export_to",
    "gdelt_rows",
    "network_dict",
    "read_relations_parquet",
    "signed_network",
    "structural_balance",
    "timeline",
]
