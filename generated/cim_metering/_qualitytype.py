"""The IEC 61968-9 ReadingQualityType codec: ``system.category.index``.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

from typing import NamedTuple

from ._codefacts import CodeError, CodeFacts, dotted_parts, part_number
from ._codetables import QualityCategory, QualityIndex, QualitySystem

__all__ = ["ReadingQualityType"]


class ReadingQualityType(NamedTuple):
    """An IEC 61968-9 ReadingQualityType: ``system.category.index``."""

    system: QualitySystem | int
    category: QualityCategory | int
    sub_category: int

    @classmethod
    def parse(cls, code: str, *, strict: bool = True) -> ReadingQualityType:
        """Decode a dotted three-part quality code.

        Raises:
            CodeError: Naming the part and the value that do not decode.
        """
        parts = dotted_parts(code, 3, "a ReadingQualityType code")
        fields = ("system", "category", "sub_category")
        system, category, sub_category = (part_number(code, i + 1, p, fields[i]) for i, p in enumerate(parts))
        known_system: QualitySystem | None = QualitySystem._value2member_map_.get(system)  # type: ignore[assignment]
        known_category: QualityCategory | None = QualityCategory._value2member_map_.get(category)  # type: ignore[assignment]
        if strict and known_system is None:
            raise CodeError(f"part 1 (system) of {code!r}: {system} is no QualitySystem code")
        if strict and known_category is None:
            raise CodeError(f"part 2 (category) of {code!r}: {category} is no QualityCategory code")
        return cls(
            system if known_system is None else known_system,
            category if known_category is None else known_category,
            sub_category,
        )

    @property
    def quality_index(self) -> QualityIndex | None:
        """The third part's table entry, where the table has one (indexes are per category)."""
        found = QualityIndex._value2member_map_.get(f"{int(self.category)}.{self.sub_category}")
        return found if isinstance(found, QualityIndex) else None

    def __str__(self) -> str:
        return f"{int(self.system)}.{int(self.category)}.{self.sub_category}"

    def describe(self) -> str:
        """System, category and index read out."""
        system, category, index = self.system, self.category, self.quality_index
        said_system = system.description if isinstance(system, CodeFacts) else f"system {int(system)}"
        said_category = category.description if isinstance(category, CodeFacts) else f"category {int(category)}"
        said_index = index.description if index is not None else f"index {self.sub_category}"
        return f"{said_system}: {said_category}, {said_index}"
