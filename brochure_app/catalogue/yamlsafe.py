"""Bounded, located YAML: no aliases (no alias bombs), no tags beyond the safe ones, limited size, depth and count
of values (PyYAML builds each node in Python: 60,000 values take seconds; the largest bundled file has 450).

Returns both the plain Python data and the node tree, so a validation error's path can be turned into the
line of the file where the offending value stands.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 20
MAX_NODES = 10_000


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and deep nesting."""

    def compose_node(self, parent, index):  # noqa: D401 - yaml's own signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(event.start_mark.line + 1, "YAML aliases are not allowed in content files")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(event.start_mark.line + 1, "YAML anchors are not allowed in content files")
        self._nodes = getattr(self, "_nodes", 0) + 1
        if self._nodes > MAX_NODES:
            raise YamlProblem(event.start_mark.line + 1,
                              f"more than {MAX_NODES:,} values; content files are far smaller")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(event.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CLoader = getattr(yaml, "CSafeLoader", None)   # libyaml: about ten times faster than the pure-Python parser


def _check_events(text: str, max_nodes: int = MAX_NODES) -> None:
    """The same limits as _Loader, checked over libyaml's event stream before anything is built from it."""
    loader = _CLoader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(line, "YAML aliases are not allowed in content files")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if event.anchor is not None:
                    raise YamlProblem(line, "YAML anchors are not allowed in content files")
                nodes += 1
                if nodes > max_nodes:
                    raise YamlProblem(line, f"more than {max_nodes:,} values; content files are far smaller")
                if depth + 1 > MAX_DEPTH:
                    raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def load(text: str, first_line: int = 1, max_nodes: int = MAX_NODES) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document. Line numbers in errors are shifted so that line 1 of text is first_line."""
    if _CLoader is not None:
        loader = None
        try:
            _check_events(text, max_nodes)   # limits first; then libyaml composes the (known to be small) tree
            loader = _CLoader(text)
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else None), node
        except YamlProblem as exc:
            raise YamlProblem(exc.line + first_line - 1, exc.message) from None
        except yaml.YAMLError:
            pass   # a broken file: the pure-Python parser below words and locates the error more precisely
        finally:
            if loader is not None:
                loader.dispose()
    return _load_python(text, first_line)


def _load_python(text: str, first_line: int) -> tuple[Any, yaml.Node | None]:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YamlProblem as exc:
        raise YamlProblem(exc.line + first_line - 1, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
        line = (mark.line + 1) if mark else 1
        if "<stream end>" in (exc.problem or ""):
            line = min(line, len(text.rstrip().splitlines()) or 1)  # point at the last written line
        msg = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise YamlProblem(line + first_line - 1, f"invalid YAML: {msg}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(first_line, "YAML nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, path: tuple, first_line: int = 1, aliases: dict[str, str] | None = None) -> int:
    """The file line of the value at path (a validation error location) inside node; the closest parent if absent."""
    aliases = aliases or {}
    best = node
    current = node
    for key in path:
        if current is None:
            break
        nxt = None
        if isinstance(current, yaml.MappingNode) and isinstance(key, str):
            wanted = aliases.get(key, key)
            for k_node, v_node in current.value:
                if getattr(k_node, "value", None) == wanted:
                    nxt = v_node
                    best = k_node
                    break
            if nxt is None:
                break
        elif isinstance(current, yaml.SequenceNode) and isinstance(key, int):
            if 0 <= key < len(current.value):
                nxt = current.value[key]
            else:
                break
        else:
            # A path step the loader added (a single mapping treated as a one-item list): stay here.
            continue
        current = nxt
        best = current if current is not None else best
    if best is None:
        return first_line
    return best.start_mark.line + first_line
