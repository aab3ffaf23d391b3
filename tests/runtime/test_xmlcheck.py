"""The validation runtime of cimgen/runtime/_xmlcheck.py, tested where it is written."""

from __future__ import annotations

import datetime

from cimgen.runtime import _xmlcheck as rt
from cimgen.runtime._readingtype import ReadingType


def _codes(v: rt.Validation) -> list[tuple[str, str]]:
    return [(finding.code, finding.path) for finding in v.findings]


def test_counts_against_min_and_max_occurs() -> None:
    v = rt.Validation()
    rt.check_count([], 1, None, "/a", "b", v)
    rt.check_count([1, 2, 3], 0, 2, "/a", "c", v)
    rt.check_count([1], 1, 1, "/a", "d", v)
    assert _codes(v) == [("too-few", "/a/b"), ("too-many", "/a/c")]


def test_values_are_checked_against_their_type_and_facets() -> None:
    v = rt.Validation()
    rt.check_value("abc", "string", "string", (("maxLength", "2"),), "/s", v)
    rt.check_value(300, "integer", "unsignedByte", None, "/u", v)
    rt.check_value("x", "float", "double", None, "/f", v)
    rt.check_value("ab", "string", "string", (("pattern", "[a-z]+"),), "/ok", v)
    assert _codes(v) == [("facet", "/s"), ("facet", "/u"), ("bad-value", "/f")]


def test_codes_must_decode_or_name_an_object_the_document_defines() -> None:
    v = rt.Validation()
    rt.define(v, ReadingType, iter(["local-reading-type"]))
    rt.check_code(ReadingType, "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "/ok", v)
    rt.check_code(ReadingType, "local-reading-type", "/defined", v)
    rt.check_code(ReadingType, "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.9999.0", "/bad", v)
    assert _codes(v) == [("bad-code", "/bad")]


class _Reading:
    def __init__(self, stamp: datetime.datetime | None) -> None:
        self.time_stamp = stamp


def test_readings_out_of_order_and_duplicates_are_warnings() -> None:
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    later = base + datetime.timedelta(minutes=15)
    readings = [_Reading(later), _Reading(base), _Reading(base), _Reading(None)]
    v = rt.Validation()
    rt.check_time_order(readings, "/r", v)
    assert {finding.severity for finding in v.findings} == {"warning"}
    assert _codes(v) == [("readings-out-of-order", "/r[2]/timeStamp"), ("duplicate-reading", "/r[3]/timeStamp")]


def test_types_derived_from_string_keep_to_their_lexical_space() -> None:
    cases = {
        ("QName", "?"): False,
        ("QName", "m:xpath"): True,
        ("QName", "a:b:c"): False,
        ("NCName", "_x-1.2"): True,
        ("NCName", "1x"): False,
        ("Name", ":x"): True,
        ("token", " a  b "): True,  # whitespace collapses before the check
        ("normalizedString", "a\tb"): False,
        ("language", "en-GB"): True,
        ("language", "englishlanguage"): False,  # a subtag of more than 8 letters
        ("NMTOKEN", "2026-12-02"): True,
        ("NMTOKEN", "a b"): False,
        ("IDREFS", "a b c"): True,
        ("anyURI", "not checked"): True,
        ("string", "?"): True,
    }
    for (builtin, text), valid in cases.items():
        v = rt.Validation()
        rt.check_value(text, "string", builtin, None, "/x", v)
        found = [(f.code, f.message) for f in v.findings]
        assert found == ([] if valid else [("bad-value", f"{text!r} is not a valid {builtin}")]), (builtin, text)
