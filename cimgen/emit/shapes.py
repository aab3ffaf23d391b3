"""The ``_cimshapes`` module: each compiled SHACL property shape as a function of straight-line checks.

A check walks its path (``ctx.values`` of a field, ``ctx.types`` of what it reached, or
``ctx.referrers`` for an inverse step) and tests each constraint component with plain Python
comparisons; ``ctx`` is the ``_cimshacl`` runtime's view of the model as RDF (the values the
documents state, the classes objects are written as). No SHACL engine and no rdflib at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from cimgen import __version__
from cimgen.emit.render import LINE_LENGTH, exploded, string_source, tuple_source
from cimgen.emit.runtime import runtime_files
from cimgen.plan.python_types import pystr
from cimgen.plan.shapes import SelectedChecks, Selector, ShapeCheck, ShapesPlan, SparqlCheck

# The statement a failed constraint runs, given the expression of the value that failed (None for counts).
_Fail = Callable[[str | None], str]
# Logical components: the condition a value fails, around its member calls joined by the separator.
_LOGICAL = {
    "and": ("not ({})", " and "),
    "or": ("not ({})", " or "),
    "xone": ("[{}].count(True) != 1", ", "),
    "not": ("{}", ""),
}
# Range components: the comparison a value must pass.
_RANGES = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


@dataclass(frozen=True, slots=True)
class ShapesView:
    """The lines of the ``_cimshapes`` module."""

    rules: tuple[str, ...]
    not_run: tuple[str, ...]
    constants: tuple[str, ...]
    functions: tuple[str, ...]
    classes: tuple[str, ...]
    subjects_of: tuple[str, ...]
    selected: str
    sparql: str
    uses_re: bool


class _Writer:
    """Writes the check functions, numbering rules and constants as it goes."""

    def __init__(self) -> None:
        self.rules: dict[tuple[str, str, str, str], int] = {}
        self.constants: list[str] = []
        self.functions: dict[str, str] = {}  # shape IRI -> function name
        self.sources: list[str] = []  # the functions, each before the first that calls it
        self.named: dict[str, str] = {}  # a constant's source -> its name

    def rule(self, check: ShapeCheck | SparqlCheck) -> int:
        key = (check.shape, check.path, check.severity, check.message)
        return self.rules.setdefault(key, len(self.rules))

    def text(self, text: str) -> str:
        """A module constant for a text (a query), split over lines where long; one per text."""
        return self._named(string_source(text), lambda name, source: f"{name} = {source}")

    def selectors(self, selectors: tuple[Selector, ...]) -> str:
        """A module constant for a node shape's selectors (a SPARQL target's query in a constant of its own)."""
        items = [
            f"({pystr(kind)}, {self.text(value) if kind == 'select' else pystr(value)})" for kind, value in selectors
        ]
        return self.constant(tuple_source(items))

    def sparql_entry(self, check: SparqlCheck) -> str:
        """An entry of ``SPARQL``: (rule, selectors, path, query)."""
        items = [str(self.rule(check)), self.selectors(check.selectors), self.text(check.sparql_path)]
        items.append(self.text(check.query))
        return tuple_source(items)

    def selected_entry(self, checks: SelectedChecks) -> str:
        """An entry of ``SELECTED``: (selectors, check functions)."""
        names = tuple_source(list(dict.fromkeys(self.function(check) for check in checks.checks)))
        return tuple_source([self.selectors(checks.selectors), names])

    def constant(self, source: str) -> str:
        """A module constant for a value, one per value: a tuple too long for a line is laid out one item a line."""
        return self._named(source, lambda name, value: exploded(f"{name} = ", value, ""))

    def _named(self, source: str, assignment: Callable[[str, str], str]) -> str:
        """The name of the constant holding ``source``, written the first time it is asked for."""
        known = self.named.get(source)
        if known is None:
            known = self.named[source] = f"_C{len(self.constants)}"
            self.constants.append(assignment(known, source))
        return known

    def path_lines(self, check: ShapeCheck) -> list[str]:
        if not check.steps:
            return ["    values = [obj]"]  # a node shape's own constraints, or a member's: on the focus itself
        lines = []
        for number, (kind, argument) in enumerate(check.steps):
            source = "obj" if number == 0 else "value"
            if kind == "field":
                call = f"ctx.values({source}, {pystr(argument)})"
            elif kind == "type":
                call = f"ctx.types({source})"
            else:
                domain, field = argument.split(" ")
                call = f"ctx.referrers({source}, {self.constant(pystr(domain))}, {pystr(field)})"
            if number == 0:
                lines.append(f"    values = {call}")
            else:
                lines.append(f"    values = [item for value in values for item in {call}]")
        return lines

    def constraint_lines(self, check: ShapeCheck, fail: _Fail) -> list[str]:
        lines: list[str] = []
        each: list[str] = []  # conditions a value fails
        for component, value in check.constraints:
            if component == "minCount":
                lines += [f"    if len(values) < {value}:", f"        {fail(None)}"]
            elif component == "maxCount":
                lines += [f"    if len(values) > {value}:", f"        {fail(None)}"]
            elif component == "datatype":
                each.append(f"not ctx.is_datatype(value, {pystr(str(value))})")
            elif component == "nodeKind":
                each.append(f"not ctx.is_node_kind(value, {pystr(str(value).rpartition('#')[2])})")
            elif component == "class":
                each.append(f"{pystr(str(value))} not in ctx.types(value)")
            elif component == "in":
                assert isinstance(value, tuple)
                members = self.constant(tuple_source([pystr(item) for item in value]))
                each.append(f"ctx.term(value) not in {members}")
            elif component in _RANGES:
                assert isinstance(value, tuple)
                bound = self.constant(f"({pystr(value[0])}, {pystr(value[1])})")
                each.append(f"not ctx.compares(value, {pystr(_RANGES[component])}, {bound})")
            elif component in ("lessThan", "lessThanOrEquals"):
                strict = component == "lessThan"
                each.append(f"not ctx.below_all(value, ctx.values(obj, {pystr(str(value))}), {strict})")
            elif component == "minLength":
                each.append(f"len(ctx.lexical(value)) < {value}")
            elif component == "maxLength":
                each.append(f"len(ctx.lexical(value)) > {value}")
            elif component == "hasValue":
                assert isinstance(value, tuple)
                wanted = self.constant(tuple_source([pystr(part) for part in value]))
                lines += [f"    if not ctx.has_value(values, {wanted}):", f"        {fail(None)}"]
            elif component == "pattern":
                assert isinstance(value, tuple)
                flags = "re.IGNORECASE" if "i" in value[1] else "0"
                pattern = self.constant(f"re.compile({pystr(value[0])}, {flags})")
                each.append(f"not {pattern}.search(ctx.lexical(value))")
        each += self.logical_conditions(check)
        for condition in each:
            lines += ["    for value in values:", f"        if {condition}:", f"            {fail('value')}"]
        return lines

    def logical_conditions(self, check: ShapeCheck) -> list[str]:
        """A value fails ``sh:and`` unless it conforms to every member, ``sh:or`` unless to one,
        ``sh:xone`` unless to exactly one, ``sh:not`` if it conforms to its member."""
        conditions = []
        for component, members in check.logical:
            calls = [f"{self.member(member)}(value, ctx)" for member in members]
            template, separator = _LOGICAL[component]
            conditions.append(template.format(separator.join(calls)))
        return conditions

    def member(self, check: ShapeCheck) -> str:
        """The name of a function that tells whether a value conforms to a member shape."""
        return self.function(check, member=True)

    def function(self, check: ShapeCheck, member: bool = False) -> str:
        """The name of the check's function, written the first time the shape is met: one that
        reports what breaks the shape or, for a ``member``, returns whether a value conforms."""
        known = self.functions.get(check.shape)
        if known is not None:
            return known
        name = self.functions[check.shape] = f"_s{len(self.functions)}"
        rule = -1 if member else self.rule(check)

        def fail(value: str | None) -> str:
            if member:
                return "return False"
            return (
                f"ctx.report(obj, {rule})" if value is None or not check.steps else f"ctx.report(obj, {rule}, {value})"
            )

        body = self.path_lines(check) + self.constraint_lines(check, fail)
        header = [f"def {name}(obj: Any, ctx: Any) -> {'bool' if member else 'None'}:", f"    {_comment(check)}"]
        self.sources.append("\n".join([*header, *body, *(["    return True"] if member else [])]))
        return name


def _comment(check: ShapeCheck) -> str:
    text = f'"""{check.shape.rpartition("#")[2] or check.shape}."""'
    return text if len(text) + 4 <= LINE_LENGTH else '"""A compiled shape."""'


def shapes_view(plan: ShapesPlan) -> ShapesView:
    """The lines of the ``_cimshapes`` module from the SHACL plan."""
    writer = _Writer()
    classes: list[str] = []
    targets: list[str] = []
    for checks in plan.classes:
        names = list(dict.fromkeys(writer.function(check) for check in checks.checks))
        if checks.subjects_of:
            key = f"({pystr(checks.class_iri)}, {pystr(checks.subjects_of)})"
            targets.append(exploded(f"    {key}: ", tuple_source(names), ","))
        else:
            classes.append(exploded(f"    {pystr(checks.class_iri)}: ", tuple_source(names), ","))
    selected_type = "tuple[tuple[tuple[tuple[str, str], ...], tuple[Callable[[Any, Any], None], ...]], ...]"
    selected = exploded(
        f"SELECTED: {selected_type} = ", tuple_source([writer.selected_entry(c) for c in plan.selected]), ""
    )
    sparql_type = "tuple[tuple[int, tuple[tuple[str, str], ...], str, str], ...]"
    sparql = exploded(f"SPARQL: {sparql_type} = ", tuple_source([writer.sparql_entry(c) for c in plan.sparql]), "")
    rules = tuple(
        exploded("    ", tuple_source([pystr(part) for part in rule]), ",")
        for rule, _ in sorted(writer.rules.items(), key=lambda item: item[1])
    )
    return ShapesView(
        rules=rules,
        not_run=tuple(f"    {pystr(iri)}: {pystr(why)}," for iri, why in plan.not_run),
        constants=tuple(writer.constants),
        functions=tuple(writer.sources),
        classes=tuple(classes),
        subjects_of=tuple(targets),
        selected=selected,
        sparql=sparql,
        uses_re=any("re.compile(" in constant for constant in writer.constants),
    )


def render_shapes(env: jinja2.Environment, plan: ShapesPlan) -> dict[str, str]:
    """The ``_cimshapes`` module and the runtime that runs it, by path in the package."""
    text = env.get_template("cimshapes_module.py.jinja").render(generator_version=__version__, view=shapes_view(plan))
    return {"_cimshapes.py": text, **runtime_files("_cimshacl", "_cimsparql")}
