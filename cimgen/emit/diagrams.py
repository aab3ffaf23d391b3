"""Class diagrams of the docs site: boxes and lines laid out in layers, drawn as SVG.

The layout is grandalf's Sugiyama layout (layers, then crossings reduced, as Graphviz's ``dot``
does), pure Python so that pip installs it with cimgen's ``docs`` extra: a superclass sits above
its subclasses, and a class above the classes its associations point to. Nodes and edges go in
sorted, so the same graph gives the same drawing. Lines are straight, from border to border.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cimgen.errors import UsageError

CHAR_WIDTH = 7.2  # px per character of the 12 px font the diagrams use
TITLE_CHAR_WIDTH = 8.0  # the same, bold
LINE_HEIGHT = 16
PADDING = 8
GAP = 40  # between components, and around the drawing
ROW_WIDTH = 1400  # components that are not connected are set in rows about this wide


@dataclass(frozen=True, slots=True)
class Node:
    """A class to draw: its key, its title, the lines under it, its page, whether it is the focus."""

    key: str
    title: str
    lines: tuple[str, ...]
    href: str
    focus: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A line: ``inherits`` (from subclass to superclass) or ``association`` (to the target, labelled)."""

    source: str
    target: str
    kind: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Box:
    node: Node
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str
    label: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Diagram:
    width: float
    height: float
    boxes: tuple[Box, ...]
    segments: tuple[Segment, ...]


def _size(node: Node) -> tuple[float, float]:
    widest = max([len(node.title) * TITLE_CHAR_WIDTH, *(len(line) * CHAR_WIDTH for line in node.lines)])
    return round(widest + 2 * PADDING), (1 + len(node.lines)) * LINE_HEIGHT + PADDING


def _border(box: Box, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    dx, dy = toward_x - cx, toward_y - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (box.width / 2) / abs(dx) if dx else float("inf"),
        (box.height / 2) / abs(dy) if dy else float("inf"),
    )
    return round(cx + dx * scale, 1), round(cy + dy * scale, 1)


def layout(nodes: Sequence[Node], links: Sequence[Link]) -> Diagram:
    """Lay the nodes out in layers and route the links between them.

    Raises:
        UsageError: grandalf is not installed (it comes with ``pip install cimgen[docs]``).
    """
    try:
        from grandalf.graphs import Edge, Vertex, graph_core
        from grandalf.layouts import SugiyamaLayout
    except ImportError:
        raise UsageError("class diagrams need grandalf: pip install 'cimgen[docs]'") from None

    class _View:
        def __init__(self, width: float, height: float) -> None:
            self.w, self.h = width, height
            self.xy = (0.0, 0.0)

    ordered = sorted(nodes, key=lambda n: n.key)
    vertices = {node.key: Vertex(node.key) for node in ordered}
    for node in ordered:
        vertices[node.key].view = _View(*_size(node))
    pairs: list[tuple[str, str]] = []
    for link in sorted(links, key=lambda k: (k.source, k.target, k.kind, k.label)):
        if link.source == link.target or link.source not in vertices or link.target not in vertices:
            continue
        pairs.append((link.target, link.source) if link.kind == "inherits" else (link.source, link.target))
    # The components are made here, each with its vertices and edges in sorted order: grandalf's own
    # Graph gathers a component's edges in a set, whose order changes from run to run.
    import networkx

    connected = networkx.Graph()
    connected.add_nodes_from(vertices)
    connected.add_edges_from(pairs)
    boxes: dict[str, Box] = {}
    by_key = {node.key: node for node in ordered}
    left, top, row_bottom = float(GAP), float(GAP), float(GAP)
    for keys in sorted((sorted(c) for c in networkx.connected_components(connected)), key=lambda c: c[0]):
        members = set(keys)
        edges = [Edge(vertices[u], vertices[v]) for u, v in pairs if u in members]
        component = graph_core([vertices[k] for k in keys], edges)
        sugiyama = SugiyamaLayout(component)
        sugiyama.init_all()
        sugiyama.draw()
        placed = [(v.data, v.view) for v in component.sV]
        min_x = min(view.xy[0] - view.w / 2 for _, view in placed)
        min_y = min(view.xy[1] - view.h / 2 for _, view in placed)
        width = max(view.xy[0] + view.w / 2 for _, view in placed) - min_x
        if left > GAP and left + width > ROW_WIDTH:  # components go in rows, the next row under the last
            left, top = float(GAP), row_bottom + GAP
        for key, view in placed:
            x = left + view.xy[0] - view.w / 2 - min_x
            y = top + view.xy[1] - view.h / 2 - min_y
            boxes[key] = Box(by_key[key], round(x, 1), round(y, 1), view.w, view.h)
            row_bottom = max(row_bottom, y + view.h)
        left += width + GAP
    segments = []
    for link in sorted(links, key=lambda k: (k.source, k.target, k.kind, k.label)):
        start, end = boxes.get(link.source), boxes.get(link.target)
        if start is None or end is None or start is end:
            continue
        x1, y1 = _border(start, end.x + end.width / 2, end.y + end.height / 2)
        x2, y2 = _border(end, start.x + start.width / 2, start.y + start.height / 2)
        segments.append(Segment(link.kind, link.label, x1, y1, x2, y2))
    width = max((b.x + b.width for b in boxes.values()), default=0) + GAP
    height = max((b.y + b.height for b in boxes.values()), default=0) + GAP
    ordered_boxes = tuple(sorted(boxes.values(), key=lambda b: b.node.key))
    return Diagram(round(width, 1), round(height, 1), ordered_boxes, tuple(segments))
