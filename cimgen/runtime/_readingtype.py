"""The IEC 61968-9 ReadingType codec: the 18-part dotted code as a value object.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ._codefacts import CACHE_LIMIT, CodeError, CodeFacts, dotted_parts, part_number
from ._codetables import (
    Accumulation,
    Aggregate,
    Commodity,
    Currency,
    FlowDirection,
    MacroPeriod,
    MeasurementKind,
    MeasuringPeriod,
    Multiplier,
    Phase,
    UnitSymbol,
)

__all__ = ["READING_TYPE_FIELDS", "READING_TYPE_TABLES", "ReadingType"]


READING_TYPE_FIELDS = (
    "macro_period",
    "aggregate",
    "measuring_period",
    "accumulation",
    "flow_direction",
    "commodity",
    "measurement_kind",
    "interharmonic_numerator",
    "interharmonic_denominator",
    "argument_numerator",
    "argument_denominator",
    "tou",
    "cpp",
    "consumption_tier",
    "phases",
    "multiplier",
    "uom",
    "currency",
)
READING_TYPE_TABLES: tuple[type[Any] | None, ...] = (
    MacroPeriod,
    Aggregate,
    MeasuringPeriod,
    Accumulation,
    FlowDirection,
    Commodity,
    MeasurementKind,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Phase,
    Multiplier,
    UnitSymbol,
    Currency,
)
_READING_TYPE_MAPS: tuple[dict[int, Any] | None, ...] = tuple(
    None if table is None else dict(table._value2member_map_) for table in READING_TYPE_TABLES
)
# For the fast path: each part's canonical spelling straight to its value (plain parts up to 1023).
_PLAIN_NUMBERS = {str(n): n for n in range(1024)}
_READING_TYPE_SPELLINGS: tuple[dict[str, Any], ...] = tuple(
    _PLAIN_NUMBERS if table is None else {str(int(member)): member for member in table} for table in READING_TYPE_TABLES
)
_PREFIX_SYMBOLS = {
    -24: "y", -21: "z", -18: "a", -15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", -2: "c", -1: "d",
    0: "", 1: "da", 2: "h", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E", 21: "Z", 24: "Y",
}  # fmt: skip


class ReadingType(NamedTuple):
    """An IEC 61968-9 ReadingType: the 18-part dotted code as a value object.

    ``ReadingType.parse("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0")`` decodes a code,
    ``str(reading_type)`` encodes it, ``ReadingType.build(measuring_period="fifteenMinute", ...)``
    builds one from names, and ``describe()`` reads it out. Parts that are not in a table
    stay plain numbers when parsed leniently.
    """

    macro_period: MacroPeriod | int = MacroPeriod.NONE
    aggregate: Aggregate | int = Aggregate.NONE
    measuring_period: MeasuringPeriod | int = MeasuringPeriod.NONE
    accumulation: Accumulation | int = Accumulation.NONE
    flow_direction: FlowDirection | int = FlowDirection.NONE
    commodity: Commodity | int = Commodity.NONE
    measurement_kind: MeasurementKind | int = MeasurementKind.NONE
    interharmonic_numerator: int = 0
    interharmonic_denominator: int = 0
    argument_numerator: int = 0
    argument_denominator: int = 0
    tou: int = 0
    cpp: int = 0
    consumption_tier: int = 0
    phases: Phase | int = Phase.NONE
    multiplier: Multiplier | int = Multiplier.NONE
    uom: UnitSymbol | int = UnitSymbol.NONE
    currency: Currency | int = Currency.OTHER

    @classmethod
    def parse(cls, code: str, *, strict: bool = True) -> ReadingType:
        """Decode a dotted 18-part code.

        Args:
            code: The code, such as ``0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0``.
            strict: Refuse parts that are not in their table; otherwise keep them as numbers.

        Raises:
            CodeError: Naming the part and the value that do not decode.
        """
        cache = _STRICT_READING_TYPES if strict else _LENIENT_READING_TYPES
        found = cache.get(code)
        if found is not None:
            return found
        parts = code.split(".")
        try:
            # The fast path: every part spelled canonically and known to its table.
            pairs = zip(parts, _READING_TYPE_SPELLINGS, strict=True)
            values: list[Any] = [spellings[part] for part, spellings in pairs]
        except (KeyError, ValueError):
            values = _reading_type_parts(code, strict)
        reading_type: ReadingType = tuple.__new__(cls, values)
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[code] = reading_type
        return reading_type

    @classmethod
    def build(cls, **parts: Any) -> ReadingType:
        """Build a ReadingType from parts given by member, number, member name or mnemonic.

        Raises:
            CodeError: An unknown part name, or a value its table does not have.
        """
        values: dict[str, Any] = {}
        for field, value in parts.items():
            key = field.replace("-", "_")
            if key not in READING_TYPE_FIELDS:
                raise CodeError(f"ReadingType has no part {field!r}")
            table = READING_TYPE_TABLES[READING_TYPE_FIELDS.index(key)]
            values[key] = int(value) if table is None else table.lookup(value)
        return cls(**values)

    def __str__(self) -> str:
        return ".".join(str(int(part)) for part in self)

    def describe(self) -> str:
        """A readable phrase, leaving out the parts that are not applicable."""
        words: list[str] = []
        for part in (self.macro_period, self.aggregate, self.measuring_period, self.accumulation):
            if int(part) != 0:
                words.append(part.description if isinstance(part, CodeFacts) else str(int(part)))
        for part in (self.flow_direction, self.commodity, self.measurement_kind):
            if int(part) != 0:
                words.append(part.description.lower() if isinstance(part, CodeFacts) else str(int(part)))
        if self.interharmonic_numerator or self.interharmonic_denominator:
            words.append(f"harmonic {self.interharmonic_numerator}/{self.interharmonic_denominator or 1}")
        if self.argument_numerator or self.argument_denominator:
            words.append(f"argument {self.argument_numerator}/{self.argument_denominator or 1}")
        for label, number in (("time of use", self.tou), ("critical peak period", self.cpp)):
            if number:
                words.append(f"{label} {number}")
        if self.consumption_tier:
            words.append(f"consumption tier {self.consumption_tier}")
        if int(self.phases) != 0:
            phases = self.phases
            words.append(phases.description if isinstance(phases, CodeFacts) else f"phases {int(phases)}")
        if int(self.uom) != 0 or int(self.multiplier) != 0:
            unit = self.uom.mnemonic if isinstance(self.uom, CodeFacts) else f"unit {int(self.uom)}"
            prefix = _PREFIX_SYMBOLS.get(int(self.multiplier), f"10^{int(self.multiplier)} ")
            words.append(f"{prefix}{unit} (10^{int(self.multiplier)} {unit})" if prefix else unit)
        if int(self.currency) != 0:
            currency = self.currency
            words.append(currency.name if isinstance(currency, CodeFacts) else f"currency {int(currency)}")
        if not words:
            return "not applicable"
        return ", ".join([words[0], *(w[:1].lower() + w[1:] if w[1:2].islower() else w for w in words[1:])])


def _reading_type_parts(code: str, strict: bool) -> list[Any]:
    """The slow path of ``ReadingType.parse``: name the part that fails, or keep unknown numbers."""
    parts = dotted_parts(code, 18, "a ReadingType code")
    numbers = [part_number(code, index + 1, part, READING_TYPE_FIELDS[index]) for index, part in enumerate(parts)]
    values: list[Any] = []
    for index, (number, lookup) in enumerate(zip(numbers, _READING_TYPE_MAPS, strict=True)):
        field = READING_TYPE_FIELDS[index]
        if lookup is None:
            if number < 0:
                raise CodeError(f"part {index + 1} ({field}) of {code!r} is negative")
            values.append(number)
            continue
        member = lookup.get(number)
        if member is None and strict:
            name = getattr(READING_TYPE_TABLES[index], "__name__", "")
            raise CodeError(f"part {index + 1} ({field}) of {code!r}: {number} is no {name} code")
        values.append(number if member is None else member)
    return values


_STRICT_READING_TYPES: dict[str, ReadingType] = {}
_LENIENT_READING_TYPES: dict[str, ReadingType] = {}
