"""Incidents: cross-outlet clustering, merged facts, the alert lifecycle, severity and profiles.

The Faust worker keys relevant reports with :meth:`IncidentEngine.cluster_key` and folds each into
the table value of that key with :meth:`IncidentEngine.observe`, publishing the alerts it returns::

    engine = IncidentEngine.from_file(settings.profile_file)   # None: packaged default profile
    key = engine.cluster_key(item, analysis)
    state, alerts = engine.observe(table.get(key), item, analysis)
    table[key] = state

How reports are joined, when an update is published and how state stays bounded:
:mod:`monitor.incidents.engine`. The severity rule table and the watch profile format:
:mod:`monitor.incidents.profiles` (``profiles/default.yaml`` is the built-in file).
"""

from monitor.incidents.engine import STATE_VERSION, ClusterConfig, IncidentEngine
from monitor.incidents.profiles import (
    Profile,
    ProfileFileError,
    ProfileSet,
    SeverityRule,
    load_default_profiles,
    load_profiles,
)
from monitor.incidents.summary import summary_en

__all__ = [
    "STATE_VERSION",
    "ClusterConfig",
    "IncidentEngine",
    "Profile",
    "ProfileFileError",
    "ProfileSet",
    "SeverityRule",
    "load_default_profiles",
    "load_profiles",
    "summary_en",
]
