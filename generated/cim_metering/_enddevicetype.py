"""The IEC 61968-9 EndDeviceEventType and EndDeviceControlType codecs: ``type.domain.subdomain.eventOrAction``.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Self

from ._codefacts import CodeError, CodeFacts, dotted_parts, part_number
from ._codetables import EndDeviceDomain, EndDeviceEventOrAction, EndDeviceSubdomain, EndDeviceType

__all__ = ["EndDeviceControlType", "EndDeviceEventType"]


_END_DEVICE_FIELDS = ("type", "domain", "subdomain", "event_or_action")
_END_DEVICE_TABLES: tuple[type[Any], ...] = (EndDeviceType, EndDeviceDomain, EndDeviceSubdomain, EndDeviceEventOrAction)
_END_DEVICE_MAPS: tuple[dict[int, Any], ...] = tuple(dict(table._value2member_map_) for table in _END_DEVICE_TABLES)


class EndDeviceEventType(NamedTuple):
    """An IEC 61968-9 EndDeviceEventType: ``type.domain.subdomain.eventOrAction``.

    A part is ``None`` where the code has the wildcard ``*``; 0 means not applicable.
    ``parse("3.26.38.85")`` decodes, ``from_mnemonics("ElectricMeter.Power.Voltage.Failed")``
    looks up by names, ``str()`` encodes, ``describe()`` reads it out.
    """

    type: EndDeviceType | int | None
    domain: EndDeviceDomain | int | None
    subdomain: EndDeviceSubdomain | int | None
    event_or_action: EndDeviceEventOrAction | int | None

    @classmethod
    def parse(cls, code: str, *, strict: bool = True) -> Self:
        """Decode a dotted four-part code; ``*`` is a wildcard.

        Raises:
            CodeError: Naming the part and the value that do not decode.
        """
        parts = dotted_parts(code, 4, f"an {cls.__name__} code")
        values: list[Any] = []
        for index, (part, lookup) in enumerate(zip(parts, _END_DEVICE_MAPS, strict=True)):
            if part == "*":
                values.append(None)
                continue
            number = part_number(code, index + 1, part, _END_DEVICE_FIELDS[index])
            member = lookup.get(number)
            if member is None:
                if strict:
                    name = _END_DEVICE_TABLES[index].__name__
                    field = _END_DEVICE_FIELDS[index]
                    raise CodeError(f"part {index + 1} ({field}) of {code!r}: {number} is no {name} code")
                member = number
            values.append(member)
        return cls(*values)

    @classmethod
    def from_mnemonics(cls, path: str) -> Self:
        """Look up a code by its mnemonic path, such as ``ElectricMeter.Power.Voltage.MinLimitReached``.

        Raises:
            CodeError: A name that is not in its table.
        """
        parts = dotted_parts(path, 4, "a mnemonic path")
        pairs = zip(parts, _END_DEVICE_TABLES, strict=True)
        return cls(*(None if part == "*" else table.lookup(part) for part, table in pairs))

    def __str__(self) -> str:
        return ".".join("*" if part is None else str(int(part)) for part in self)

    def mnemonics(self) -> str:
        """The mnemonic path, such as ``ElectricMeter.Power.NA.Failed``."""
        return ".".join(
            "*" if part is None else part.mnemonic if isinstance(part, CodeFacts) else str(part) for part in self
        )

    def describe(self) -> str:
        """The four parts' mnemonics, separated by slashes."""
        return " / ".join(
            "any" if part is None else part.mnemonic if isinstance(part, CodeFacts) else f"unknown {part}"
            for part in self
        )

    def matches(self, other: EndDeviceEventType) -> bool:
        """True when the codes agree on every part where neither has a wildcard."""
        return all(a is None or b is None or int(a) == int(b) for a, b in zip(self, other, strict=True))


class EndDeviceControlType(EndDeviceEventType):
    """An IEC 61968-9 EndDeviceControlType: the same four parts, naming what to do."""

    __slots__ = ()
