"""What every IEC 61968-9 code-table enum shares, and the helpers of the codecs built on them.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

__all__ = ["CACHE_LIMIT", "CodeError", "CodeFacts", "folded", "part_number"]

CACHE_LIMIT = 65536
"""How many decoded codes a codec keeps before it starts its cache afresh."""


class CodeError(ValueError):
    """A code that does not decode; the message names the part and the value."""


class CodeFacts:
    """What every code-table enum member knows about itself."""

    __facts__: ClassVar[dict[Any, tuple[str, str, str, tuple[str, ...]]]]
    value: Any
    name: str

    @property
    def mnemonic(self) -> str:
        """The mnemonic the standard's lineage uses, such as ``fifteenMinute``."""
        return self.__facts__[self.value][0]

    @property
    def description(self) -> str:
        """A short description."""
        return self.__facts__[self.value][1]

    @property
    def confidence(self) -> str:
        """``agreed``, ``single-source:...``, ``conflict`` or ``vendor``."""
        return self.__facts__[self.value][2]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names deployed systems give the code (``MINUTE15``, ``n/a``); lookups accept them."""
        return self.__facts__[self.value][3]

    @classmethod
    def lookup(cls, text: str | int) -> Self:
        """The member for a number, member name, mnemonic, alias, or dashed name (``fifteen-minute``).

        Raises:
            CodeError: Nothing in the table has that name or number.
        """
        members: dict[str, Any] = cls.__members__  # type: ignore[attr-defined]
        if isinstance(text, int) or (isinstance(text, str) and text.lstrip("-").isdigit()):
            number = int(text)
            for member in members.values():
                if member.value == number:
                    return member  # type: ignore[no-any-return]
        else:
            wanted = text.strip()
            wanted_folded = folded(wanted)
            for member in members.values():
                if wanted in (member.name, member.mnemonic, str(member.value), *member.aliases):
                    return member  # type: ignore[no-any-return]
            for member in members.values():
                names = (member.name, member.mnemonic, *member.aliases)
                if wanted_folded in (folded(name) for name in names):
                    return member  # type: ignore[no-any-return]
        raise CodeError(f"{cls.__name__} has no code named {text!r}")


def folded(name: str) -> str:
    """A name as lookups compare it: no dashes or underscores, lower case (``fifteen-minute``)."""
    return name.replace("-", "").replace("_", "").lower()


def dotted_parts(text: str, count: int, what: str) -> list[str]:
    """The dot-separated parts of a code or mnemonic path, which must number ``count``.

    Raises:
        CodeError: Naming ``what`` was expected and how many parts ``text`` has.
    """
    parts = text.strip().split(".")
    if len(parts) != count:
        raise CodeError(f"{what} has {count} parts; {text!r} has {len(parts)}")
    return parts


def part_number(code: str, index: int, part: str, field: str) -> int:
    """One part of a dotted code as a number; digits only, with an optional minus sign."""
    digits = part.removeprefix("-")
    if not digits.isascii() or not digits.isdigit():
        raise CodeError(f"part {index} ({field}) of {code!r} is {part!r}, not a number")
    return int(part)
