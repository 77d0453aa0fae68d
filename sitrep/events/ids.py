"""Stable event ids.

An event's id is derived from its founding record: the first of its records in a fixed order (first published,
then article id, place in the article and record id). A later article joining the event leaves its founding
record, and so its id, as it was; a rebuild from the same records finds the same founders and the same ids."""

from __future__ import annotations

import hashlib

from sitrep.events.keys import Keys

PREFIX = "ev-"


def event_id(founder: Keys) -> str:
    return PREFIX + hashlib.sha256(founder.record_id.encode("utf-8")).hexdigest()[:16]
