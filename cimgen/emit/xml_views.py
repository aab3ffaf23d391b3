"""View models of the XML codec modules: the finished lines of each type's reader and writer.

Every XML Schema type gets two straight-line functions in its namespace's ``_xml`` module:
``parse_<type>`` walks the element's children once and compares each tag with the names the
schema allows, converting text with the converter of the field's type; ``write_<type>``
appends the element's text to a list in schema order. No reflection happens at run time:
the field names, XML names, converters and nested functions are all written out here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cimgen import naming
from cimgen.emit.render import fit_call, fit_signature
from cimgen.emit.views import LINE_LENGTH, import_line
from cimgen.graph.records import TypeKind
from cimgen.plan.python_types import pystr
from cimgen.plan.xml import XmlPlan, XmlType, XmlValue

# Converter and writer names in the runtime module, by Python annotation of the primitive.
_CONVERTERS = {
    "int": ("to_int", "text_int"),
    "float": ("to_float", "text_float"),
    "bool": ("to_bool", "text_bool"),
    "_decimal.Decimal": ("to_decimal", "text_decimal"),
    "_datetime.datetime": ("to_datetime", "text_temporal"),
    "_datetime.date": ("to_date", "text_temporal"),
    "_datetime.time": ("to_time", "text_temporal"),
}


@dataclass(frozen=True, slots=True)
class BranchView:
    """One ``if tag == ...`` branch of a reader: the tag constant and the body lines."""

    constant: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CodecView:
    """The reader and writer of one type."""

    blank_lines: tuple[str, ...]  # a new object with every field at its default, without the constructor
    xsd_name: str
    parse_signature: str
    write_signature: str
    attribute_lines: tuple[str, ...]
    text_line: str | None
    mixed: bool  # text may stand between the elements (the text before the first is kept)
    order_constant: tuple[str, tuple[str, ...]] | None  # the fields written in the order they were read
    names_constant: tuple[str, tuple[tuple[str, str], ...]] | None  # element tag constant -> field, for that order
    attributes_constant: tuple[str, tuple[str, ...]] | None  # the attributes the type declares
    branches: tuple[BranchView, ...]
    wildcard_lines: tuple[str, ...]
    after_lines: tuple[str, ...]  # after the children: the repeated elements gathered for the bulk reader
    flush_lines: tuple[str, ...]  # before a child: those gathered, read when another element follows them
    leading_lines: tuple[str, ...]  # before the children: a leading run of them taken at once (see leading_run)
    write_attribute_lines: tuple[str, ...]
    write_lines: tuple[str, ...]
    empty: bool  # no content, only attributes: written as one empty-element tag


@dataclass(frozen=True, slots=True)
class BulkView:
    """What the bulk reader needs of one type: a function that makes its objects from columns of
    its leaves' values, and the ``bulk.BulkItems`` record naming it."""

    name: str
    make_signature: str
    make_lines: tuple[str, ...]
    spec: str


@dataclass(frozen=True, slots=True)
class CodecModuleView:
    """One namespace's ``_xml`` module."""

    namespace: str
    imports: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    enum_maps: tuple[tuple[str, str], ...]
    codecs: tuple[CodecView, ...]
    bulk_items: tuple[BulkView, ...]  # the types read in bulk here


@dataclass(slots=True)
class _Module:
    """What one codec module needs while its views are built."""

    subpackage: str
    constants: dict[str, str] = field(default_factory=dict)  # XML name -> constant
    classes: set[tuple[str, str]] = field(default_factory=set)  # (module, class) read at run time
    codec_modules: set[str] = field(default_factory=set)  # other subpackages whose functions are called

    def reference(self, target: XmlValue, name: str) -> str:
        """How this module names ``name`` of ``target``'s codec module: bare, or through that module."""
        there = target.subpackage
        if there == self.subpackage:
            return name
        self.codec_modules.add(there)
        return f"{codec_alias(there)}.{name}"

    def constant(self, xml_name: str) -> str:
        found = self.constants.get(xml_name)
        if found is None:
            local = re.sub(r"\W", "_", xml_name.rpartition("}")[2]) or "any"
            found = naming.make_unique([(xml_name, f"_{local}")], taken=set(self.constants.values()))[xml_name]
            self.constants[xml_name] = found
        return found


def codec_alias(subpackage: str) -> str:
    """How a codec module names another namespace's codec module: ``_xml_message``."""
    return f"_xml_{subpackage.replace('.', '_')}"


def _written_name(xml_name: str, prefixes: dict[str, str]) -> str:
    if not xml_name.startswith("{"):
        return xml_name
    namespace, _, local = xml_name[1:].partition("}")
    return f"{prefixes[namespace]}:{local}"


@dataclass(frozen=True, slots=True)
class _ValueCode:
    """How one value of a property is read and written."""

    read: str  # an expression over ``{text}`` and ``{node}``, or a call on the element for compounds
    write: str  # an expression over ``{v}`` giving escaped text; empty for compounds and kept elements
    compound_writer: str = ""  # ``write_x`` for compounds
    kept: bool = False  # xs:anyType: the element is kept whole


def _value_code(target: XmlValue, module: _Module) -> _ValueCode:
    if target.kind is TypeKind.COMPOUND:
        suffix = target.suffix
        parse, write = module.reference(target, f"parse_{suffix}"), module.reference(target, f"write_{suffix}")
        return _ValueCode(f"{parse}(child, ctx)", "", write)
    if target.kind is TypeKind.ENUMERATION:
        values = module.reference(target, f"values_{target.suffix}")
        return _ValueCode(f"rt.to_enum({values}, {{text}}, {{node}}, ctx{{attribute}})", "rt.text_enum({v})")
    primitive = target.primitive
    if primitive == "object":
        return _ValueCode("rt.keep(child, ctx)", "", kept=True)
    converter = _CONVERTERS.get(primitive)
    if converter is None:
        return _ValueCode("{text_or_empty}", "rt.text_str({v})")
    return _ValueCode(f"rt.{converter[0]}({{text}}, {{node}}, ctx{{attribute}})", f"rt.{converter[1]}({{v}})")


def _fast_path(code: _ValueCode, x: str) -> list[str]:
    """Reading lines for the values that fill large documents (a float, a dateTime), with their
    common canonical form converted in line; any other text goes to the converter."""
    if code.read.startswith("rt.to_float("):
        return [
            "t = child.text",
            "try:",
            f"    {x} = float(t)",
            f'    if repr({x}) != t or t[-1] in "fnyNF":',
            f"        {x} = rt.to_float(t, child, ctx)",
            "except (TypeError, ValueError):",
            f"    {x} = rt.to_float(t, child, ctx)",
        ]
    if code.read.startswith("rt.to_datetime("):
        return [
            "t = child.text",
            f"{x} = None",
            'if t is not None and len(t) == 20 and t[19] == "Z" and t[10] == "T" and t[7] == "-":',
            "    try:",
            f"        {x} = rt.fromisoformat(t)",
            "    except ValueError:",
            f"        {x} = None",
            f"if {x} is None:",
            f"    {x} = rt.to_datetime(t, child, ctx)",
        ]
    return []


def _read_expression(code: _ValueCode, text: str, node: str, attribute: str = "") -> str:
    return code.read.format(
        text=text,
        node=node,
        attribute=f", {pystr(attribute)}" if attribute else "",
        text_or_empty=f'{text} or ""' if text.endswith(".text") else text,
    )


def codec_view(
    xml_type: XmlType, module: _Module, prefixes: dict[str, str], in_bulk: frozenset[str] = frozenset()
) -> CodecView:
    """The reader and writer of one XML Schema compound type (``in_bulk``: the IRIs of the types
    whose elements, repeated, are gathered and read by the bulk reader)."""
    record = xml_type.value
    suffix = record.suffix
    module.classes.add((record.module, record.python_name))
    attribute_lines: list[str] = []
    known_attributes: list[str] = []
    write_attribute_lines: list[str] = []
    branches: list[BranchView] = []
    write_lines: list[str] = []
    text_line: str | None = None
    wildcard_lines: list[str] = []
    gathered: list[str] = []  # lists of elements for the bulk reader
    after_lines: list[str] = []
    flush_lines: list[str] = []
    leading_lines: list[str] = []
    properties = xml_type.fields
    order = next((p.python_name for p in properties if "xml-order" in p.stereotypes), None)
    # A sequence of elements read out of order is written back as it came (see rt.keep_order)
    element_fields = [p for p in properties if not set(p.stereotypes) - {"xml-element"}]
    keeps_order = xml_type.in_one_order and order is None and len(element_fields) >= 2
    names: list[tuple[str, str]] = []  # (tag constant, field) of each element, for rt.keep_order
    ordered: list[tuple[str, bool, str, str]] = []  # (field, many, variable, write one value) in schema order
    choices: dict[int, int] = {}  # a choice made once -> the number of its first element
    for number, prop in enumerate(properties, start=1):
        name = prop.python_name
        v = f"v{number}"  # each field its own variable, so that each keeps its type
        xml_name = prop.xml_name
        stereotypes = set(prop.stereotypes)
        remember = [f"obj.{order}.append({pystr(name)})"] if order else []
        if "xml-order" in stereotypes:
            continue
        if "wildcard" in stereotypes:
            ordered.append((name, prop.multiplicity.is_many, v, f"rt.write_any({v}, w)"))
            if prop.multiplicity.is_many:
                wildcard_lines = [f"obj.{name}.append(rt.keep(child, ctx))", *remember]
                write_lines += [f"for {v} in obj.{name}:", f"    rt.write_any({v}, w)"]
            else:
                wildcard_lines = [f"obj.{name} = rt.keep(child, ctx)", *remember]
                write_lines += [f"{v} = obj.{name}", f"if {v} is not None:", f"    rt.write_any({v}, w)"]
            continue
        code = _value_code(prop.value, module)
        if "xml-attribute" in stereotypes:
            known_attributes.append(xml_name)
            attribute_lines += [
                f"v = node.get({pystr(xml_name)})",
                "if v is not None:",
                "    found += 1",
                "    " + fit_call(f"obj.{name} = {_read_expression(code, 'v', 'node', xml_name)}", 8),
            ]
            written = _written_name(xml_name, prefixes)
            write_attribute_lines += [
                f"{v} = obj.{name}",
                f"if {v} is not None:",
                "    " + fit_call(f"w(f' {written}=\"{{rt.escape_attribute({code.write.format(v=v)})}}\"')", 8),
            ]
            continue
        if "xml-text" in stereotypes:
            text_line = fit_call(f"obj.{name} = {_read_expression(code, 'node.text', 'node')}", 4)
            write_lines += [f"{v} = obj.{name}", f"if {v} is not None:", f"    w({code.write.format(v=v)})"]
            continue
        constant = module.constant(xml_name)
        written = _written_name(xml_name, prefixes)
        value = _read_expression(code, "child.text", "child")
        # where the element stands in the schema's order (the elements of a choice share the first's)
        rank = choices.get(prop.choice, number) if prop.choice is not None else number
        if prop.multiplicity.is_many and prop.value.iri in in_bulk:
            items = f"items_{number}"
            spec = module.reference(prop.value, f"bulk_{prop.value.suffix}")
            read = f"obj.{name} += bulk.read_items({{}}, node, {spec}, ctx)"  # of the items named
            call = read.format(items)
            # text after one is reported after its own issues: those before it are read first
            lines = [
                f"{items}.append(child)",
                "if child.tail is not None:",
                "    " + fit_call(call, 16),
                f"    {items} = []",
            ]
            gathered.append(f"{items}: list[Any] = []")
            if not branches and not wildcard_lines and not order and prop.choice is None:
                # the first elements of the type: a run of them that opens the children is taken
                # at once, as the loop would take it
                leading_lines = [
                    "children: Any = node",
                    "if len(node) >= bulk.FEWEST:",
                    f"    run = bulk.leading_run(node, {constant})",
                    "    if run:",
                    *([f"        position = {rank}"] if xml_type.in_one_order else []),
                    "        " + fit_call(read.format("run"), 20),
                    "        children = node[len(run) :]",
                ]
            after_lines += [f"if {items}:", "    " + fit_call(call, 8)]
            # read when the run of them ends, so that issues keep the document's order
            flush_lines += [f"if {items} and tag != {constant}:", "    " + fit_call(call, 12), f"    {items} = []"]
        elif prop.multiplicity.is_many and code.compound_writer:  # a streaming read may have made it
            parse = value.removesuffix("(child, ctx)")
            lines = [fit_call(f"obj.{name}.append(rt.read_item(child, {parse}, ctx))", 12)]
        elif prop.multiplicity.is_many:
            lines = [fit_call(f"obj.{name}.append({value})", 12)]
        else:
            fast = _fast_path(code, f"x{number}")
            assign = fit_call(f"obj.{name} = {value}", 12) if not fast else f"obj.{name} = x{number}"
            lines = [f"if obj.{name} is not None:", "    rt.repeated(child, ctx)", *fast, assign]
        if not code.compound_writer and not code.kept:  # a value: elements inside it are not allowed
            lines += [
                "if len(child):",
                "    rt.inner_elements(child, ctx)",
                "if ctx.careful and len(child.attrib):",  # a value has no attributes: see below
                "    rt.unknown_attributes(child, (), ctx)",
            ]
        if prop.choice is not None:  # one element of a choice made once: a second one is not allowed
            chosen = f"chosen_{choices.setdefault(prop.choice, number)}"
            lines = [
                f"if {chosen} and {chosen} != {pystr(name)}:",
                "    rt.second_choice(child, ctx)",
                f"{chosen} = {pystr(name)}",
                *lines,
            ]
        if xml_type.in_one_order:  # an element before one the schema puts before it is out of order
            noted = [f"    rt.keep_order(obj, node, _NAMES_{suffix.upper()})"] if keeps_order else []
            lines = [f"if position > {rank}:", "    rt.out_of_order(child, ctx)", *noted, f"position = {rank}", *lines]
        names.append((constant, name))
        branches.append(BranchView(constant, tuple([*lines, *remember])))
        if code.compound_writer:
            emit = f"{code.compound_writer}({v}, {pystr(written)}, w)"
        elif code.kept:
            emit = f"rt.write_any({v}, w)"
        else:
            emit = f'w(f"<{written}>{{{code.write.format(v=v)}}}</{written}>")'
        ordered.append((name, prop.multiplicity.is_many, v, emit))
        if prop.multiplicity.is_many:
            write_lines += [f"for {v} in obj.{name}:", f"    {fit_call(emit, 8)}"]
        else:
            write_lines += [f"{v} = obj.{name}", f"if {v} is not None:", f"    {fit_call(emit, 8)}"]
    if order:
        write_lines = _ordered_writer(f"obj.{order}", ordered, write_lines, text_line is not None, suffix)
    elif keeps_order and write_lines:
        read = "order = rt.read_order(obj) if rt.READ_ORDERS else None"
        write_lines = [read, *_ordered_writer("order", ordered, write_lines, text_line is not None, suffix)]
    known = f"_ATTRIBUTES_{suffix.upper()}" if known_attributes else "()"
    # Attributes the schema does not declare are reported, never dropped silently; counting the
    # declared ones read tells whether there are others without looking at every attribute.
    # A first run only counts the attributes it reads; the document's total is counted once, in C,
    # and only where the two differ does a careful run look at each element's attributes.
    check = fit_call(f"rt.unknown_attributes(node, {known}, ctx)", 12)
    attribute_lines = (
        [
            "found = 0",
            *attribute_lines,
            "if ctx.careful:",
            "    if len(node.attrib) > found:",
            f"        {check}",
            "else:",
            "    ctx.attributes += found",
        ]
        if known_attributes
        else [
            "if ctx.careful and len(node.attrib):",
            f"    {fit_call(f'rt.unknown_attributes(node, {known}, ctx)', 8)}",
        ]
    )
    in_order = xml_type.in_one_order and bool(branches)
    tracking = [*(["position = 0"] if in_order else []), *(f'chosen_{n} = ""' for n in sorted(set(choices.values())))]
    tracking += gathered
    return CodecView(
        blank_lines=(*_blank_object(xml_type), *tracking),
        xsd_name=record.name,
        parse_signature=fit_signature(f"parse_{suffix}", ["node: Any", "ctx: rt.Context"], record.python_name),
        write_signature=fit_signature(
            f"write_{suffix}",
            [f"obj: {record.python_name}", "tag: str", "w: rt.Writer", 'declarations: str = ""'],
            "None",
        ),
        attribute_lines=tuple(attribute_lines),
        text_line=text_line,
        mixed=text_line is not None and bool(branches or wildcard_lines),
        order_constant=(f"_ORDER_{suffix.upper()}", tuple(part[0] for part in ordered))
        if order or keeps_order
        else None,
        names_constant=(f"_NAMES_{suffix.upper()}", tuple(names)) if keeps_order else None,
        attributes_constant=(known, tuple(known_attributes)) if known_attributes else None,
        branches=tuple(branches),
        wildcard_lines=tuple(wildcard_lines),
        after_lines=tuple(after_lines),
        flush_lines=tuple(flush_lines),
        leading_lines=tuple(leading_lines),
        write_attribute_lines=tuple(write_attribute_lines),
        write_lines=tuple(write_lines),
        empty=not write_lines,
    )


def _blank_object(xml_type: XmlType) -> tuple[str, ...]:
    """Lines that make the object to fill: ``_new`` and each field's default, which is about twice
    as fast as the dataclass constructor with its keyword defaults; the constructor where a
    field has a fixed value."""
    name = xml_type.value.python_name
    if xml_type.blank_fields is None:
        return (f"obj = {name}()",)
    lines = [f"obj = _new({name})"]
    lines += [f"obj.{field} = {'[]' if many else 'None'}" for field, many in xml_type.blank_fields]
    return tuple(lines)


def _ordered_writer(
    order: str, parts: list[tuple[str, bool, str, str]], schema_order: list[str], has_text: bool, suffix: str
) -> list[str]:
    """Writer lines for a type with a repeated choice, or one read out of order: children in the
    order they were read (``order``, an expression), when that order still fits the fields (else
    schema order)."""
    text = schema_order[:3] if has_text else []  # the text comes first either way
    rest = schema_order[3:] if has_text else schema_order
    lines = [*text, f"if {order} and rt.order_fits(obj, {order}, _ORDER_{suffix.upper()}):"]
    lines += [
        "    seen: dict[str, int] = {}",
        f"    for name in {order}:",
        "        index = seen.get(name, 0)",
        "        seen[name] = index + 1",
    ]
    for position, (name, many, v, emit) in enumerate(parts):
        keyword = "if" if position == 0 else "elif"
        lines.append(f"        {keyword} name == {pystr(name)}:")
        if many:
            lines += [f"            {v} = obj.{name}[index]", f"            {fit_call(emit, 16)}"]
        else:
            lines += [
                f"            {v} = obj.{name}",
                f"            if {v} is not None:",
                f"                {fit_call(emit, 20)}",
            ]
    return [*lines, "else:", *("    " + line.replace("\n", "\n    ") for line in rest)]


_CONVERTER_CALL = re.compile(r"\brt\.(to_[a-z]+|fromisoformat)\(")


def _direct_calls(codec: CodecView) -> CodecView:
    """The codec with its readers calling converters by their imported names."""
    branches = tuple(
        BranchView(b.constant, tuple(_CONVERTER_CALL.sub(r"\1(", line) for line in b.lines)) for b in codec.branches
    )
    return replace(codec, branches=branches)


def codec_module_view(plan: XmlPlan, subpackage: str, module: _Module) -> CodecModuleView:
    """The ``_xml`` module of one namespace subpackage (``module`` holds what its stream tables need)."""
    members = plan.members(subpackage)
    in_bulk = bulk_types(plan)
    codecs = tuple(codec_view(t, module, plan.prefixes, in_bulk) for t in members if t.value.kind is TypeKind.COMPOUND)
    bulk_items = tuple(_bulk_view(t, module) for t in members if t.value.iri in in_bulk)
    here = f"{subpackage}._xml"
    root = "." * (subpackage.count(".") + 2)
    lines = [f"from {root} import _xmlcodec as rt"]
    if bulk_items or any(c.after_lines for c in codecs):
        lines.insert(0, f"from {root} import _xmlbulk as bulk")
    # The value converters that readers call for every value are imported by name: a global
    # lookup is cheaper than a module attribute lookup on each call.
    converters = sorted(
        {name for c in codecs for b in c.branches for line in b.lines for name in _CONVERTER_CALL.findall(line)}
    )
    if converters:
        codecs = tuple(_direct_calls(c) for c in codecs)
        line = f"from {root}_xmlcodec import {', '.join(converters)}"
        if len(line) > LINE_LENGTH:
            line = f"from {root}_xmlcodec import (\n" + "".join(f"    {n},\n" for n in converters) + ")"
        lines.append(line)
    lines += [f"from {root}{other} import _xml as {codec_alias(other)}" for other in sorted(module.codec_modules)]
    enums = [t.value for t in members if t.value.kind is TypeKind.ENUMERATION]
    classes = module.classes | {(t.module, t.python_name) for t in enums}
    lines += [import_line(here, target, name) for target, name in sorted(classes)]
    return CodecModuleView(
        namespace=members[0].namespace,
        imports=tuple(lines),
        constants=tuple(sorted((constant, xml_name) for xml_name, constant in module.constants.items())),
        enum_maps=tuple((f"values_{t.suffix}", t.python_name) for t in enums),
        codecs=codecs,
        bulk_items=bulk_items,
    )


def bulk_types(plan: XmlPlan) -> frozenset[str]:
    """The IRIs of the types whose elements some field repeats and the bulk reader can read."""
    repeated = {f.value.iri for fields in plan.fields.values() for f in fields if f.multiplicity.is_many}
    return frozenset(iri for iri in repeated if iri in plan.types and plan.types[iri].bulk_leaves)


def _column_loop(values: list[str], columns: list[str]) -> list[str]:
    """``for v1, v2 in zip(c1, c2):`` (or ``for v1 in c1:``), wrapped as a formatter wraps it."""
    if len(values) == 1:
        return [f"for {values[0]} in {columns[0]}:"]
    head, arguments = f"for {', '.join(values)} in zip(", ", ".join(columns)
    if 4 + len(head) + len(arguments) + 2 <= LINE_LENGTH:
        return [f"{head}{arguments}):"]
    if 8 + len(arguments) <= LINE_LENGTH:
        return [head, f"    {arguments}", "):"]
    return [head, *(f"    {column}," for column in columns), "):"]


def _bulk_view(xml_type: XmlType, module: _Module) -> BulkView:
    """The bulk reader's maker and record of a type: its class, reader, fields and leaves."""
    value = xml_type.value
    suffix = value.suffix
    leaves = xml_type.bulk_leaves
    columns = {name: f"v{number}" for number, (_, name, _) in enumerate(leaves, start=1)}
    parameters = [f"c{n}" for n in range(1, len(columns) + 1)]
    lines = [f"made: list[{value.python_name}] = []", *_column_loop(list(columns.values()), parameters)]
    lines += [f"    obj = _new({value.python_name})"]
    for name, many in xml_type.blank_fields or ():
        lines.append(f"    obj.{name} = {columns.get(name) or ('[]' if many else 'None')}")
    lines += ["    made.append(obj)", "return made"]
    signature = fit_signature(f"make_{suffix}", [f"{c}: Any" for c in parameters], f"list[{value.python_name}]")
    # one argument and one leaf a line, each with a trailing comma, as a formatter leaves it (a
    # formatter joins a tuple of one, whose comma is not a choice)
    described = [f"({module.constant(tag)}, {pystr(name)}, {pystr(kind)})" for tag, name, kind in leaves]
    tuple_lines = (
        f"({described[0]},)" if len(described) == 1 else "(\n" + "".join(f"        {d},\n" for d in described) + "    )"
    )
    spec = f"bulk.BulkItems(\n    parse_{suffix},\n    make_{suffix},\n    {tuple_lines},\n)"
    return BulkView(f"bulk_{suffix}", signature, tuple(lines), spec)
