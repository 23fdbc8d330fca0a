"""The one YAML loader of datasets: safe, strict and bounded.

A :class:`SafeLoader` with libyaml's parser where it is installed (the events come
from C; composing and constructing stay in Python, so the checks below hold on either
parser):

- a key given twice in one mapping is refused (the last one would win silently);
- aliases are expanded only so far: the document, counted with every alias expanded,
  may hold at most :data:`MAX_NODES` nodes (a "billion laughs" through ``children:``
  would otherwise be walked exponentially by validation);
- nesting is at most :data:`MAX_DEPTH` deep, integers at most :data:`MAX_INT_DIGITS`
  digits, and a float must be finite (``.nan``, ``.inf`` and ``1e400`` are refused).

Every refusal is a :class:`yaml.MarkedYAMLError` whose mark gives the line.

With libyaml, :func:`load` first lets C compose the node tree (aliases become shared
nodes, so even a bomb composes in linear time) and checks the depth and the expanded
size on that tree; a document within bounds is constructed from it by the same strict
constructor. A document that fails anything there is read again by the composer above,
so every refusal, its words and its mark are the ones that composer gives.

:func:`load_data`, which reads a dataset's files, needs no node tree (line numbers are
found later, only for a problem): with libyaml it builds the values straight from the
parser's events, one scalar at a time, by the same resolver and the same strict
constructors. Whatever it does not handle itself (an anchor or alias, an explicit tag,
a merge key, a key given twice or a key that is not a scalar, nesting near the limits,
anything refused) makes it hand the text to :func:`load`, so the data and every refusal
are exactly :func:`load`'s. At 1,000 KPIs the node tree of ``kpis.yaml`` held 34 MiB and
composing, checking and constructing it took twice as long.
"""

from __future__ import annotations

import math
from typing import Any

from yaml import YAMLError
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

_CParser: Any
try:  # libyaml's parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None

MAX_NODES = 1_000_000  # nodes of a document with every alias expanded
MAX_DEPTH = 100  # nested mappings and lists
MAX_INT_DIGITS = 30  # far more than any yen amount; Python refuses 4,300 with a traceback

_MERGE = "tag:yaml.org,2002:merge"


class _BoundedComposer(Composer):
    """Composes the node tree, counting depth and the size with aliases expanded."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) → nodes under it, aliases expanded
        self._expanded = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            node = super().compose_node(parent, index)
            assert node is not None
            self._grow(self._sizes.get(id(node), 1) - 1, node)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[attr-defined]
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        node = super().compose_node(parent, index)
        assert node is not None
        self._depth -= 1
        if isinstance(node, SequenceNode):
            size = 1 + sum(self._sizes.get(id(ch), 1) for ch in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(
                self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value
            )
        else:
            size = 1
        self._sizes[id(node)] = size
        self._grow(1, node)
        if size > MAX_NODES:
            self._refuse(node)
        return node

    def _grow(self, n: int, node: Node) -> None:
        self._expanded += n
        if self._expanded > MAX_NODES:
            self._refuse(node)

    def _refuse(self, node: Node) -> None:
        raise ComposerError(
            None,
            None,
            f"more than {MAX_NODES:,} values once its aliases are expanded "
            "(an alias bomb?); write the values out",
            node.start_mark,
        )


class _StrictConstructor(SafeConstructor):
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: the base class says so
                if first is not None:
                    raise ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f"the key {key!r} is given twice (first on line {first + 1})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_INT_DIGITS:
            raise ConstructorError(
                None,
                None,
                f"an integer of {digits:,} digits; at most {MAX_INT_DIGITS}",
                node.start_mark,
            )
        return int(super().construct_yaml_int(node))

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = float(super().construct_yaml_float(node))
        if not math.isfinite(value):
            raise ConstructorError(
                None,
                None,
                f"{node.value!r} is not a finite number; quote it to keep it as text",
                node.start_mark,
            )
        return value


_StrictConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int
)
_StrictConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:float", _StrictConstructor.construct_yaml_float
)


class _PythonLoader(_BoundedComposer, Reader, Scanner, Parser, _StrictConstructor, Resolver):
    """PyYAML's SafeLoader made strict and bounded, all in Python."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _BoundedComposer.__init__(self)
        _StrictConstructor.__init__(self)
        Resolver.__init__(self)


DatasetLoader: type[Any] = _PythonLoader
if _CParser is not None:

    class _LibyamlLoader(_BoundedComposer, _CParser, _StrictConstructor, Resolver):  # type: ignore[misc]
        """The same, on libyaml's parser: the events come from C, the checks stay."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _BoundedComposer.__init__(self)
            _StrictConstructor.__init__(self)
            Resolver.__init__(self)

    DatasetLoader = _LibyamlLoader


# Every loader this PyYAML can run, the pure Python one first (the tests use both).
LOADERS: tuple[type[Any], ...] = (
    (_PythonLoader,) if _CParser is None else (_PythonLoader, _LibyamlLoader)
)

_FastLoader: type[Any] | None = None
if _CParser is not None:

    class _CComposingLoader(_CParser, _StrictConstructor, Resolver):  # type: ignore[misc]
        """libyaml composes (in C); the strict constructor builds the values."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _StrictConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader = _CComposingLoader


class _NeedsComposer(Exception):
    """The document has what only the composer handles: :func:`load` reads it."""


_NO_KEY = object()  # a mapping's next event is a key, not a value
_STR = "tag:yaml.org,2002:str"
# The tags a plain scalar can resolve to that the strict constructor builds as a value;
# another (merge ``<<``, value ``=``) or an explicit tag needs the composer.
_VALUE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)

_EventLoader: type[Any] | None = None
if _CParser is not None:

    class _CEventLoader(_CParser, _StrictConstructor, Resolver):  # type: ignore[misc]
        """libyaml's events built into values by the strict constructors, no node tree."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _StrictConstructor.__init__(self)
            Resolver.__init__(self)

        def build(self) -> Any:
            """The document's data; :class:`_NeedsComposer` when it needs the composer."""
            get = self.get_event
            get()  # the stream's start
            if isinstance(get(), StreamEndEvent):  # else the document's start
                return None
            resolve: Any = self.resolve
            constructors = self.yaml_constructors
            tags: dict[tuple[str, tuple[bool, bool]], str] = {}  # resolved plain scalars
            # The open collections, innermost last: (collection, key waiting for its value).
            stack: list[tuple[dict[Any, Any] | list[Any], Any]] = []
            collection: dict[Any, Any] | list[Any] | None = None
            key: Any = _NO_KEY
            nodes = 0
            root: Any = None
            while True:
                event = get()
                kind = type(event)
                if kind is ScalarEvent:
                    nodes += 1
                    if event.anchor is not None or event.tag is not None or nodes >= MAX_NODES:
                        raise _NeedsComposer
                    memo = (event.value, event.implicit)
                    tag = tags.get(memo)
                    if tag is None:
                        tag = tags[memo] = resolve(ScalarNode, event.value, event.implicit)
                    if tag == _STR:
                        value: Any = event.value
                    elif tag in _VALUE_TAGS:
                        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                        value = constructors[tag](self, node)
                    else:
                        raise _NeedsComposer
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    if event.anchor is not None or event.tag is not None:
                        raise _NeedsComposer
                    nodes += 1
                    # This collection is len(stack) + 2 deep, its values one more.
                    if len(stack) + 3 > MAX_DEPTH or nodes >= MAX_NODES:
                        raise _NeedsComposer  # near a limit: the composer counts exactly
                    if collection is not None:
                        stack.append((collection, key))
                    collection = {} if kind is MappingStartEvent else []
                    key = _NO_KEY
                    continue
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    value = collection
                    if not stack:
                        root = value
                        collection = None
                        continue
                    collection, key = stack.pop()
                    if isinstance(collection, dict) and key is _NO_KEY:
                        raise _NeedsComposer  # a mapping or list as a key
                elif kind is DocumentEndEvent:
                    break
                else:  # an alias
                    raise _NeedsComposer
                if collection is None:
                    root = value
                elif isinstance(collection, list):
                    collection.append(value)
                elif key is _NO_KEY:
                    key = value
                elif key in collection:
                    raise _NeedsComposer  # given twice: the composer says where
                else:
                    collection[key] = value
                    key = _NO_KEY
            if not isinstance(get(), StreamEndEvent):
                raise _NeedsComposer  # a second document: the composer refuses it
            return root

    _EventLoader = _CEventLoader


def within_bounds(root: Node) -> bool:
    """Whether a composed tree passes the bounded composer's checks: nesting at most
    :data:`MAX_DEPTH`, at most :data:`MAX_NODES` nodes with every alias expanded.

    A node met again is an alias: it counts its whole size again but is not walked
    again, so the walk is linear in the distinct nodes. A recursive alias fails here
    and is left to the composer, which says what it is.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, closing = stack.pop()
        key = id(node)
        if closing:
            open_nodes.discard(key)
            if isinstance(node, MappingNode):
                size = 1 + sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
            else:
                size = 1 + sum(sizes[id(ch)] for ch in node.value)
            if size > MAX_NODES:
                return False
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes or depth > MAX_DEPTH:
            return False
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, depth, True))
        if isinstance(node, MappingNode):
            for k, v in reversed(node.value):
                stack.append((v, depth + 1, False))
                stack.append((k, depth + 1, False))
        else:
            for ch in reversed(node.value):
                stack.append((ch, depth + 1, False))
    return True


def load(text: str, loader_class: type[Any] | None = None) -> tuple[Any, Node | None]:
    """The document's data and its node tree (for line numbers); one parse when valid."""
    if loader_class is None and _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            if node is None:
                return None, None
            if within_bounds(node):
                return fast.construct_document(node), node
        except YAMLError:
            pass  # read again below: the bounded composer gives the refusal
        finally:
            fast.dispose()
    loader = (loader_class or DatasetLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def load_data(text: str) -> Any:
    """The document's data, exactly as :func:`load` gives it, without its node tree."""
    if _EventLoader is not None:
        loader = _EventLoader(text)
        try:
            return loader.build()
        except (_NeedsComposer, YAMLError):
            pass  # read by load: the same data, or the refusal its composer gives
        finally:
            loader.dispose()
    return load(text)[0]
