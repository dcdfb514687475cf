"""A long-running, sandboxed LibreOffice converter shared by importers and exporters (no Flask, no qbank)."""

from officeconv.converter import (
    ConversionError,
    Converter,
    LibreOfficeMissing,
    soffice_path,
    uno_python,
)
from officeconv.shared import (
    convert_many,
    shared_converter,
    shared_converters,
    warm_converter_available,
    warm_in_background,
)

__all__ = [
    "ConversionError",
    "Converter",
    "LibreOfficeMissing",
    "convert_many",
    "shared_converter",
    "shared_converters",
    "soffice_path",
    "uno_python",
    "warm_converter_available",
    "warm_in_background",
]
