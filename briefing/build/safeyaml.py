"""Reading YAML that may be hostile: parameter files and ``-p`` values.

PyYAML's ``safe_load`` builds no objects, but it still expands aliases (a "billion laughs"
document takes minutes and gigabytes), lets a duplicate key silently win, and raises plain
``ValueError`` for an impossible date. Here the size is capped before parsing, anchors and
aliases are refused, duplicate keys are an error, and every failure is a
:class:`YamlError` with the line.
"""

from __future__ import annotations

import yaml

#: Larger parameter files are refused before parsing.
MAX_BYTES = 64 * 1024


class YamlError(ValueError):
    """The text is not YAML a parameter set may hold; the message says where."""


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors, aliases and duplicate keys."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlError(f"line {mark.line + 1}: anchors and aliases (&, *) are not "
                            "allowed in a parameter file")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlError(f"line {key_node.start_mark.line + 1}: a key must be a plain "
                                "value") from None
            if key in seen:
                raise YamlError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r} "
                                f"(first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def load(text: str | bytes, what: str = "YAML"):
    """Parse one YAML document strictly.

    Parameters
    ----------
    text
        The document; bytes must be UTF-8.
    what
        How to name the document in messages (a file name, ``-p as_of=…``).

    Raises
    ------
    YamlError
        Too large, not UTF-8, not YAML, an alias, a duplicate key or an impossible value.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise YamlError(f"{what}: {len(text):,} bytes; a parameter file holds at most "
                            f"{MAX_BYTES:,}")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text[: exc.start].count(b"\n") + 1
            raise YamlError(f"{what}: line {line}: not UTF-8 (byte 0x{text[exc.start]:02x}); "
                            "save the file as UTF-8") from None
    if len(text) > MAX_BYTES:
        raise YamlError(f"{what}: {len(text):,} characters; at most {MAX_BYTES:,}")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except YamlError as exc:
        raise YamlError(f"{what}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"{what}: {where}not valid YAML: {problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. 2021-02-30
        raise YamlError(f"{what}: {exc}") from None
