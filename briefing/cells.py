"""Cells of the fact tables: list fields hold several ids separated by ``|``."""

from __future__ import annotations

import pandas as pd

#: Separator of list fields (participants, places, domains, …).
LIST_SEP = "|"


def split_list(value: object) -> list[str]:
    """Split a ``|``-separated list cell into its items (empty cell -> empty list)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return []
    return [item.strip() for item in str(value).split(LIST_SEP) if item.strip()]
