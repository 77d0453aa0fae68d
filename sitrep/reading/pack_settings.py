"""A pack's settings (a value, not word forms) by their dotted names: "word_order.adjectives_after" is read
whether the pack writes it as a dotted key beside word kinds or in a table of settings of its own
(`[word_order]` with `adjectives_after = true`), which the pack reader keeps whole as a plain table."""

from __future__ import annotations

from sitrep.reading.pack import Pack


def setting(pack: Pack, name: str, default: object = None) -> object:
    """The value of the setting `name` in the pack, else `default`."""
    if name in pack.entries:
        return pack.entries[name]
    table, _, leaf = name.rpartition(".")
    values = pack.entries.get(table)
    if isinstance(values, dict) and leaf in values:
        return values[leaf]
    return default


def enabled(pack: Pack, name: str) -> bool:
    """Whether the pack turns the setting on (`true`)."""
    return setting(pack, name) is True
