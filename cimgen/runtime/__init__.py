"""The runtime that generated packages carry: ordinary Python, copied verbatim into each package.

Modules here are named as they are inside a generated package (``_xmlcodec``, ``_codefacts``, ...).
They are linted, type-checked and unit-tested here; the emitters copy them unchanged
(:mod:`cimgen.emit.runtime`), next to the small generated modules that hold what varies
per package (``_xmlroots``, ``_codetables``), whose defaults live here too.
"""
