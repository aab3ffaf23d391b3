"""Reading the repeated elements that fill large documents in bulk: each leaf's texts at once.

A MeterReadings document is mostly ``IntervalReadings`` whose children are a few simple leaves
(``timeStamp``, ``value``). Reading each such element on its own costs a Python object per child
element; :func:`read_items` reads all of a parent's items with two queries that run in lxml's C
code over the items that have as many children as the pattern of leaves its first item has: one
takes every node inside their children in document order, the other counts what would make an
item differ from that pattern. Only when the counts prove that every such item holds exactly
those leaves, in schema order, each with one text and nothing else, are the texts used; every
other item (one with more or fewer children, a value whose text is not in the common canonical
form) is read by the type's own reader, which reports what it finds. So the objects and the
issues are the same as the reader's on every input, at a fraction of the cost.

A reader whose children open with a run of such items takes the run at once
(:func:`leading_run`) instead of looking at each child's tag in its loop.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ._xmlvalues import Context, read_item

__all__ = ["FEWEST", "BulkItems", "leading_run", "read_items"]

_MISSING = object()
# Fewer items in a run than this: the type's own reader is as fast (the two break even at 32
# items; at 96, a day of quarter hours, the bulk path is 1.16x faster).
FEWEST = 40
_fromisoformat = datetime.fromisoformat


class BulkItems(NamedTuple):
    """How a type's elements are read in bulk (generated with the type's reader).

    Attributes:
        parse: The type's own reader, for every item the bulk path does not take.
        make: Makes objects from one column of values per leaf (an endless ``None`` for a leaf
            the items do not have), in the order of ``leaves``.
        leaves: The leaf elements that may be read in bulk, in schema order: (``{namespace}local``,
            field, kind), kind being ``str``, ``float`` or ``datetime``.
    """

    parse: Callable[[Any, Context], Any]
    make: Callable[..., list[Any]]
    leaves: tuple[tuple[str, str, str], ...]


class _Queries(NamedTuple):
    """The compiled queries of one pattern of leaves, run on the items of the pattern (``$items``)."""

    nodes: Any  # every node directly inside the items' children, in document order (texts as str)
    counts: Any  # "links between": see _compiled
    kinds: tuple[str, ...]


def _steps(tags: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """The XPath steps that name these tags, and the namespaces of their prefixes."""
    prefixes: dict[str, str] = {}  # namespace: prefix
    steps = []
    for tag in tags:
        namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        steps.append(f"{prefixes.setdefault(namespace, f'n{len(prefixes)}')}:{local}" if namespace else local)
    return steps, {prefix: namespace for namespace, prefix in prefixes.items()}


_QUERIES: dict[tuple[int, tuple[str, ...]], _Queries] = {}


def _queries(pattern: tuple[str, ...], spec: BulkItems) -> _Queries:
    """The queries of a pattern, compiled once per process."""
    key = (id(spec), pattern)
    found = _QUERIES.get(key)
    if found is None:
        found = _QUERIES[key] = _compiled(pattern, spec)
    return found


def _compiled(pattern: tuple[str, ...], spec: BulkItems) -> _Queries:
    steps, namespaces = _steps(pattern)
    # links: an item with as many children as the pattern has leaves holds the pattern exactly
    # when it has all the pattern's links: for one leaf, that leaf; for two, the second after the
    # first; for more, each leaf followed at once by the next. between: text directly inside the
    # items (none in an item of the pattern).
    if len(steps) == 1:
        links = [f"count($items/{steps[0]})"]
    elif len(steps) == 2:
        links = [f"count($items/{steps[0]}/following-sibling::{steps[1]})"]
    else:
        links = [f"count($items/{a}/following-sibling::*[1][self::{b}])" for a, b in itertools.pairwise(steps)]
    counts = f"concat({' + '.join(links)}, ' ', count($items/text()))"
    kinds = {tag: kind for tag, _, kind in spec.leaves}
    return _Queries(
        nodes=etree.XPath("$items/*/node()", namespaces=namespaces, smart_strings=False, regexp=False),
        counts=etree.XPath(counts, namespaces=namespaces, regexp=False),
        kinds=tuple(kinds[tag] for tag in pattern),
    )


# lxml makes a list of elements an XPath node-set one element at a time, each checked against
# those before it: quadratic in the list's length. The queries run on chunks of at most this many
# items, so a block of a year of quarter hours costs what a year of daily blocks does.
_CHUNK = 128

_PATTERNS: dict[tuple[int, tuple[Any, ...]], tuple[str, ...] | None] = {}
_PATTERNS_KEPT = 4096  # patterns remembered, at most: a document cannot grow the memory without end


def _pattern(item: Any, spec: BulkItems) -> tuple[str, ...] | None:
    """The leaves of an item, when they are bulk leaves in schema order, each once."""
    tags = tuple([child.tag for child in item])
    key = (id(spec), tags)
    if key in _PATTERNS:
        return _PATTERNS[key]
    order = [tag for tag, _, _ in spec.leaves]
    pattern: tuple[str, ...] | None = None
    if tags and all(tag in order for tag in tags):
        positions = [order.index(tag) for tag in tags]
        pattern = tags if positions == sorted(set(positions)) else None
    if len(_PATTERNS) < _PATTERNS_KEPT:
        _PATTERNS[key] = pattern
    return pattern


def _converted(texts: list[str], kind: str) -> tuple[list[Any], bool]:
    """A column's values, and whether each is converted; where one is not (its text is not in the
    form converted here) it is ``_MISSING``, and the type's reader reads that item (and reports
    what is wrong with it if anything is)."""
    if kind == "str":
        return texts, True
    if kind == "datetime":
        times = list(map(_TIMES.get, texts))  # only canonical texts are remembered
        if not times.count(None):
            return times, True
        if _canonical_times(texts) and _converted_times(texts, times):
            return times, True
        return [_datetime(t) for t in texts], False
    try:
        values: list[Any] = list(map(float, texts))
        # the canonical form, as repr writes it; Python's inf and nan are not XML Schema's
        if _short_decimals(texts) or (
            list(map(repr, values)) == texts and not {"inf", "-inf", "nan"}.intersection(texts)
        ):
            return values, True
    except ValueError:
        pass
    return [_float(t) for t in texts], False


# A decimal of at most 14 significant digits in the form repr writes (no exponent, no leading or
# trailing zero but in "0.x" and "x.0", at least 0.0001 unless zero): two such decimals are never
# the same double, so repr gives this text back, shortest as it is. One pattern over a column is
# four times as fast as repr on each value.
_SHORT_DECIMALS = re.compile(r"(?:-?(?:0\.(?!0000)|[1-9]\d{0,6}+\.)\d{1,7}+(?<!\d0)\n)*")


def _short_decimals(texts: list[str]) -> bool:
    """Whether every text is a short decimal in repr's form (see ``_SHORT_DECIMALS``)."""
    joined = "\n".join(texts) + "\n"
    return joined.count("\n") == len(texts) and _SHORT_DECIMALS.fullmatch(joined) is not None


# The form of time the readers convert in line (``YYYY-MM-DDThh:mm:ssZ``): 20 characters, with
# these separators in place (fromisoformat checks the digits).
_TIME_LENGTH = 20
_TIME_MARKS = ((19, "Z"), (10, "T"), (7, "-"))


def _canonical_times(texts: list[str]) -> bool:
    """Whether every text has the form the readers convert in line, checked on all at once."""
    if set(map(len, texts)) != {_TIME_LENGTH}:
        return False
    joined = "".join(texts)
    return all(joined[at::_TIME_LENGTH] == mark * len(texts) for at, mark in _TIME_MARKS)


# Canonical time texts already converted: time stamps repeat from meter to meter, and a look-up
# is three times as fast as a conversion. Forgotten all at once when full, so memory stays flat.
_TIMES: dict[str, datetime] = {}
_TIMES_KEPT = 16_384


def _converted_times(texts: list[str], times: list[Any]) -> bool:
    """Convert the canonical time texts not remembered (None among ``times``) in place, and
    remember them; False where one of them is a date that does not exist."""
    for row, (text, time) in enumerate(zip(texts, times, strict=True)):
        if time is None:
            try:
                time = times[row] = _fromisoformat(text)
            except ValueError:
                return False
            if len(_TIMES) >= _TIMES_KEPT:
                _TIMES.clear()
            _TIMES[text] = time
    return True


def _datetime(text: str) -> Any:
    if len(text) == _TIME_LENGTH and all(text[at] == mark for at, mark in _TIME_MARKS):
        try:
            return _fromisoformat(text)
        except ValueError:
            pass
    return _MISSING


def _float(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return _MISSING
    return value if repr(value) == text and text[-1] not in "fnyNF" else _MISSING


_RUNS: dict[str, tuple[Any, Any]] = {}


def leading_run(parent: Any, tag: str) -> list[Any]:
    """The parent's first children when they are a run of at least ``FEWEST`` elements ``tag``,
    with nothing (no text, no comment) between them or right after them, and no other ``tag``
    among the parent's children; else []. A reader takes such a run at once, as its loop over the
    children would take it, one child at a time."""
    queries = _RUNS.get(tag)
    if queries is None:
        (step,), namespaces = _steps((tag,))
        # how many there are; then, of the last of the first that many children, the nodes before
        # it and the elements ``tag`` after it (one query with a [last()] step is slower)
        counted = etree.XPath(f"count({step})", namespaces=namespaces, regexp=False)
        around = f"concat(count(preceding-sibling::node()), ' ', count(following-sibling::{step}))"
        queries = _RUNS[tag] = counted, etree.XPath(around, namespaces=namespaces, regexp=False)
    count = int(queries[0](parent))
    if count < FEWEST:
        return []
    last = parent[count - 1]
    if last.tag != tag or last.tail is not None:
        return []
    before, after = (int(float(number)) for number in queries[1](last).split())
    # the last is the count-th node, and no element tag comes after it: the first count are all tag
    run: list[Any] = parent[:count] if before == count - 1 and not after else []
    return run


def read_items(items: list[Any], parent: Any, spec: BulkItems, ctx: Context) -> list[Any]:
    """The objects of ``items``, elements of one tag under ``parent`` in document order.

    When ``ctx.columns`` has a list for the items' tag, the items the bulk path takes are not
    made: their values go to that list, one ``{field: values}`` a run (a date and time as its
    text, once checked), and the result holds None in their places (the readings tables read
    them so).
    """
    parse = spec.parse
    ready = ctx.ready
    if ready and items[0] in ready:  # a streaming read has made these already
        return [read_item(item, parse, ctx) for item in items]
    found = None if ctx.careful or len(items) < FEWEST else _in_bulk(items, parent, spec, ctx)
    return [parse(item, ctx) for item in items] if found is None else found


def _in_bulk(items: list[Any], parent: Any, spec: BulkItems, ctx: Context) -> list[Any] | None:
    """``read_items``' result by the bulk path, or None where the items are not regular enough."""
    parse = spec.parse
    pattern = _pattern(items[0], spec) or _pattern(items[1], spec)
    if pattern is None:
        return None
    queries = _queries(pattern, spec)
    size = len(pattern)
    lengths = list(map(len, items))
    if lengths.count(size) == len(lengths):
        others: list[int] = []
        regular = items
    else:
        others = list(itertools.compress(range(len(items)), map(size.__ne__, lengths)))
        if len(others) * 4 > len(items):  # mostly irregular: the type's reader for all
            return None
        regular = list(itertools.compress(items, map(size.__eq__, lengths)))
    links = between = 0
    found: list[Any] = []
    for start in range(0, len(regular), _CHUNK):
        chunk = regular[start : start + _CHUNK]
        counted = [int(float(number)) for number in queries.counts(parent, items=chunk).split()]
        links, between = links + counted[0], between + counted[1]
        found += queries.nodes(parent, items=chunk)
    taken = len(regular)
    # each leaf holds one node, a text (found as a str; anything else is an object)
    if links != (size - 1 if size > 2 else 1) * taken or between or len(found) != size * taken:
        return None
    if not set(map(type, found)) <= {str}:
        return None
    texts_by_tag = {tag: found[column::size] for column, tag in enumerate(pattern)}
    converted = [_converted(texts_by_tag[tag], kind) for tag, kind in zip(pattern, queries.kinds, strict=True)]
    by_tag = {tag: values for tag, (values, _) in zip(pattern, converted, strict=True)}
    runs = ctx.columns.get(items[0].tag) if ctx.columns is not None else None
    if runs is not None:  # times go as their (checked, canonical) texts: a table converts them faster
        by_tag |= {
            tag: texts_by_tag[tag] for tag, kind in zip(pattern, queries.kinds, strict=True) if kind == "datetime"
        }
    if all(whole for _, whole in converted):
        failed: set[int] = set()
    else:
        failed = {row for values, _ in converted for row, value in enumerate(values) if value is _MISSING}
        by_tag = {tag: [v for row, v in enumerate(values) if row not in failed] for tag, values in by_tag.items()}
    if failed:  # read by the type's reader, in document order with the others
        off = set(others)
        positions = [index for index in range(len(items)) if index not in off]
        others = sorted(off.union(positions[row] for row in failed))
    if runs is not None:  # the values, and None in the items' places
        fields = {tag: field for tag, field, _ in spec.leaves}
        runs.append({fields[tag]: values for tag, values in by_tag.items()})
        made: list[Any] = [None] * (taken - len(failed))
    else:
        made = spec.make(*(by_tag.get(tag, itertools.repeat(None)) for tag, _, _ in spec.leaves))
    return _merged(items, others, made, parse, ctx) if others else made


def _merged(items: list[Any], others: list[int], made: list[Any], parse: Any, ctx: Context) -> list[Any]:
    """Every item's object in order: those made in bulk, and the others read by the type's reader."""
    result: list[Any] = []
    start = 0
    for index in others:
        end = start + index - len(result)
        result += made[start:end]
        result.append(parse(items[index], ctx))
        start = end
    return result + made[start:]
