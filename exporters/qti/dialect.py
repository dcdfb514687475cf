"""The two QTI spellings: 2.1 (camelCase elements, imsqti_v2p1) and 3.0 (qti- kebab-case, imsqtiasi_v3p0)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    version: str
    ns: str
    item_type: str  # the manifest's resource type
    test_type: str
    template: str  # response-processing template URI for "match correct"
    kebab: bool
    cp: str  # the content package (imsmanifest.xml) namespace

    def el(self, name: str) -> str:
        """``choiceInteraction`` → ``choiceInteraction`` (2.1) or ``qti-choice-interaction`` (3.0); HTML names stay."""
        if not self.kebab or name in _HTML:
            return f"{{{self.ns}}}{name}"
        return f"{{{self.ns}}}qti-{_kebab(name)}"

    def attr(self, name: str) -> str:
        return _kebab(name) if self.kebab else name


_HTML = {"p", "div", "span", "b", "i", "u", "sub", "sup", "br", "img", "table", "tbody", "tr", "td", "strong", "em"}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


QTI21 = Dialect("2.1", "http://www.imsglobal.org/xsd/imsqti_v2p1", "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1",
                "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct", kebab=False,
                cp="http://www.imsglobal.org/xsd/imscp_v1p1")
QTI30 = Dialect("3.0", "http://www.imsglobal.org/xsd/imsqtiasi_v3p0", "imsqti_item_xmlv3p0", "imsqti_test_xmlv3p0",
                "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct", kebab=True,
                cp="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1")
MATHML = "http://www.w3.org/1998/Math/MathML"
