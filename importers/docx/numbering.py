"""Word automatic numbering: the label Word prints for a numbered paragraph ("Câu 3:", "A.", "2.")."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from importers.docx.package import W

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never


@dataclass
class NumLabel:
    """A printed auto-number: ``text`` as Word shows it, ``value`` the counter, ``fmt`` its format."""

    text: str
    value: int
    fmt: str
    level: int
    num_id: str


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> startOverride
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph style -> (numId, ilvl)
    # Counters are kept per abstract list: numIds sharing an abstractNum continue one list,
    # unless a startOverride restarts it at that num's first paragraph (Word's behaviour).
    _counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: etree._Element | None, styles_root: etree._Element | None = None) -> Numbering:
        nb = cls()
        if root is not None:
            for an in root.iterchildren(W + "abstractNum"):
                aid = an.get(W + "abstractNumId", "")
                nb.abstract[aid] = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in an.iterchildren(W + "lvl")}
            for num in root.iterchildren(W + "num"):
                nid = num.get(W + "numId", "")
                aref = num.find(W + "abstractNumId")
                nb.nums[nid] = aref.get(W + "val", "") if aref is not None else ""
                for ov in num.iterchildren(W + "lvlOverride"):
                    ilvl = _int(ov.get(W + "ilvl"), 0)
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        nb.overrides.setdefault(nid, {})[ilvl] = _int(so.get(W + "val"), 1)
                    lvl = ov.find(W + "lvl")
                    if lvl is not None:  # a whole level redefined for this num only: give it its own list
                        own = dict(nb.abstract.get(nb.nums[nid], {}))
                        own[ilvl] = _level(lvl)
                        nb.abstract["num:" + nid] = own
                        nb.nums[nid] = "num:" + nid
        if styles_root is not None:
            for st in styles_root.iterchildren(W + "style"):
                numpr = st.find(W + "pPr/" + W + "numPr")
                if numpr is not None:
                    nid = numpr.find(W + "numId")
                    ilvl = numpr.find(W + "ilvl")
                    if nid is not None:
                        nb.style_num[st.get(W + "styleId", "")] = (
                            nid.get(W + "val", ""),
                            _int(ilvl.get(W + "val"), 0) if ilvl is not None else 0,
                        )
        return nb

    def label(self, num_id: str, ilvl: int) -> NumLabel | None:
        """Advance the list and return the label of this paragraph (None for bullets / no list)."""
        if num_id in ("", "0") or num_id not in self.nums:
            return None
        aid = self.nums[num_id]
        levels = self.abstract.get(aid)
        if not levels or ilvl not in levels:
            return None
        counters = self._counters.setdefault(aid, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lv, start in self.overrides.get(num_id, {}).items():
                counters[lv] = start - 1
                for deeper in [k for k in counters if k > lv]:
                    del counters[deeper]
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            # Deeper levels restart when a shallower one advances (unless lvlRestart says never).
            if levels.get(deeper, Level()).restart != 0:
                del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return None
        text = lvl.text
        for k in range(ilvl + 1):
            token = f"%{k + 1}"
            if token in text:
                klvl = levels.get(k, Level())
                value = counters.get(k, klvl.start)
                text = text.replace(token, format_number(value, klvl.fmt))
        return NumLabel(text=text, value=counters[ilvl], fmt=lvl.fmt, level=ilvl, num_id=num_id)


def _level(lvl: etree._Element) -> Level:
    def val(tag: str) -> str | None:
        el = lvl.find(W + tag)
        return None if el is None else el.get(W + "val")

    restart = val("lvlRestart")
    return Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") if val("lvlText") is not None else "%1.",
        restart=int(restart) if restart is not None and restart.isdigit() else None,
    )


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        s = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = ""
        k = n
        for v, sym in _ROMAN:
            while k >= v:
                s += sym
                k -= v
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _int(value: str | None, default: int) -> int:
    """An integer attribute; a damaged value falls back to Word's default instead of failing the file."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
