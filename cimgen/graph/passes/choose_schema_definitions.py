"""One definition per XML Schema type: where several schema files define a type differently, the first wins.

Two files may declare one namespace (variants of ``Message.xsd``); a type they both define is
one type in the graph. Its definition is taken whole from the first file (in input order, which
is sorted) and the others' are set aside, with a note naming the type and both files where they
differ; identical definitions merge silently. Without this, elements of both variants would mix
into one content model that neither file describes.
"""

from __future__ import annotations

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeRecord


def _shape(records: list[PropertyRecord]) -> set[tuple[str, str, int, int | None]]:
    return {(p.name, p.range, p.multiplicity.lower, p.multiplicity.upper) for p in records}


def run(graph: ClassGraph) -> None:
    """Keep the first file's definition of each XML Schema type that several files define."""
    members: dict[str, list[PropertyRecord]] = {}
    for records in graph.pending.values():
        for record in records:
            if isinstance(record, PropertyRecord):
                members.setdefault(record.domain, []).append(record)
    for iri in sorted(graph.pending):
        definitions = [r for r in graph.pending.get(iri, []) if isinstance(r, TypeRecord) and r.namespace]
        files = list(dict.fromkeys(r.location.file for r in definitions))
        if len(files) < 2:
            continue
        winner = files[0]
        own = members.get(iri, [])
        by_file = {file: [p for p in own if p.location.file == file] for file in files}
        differing = [file for file in files[1:] if _shape(by_file[file]) != _shape(by_file[winner])]
        graph.pending[iri] = [r for r in graph.pending[iri] if r.location.file == winner]
        for prop in own:
            if prop.location.file != winner and prop.iri in graph.pending:
                graph.pending[prop.iri] = [r for r in graph.pending[prop.iri] if r.location.file == winner]
                if not graph.pending[prop.iri]:
                    del graph.pending[prop.iri]
        for file in differing:
            graph.notes.append(
                f"{definitions[0].name} ({iri}) is defined differently in {winner} and {file}; the first is used"
            )
