"""UNO side of the converter: drives one listening soffice, one JSON request per stdin line.

Run by the Python that has LibreOffice's ``uno`` module (Debian's python3-uno belongs to the
system interpreter, not to the project's virtualenv), so it imports nothing from the project.
Protocol: the first stdout line is ``{"ready": true}`` once connected; then each request line
``{"op": "convert"|"graphic", "src": PATH, "dst": PATH, "filter"|"mime": STR}`` gets one reply
line ``{"ok": true}`` or ``{"ok": false, "error": STR, "fatal": BOOL}`` (fatal: the office is
gone and must be restarted).
"""

from __future__ import annotations

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.uno import RuntimeException

NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE: never fetch linked content


def _props(**kw: object) -> tuple:
    out = []
    for name, value in kw.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def _connect(pipe: str, wait_s: float):  # noqa: ANN202 - UNO proxies have no Python type
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _convert(desktop, src: str, dst: str, filt: str) -> None:  # noqa: ANN001
    load = _props(
        Hidden=True,
        ReadOnly=True,
        MacroExecutionMode=NEVER_EXECUTE,
        UpdateDocMode=NO_UPDATE,
        RepairPackage=False,
        Silent=True,
    )
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, load)
    if doc is None:
        raise ValueError("LibreOffice could not open the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(FilterName=filt, Overwrite=True))
    finally:
        doc.close(True)


def _graphic(ctx, src: str, dst: str, mime: str) -> None:  # noqa: ANN001
    # GraphicProvider lives in LibreOffice's core (no Draw module needed) and renders WMF/EMF.
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.graphic.GraphicProvider", ctx)
    graphic = provider.queryGraphic(_props(URL=uno.systemPathToFileUrl(src)))
    if graphic is None:
        raise ValueError("LibreOffice could not read the picture")
    provider.storeGraphic(graphic, _props(URL=uno.systemPathToFileUrl(dst), MimeType=mime))


def main() -> int:
    pipe, wait_s = sys.argv[1], float(sys.argv[2])
    out = sys.stdout
    try:
        ctx = _connect(pipe, wait_s)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which restarts
        out.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        out.flush()
        return 1
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req["op"] == "convert":
                _convert(desktop, req["src"], req["dst"], req["filter"])
            elif req["op"] == "graphic":
                _graphic(ctx, req["src"], req["dst"], req["mime"])
            else:
                raise ValueError(f"unknown operation {req['op']!r}")
            reply = {"ok": True}
        except (DisposedException, RuntimeException) as exc:
            reply = {"ok": False, "error": str(exc.Message or type(exc).__name__)[:300], "fatal": True}
        except Exception as exc:  # noqa: BLE001 - one bad file must not end the worker
            msg = getattr(exc, "Message", None) or str(exc) or type(exc).__name__
            reply = {"ok": False, "error": msg[:300], "fatal": False}
        out.write(json.dumps(reply) + "\n")
        out.flush()
        if reply.get("fatal"):
            return 2
    # stdin closed: the parent is gone (even if it was killed outright), so the office goes too.
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001, S110 - it may already be gone
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
