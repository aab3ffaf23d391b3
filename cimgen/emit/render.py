"""The Jinja2 environment and the filters that templates use.

Templates are thin: they lay out strings that views and these filters compute.
User templates, when given, are looked up first, so any built-in template can be
overridden by one of the same name.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from pathlib import Path

import jinja2

from cimgen.cache import cache_root
from cimgen.plan.python_types import pystr
from cimgen.resources import templates_dir
from cimgen.runtime._xmlvalues import with_article

DOC_WIDTH = 100
LINE_LENGTH = 120


def _wrap(paragraph: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than the width stands on its own line."""
    if len(paragraph) <= width:
        return [paragraph] if paragraph else []
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def docstring(text: str, indent: int = 0, fallback: str = "") -> str:
    """A docstring body: paragraphs wrapped, backslashes and triple quotes escaped.

    Args:
        text: The documentation text, possibly with line breaks.
        indent: How far the docstring is indented in the generated module.
        fallback: What to say when ``text`` is empty.

    Returns:
        The lines joined with newlines and indented; no quotes around them.
    """
    source = text.strip() or fallback
    source = source.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    width = max(DOC_WIDTH - indent, 40)
    paragraphs = [" ".join(p.split()) for p in source.replace("\r", "").split("\n")]
    lines: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if lines:
            lines.append("")
        lines.extend(_wrap(paragraph, width))
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "
    pad = " " * indent
    return "\n".join((pad + line) if line else "" for line in lines).lstrip()


def assignment(target: str, value: str, indent: int = 4) -> str:
    """``target = value``, with the value in parentheses on its own line when too long, as a formatter does."""
    line = f"{target} = {value}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    return f"{target} = (\n{pad}    {value}\n{pad})"


def _top_level_split(text: str) -> tuple[int, list[str]]:
    """(index of the last opening bracket whose match ends the text, its arguments split at commas)."""
    depth = 0
    quote = ""
    opening = -1
    stack: list[int] = []
    commas: dict[int, list[int]] = {}
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            stack.append(index)
            depth += 1
        elif char in ")]}":
            opening = stack.pop()
            depth -= 1
        elif char == "," and stack:
            commas.setdefault(stack[-1], []).append(index)
        index += 1
    if not text.endswith(")") or opening < 0:
        return -1, []
    bounds = [opening, *commas.get(opening, []), len(text) - 1]
    arguments = [text[start + 1 : end].strip() for start, end in itertools.pairwise(bounds)]
    return opening, [a for a in arguments if a]


def fit_call(line: str, indent: int = 0) -> str:
    """A statement ending in a call, exploded one argument a line (with a trailing comma) when too long.

    The trailing comma keeps a formatter from joining the arguments again, so the result is
    what ``ruff format`` leaves as it is.
    """
    if indent + len(line) <= LINE_LENGTH:
        return line
    opening, arguments = _top_level_split(line)
    if opening < 0 or not arguments:
        return line
    pad = " " * indent
    target, equals, value = line.partition(" = ")
    if equals and indent + opening + 1 > LINE_LENGTH and "(" not in target:
        # The call's own head is too long: the value goes in parentheses on its own lines.
        return f"{target} = (\n{pad}    {fit_call(value, indent + 4)}\n{pad})"
    body = "".join(f"{pad}    {argument},\n" for argument in arguments)
    return f"{line[: opening + 1]}\n{body}{pad})"


def fit_signature(name: str, parameters: list[str], returns: str, indent: int = 0) -> str:
    """A ``def`` line, or the parameters one a line with a trailing comma when it is too long."""
    line = f"def {name}({', '.join(parameters)}) -> {returns}:"
    if indent + len(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    body = "".join(f"{pad}    {parameter},\n" for parameter in parameters)
    return f"def {name}(\n{body}{pad}) -> {returns}:"


def string_source(text: str, indent: int = 0) -> str:
    """A Python string literal for ``text``; one too long for a line is split after its newlines
    (and within lines as long) into adjacent literals in parentheses, as a formatter leaves them."""
    literal = pystr(text)
    if indent + len(literal) + 4 <= LINE_LENGTH:
        return literal
    width = LINE_LENGTH - indent - 8
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(pystr(line)) > width:
            cut = width - 2
            while len(pystr(line[:cut])) > width:
                cut -= 8
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    pad = " " * indent
    return "(\n" + "".join(f"{pad}    {pystr(piece)}\n" for piece in pieces) + f"{pad})"


def tuple_source(items: Sequence[str]) -> str:
    """A tuple display of the given Python sources on one line: ``(a,)``, ``(a, b)``."""
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def tuple_constant(name: str, items: Sequence[str]) -> str:
    """A module-level tuple of strings: one line for one item, else one item a line (a trailing comma keeps it so)."""
    if len(items) == 1:
        return assignment(name, tuple_source([pystr(items[0])]), 0)
    return f"{name} = (\n" + "".join(f"    {pystr(item)},\n" for item in items) + ")"


def environment(extra_template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """The Jinja2 environment: strict, whitespace-controlled, user templates first.

    One environment per set of template folders serves the whole process, so each template is
    compiled once (Jinja2 recompiles a template whose file changed since).
    """
    return _environment(tuple(Path(d).resolve() for d in extra_template_dirs))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja2 checks each against its source); None without a cache folder."""
    folder = cache_root() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=16)
def _environment(extra_template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in extra_template_dirs]
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["docstring"] = docstring
    env.filters["pystr"] = pystr
    env.filters["assignment"] = assignment
    env.filters["fit_call"] = fit_call
    env.filters["tuple_constant"] = tuple_constant
    env.filters["with_article"] = with_article
    return env


def exploded(prefix: str, source: str, suffix: str) -> str:
    """``prefix + source + suffix`` on one line, or, when too long, a tuple display one item a line
    (as a formatter lays it out)."""
    line = f"{prefix}{source}{suffix}"
    if len(line) <= LINE_LENGTH or not source.startswith("("):
        return line
    indent = " " * (len(prefix) - len(prefix.lstrip()))
    items = _tuple_items(source[1:-1])
    body = "".join(f"{indent}    {item},\n" for item in items)
    return f"{prefix}(\n{body}{indent}){suffix}"


def _tuple_items(inside: str) -> list[str]:
    """The items of a tuple display's inside: split at commas outside string literals and brackets."""
    items: list[str] = []
    current: list[str] = []
    quote, escaped, depth = "", False, 0
    for char in inside:
        if quote:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char in "([{":
            depth += 1
            current.append(char)
        elif char in ")]}":
            depth -= 1
            current.append(char)
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    tail = "".join(current).strip()
    return [*items, tail] if tail else items
