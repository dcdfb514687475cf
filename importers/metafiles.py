"""WMF/EMF pictures (Word drawings, MathType previews) get a PNG rendering for browsers; originals stay for Word."""

from __future__ import annotations

from collections.abc import Iterator

from importers.base import ImportResult
from qbank.domain.content import Content, Image, Ole

METAFILE_SUFFIX = {"image/x-wmf": ".wmf", "image/wmf": ".wmf", "image/x-emf": ".emf", "image/emf": ".emf"}
PER_PICTURE_TIMEOUT_S = 20.0
_INSTALL = "apt-get install libreoffice-writer-nogui python3-uno"


def _contents(result: ImportResult) -> Iterator[Content]:
    for q in result.questions:
        yield from q.all_contents()
    yield from result.passages.values()


def render_metafiles(result: ImportResult, converter: object | None = None) -> int:
    """Add a PNG rendering for every WMF/EMF picture the questions use and point the content at it.

    Runs in the calling process (it uses the process's warm LibreOffice, never one per picture);
    returns how many pictures were rendered. A picture that cannot be rendered is named in a
    warning and shown as a placeholder of its size.
    """
    wanted = {sha: blob for sha, blob in result.blobs.items() if blob.mime in METAFILE_SUFFIX}
    if not wanted:
        return 0
    from officeconv import ConversionError, shared_converter, soffice_path, warm_converter_available

    if converter is None:
        if soffice_path() is None or not warm_converter_available():
            result.warn(
                result.source,
                f"{len(wanted)} Windows picture(s) (WMF/EMF) cannot be shown in a browser without LibreOffice"
                f" ({_INSTALL}); they are shown as placeholders and kept for the Word export",
            )
            return 0
        converter = shared_converter()
    rendered: dict[str, str] = {}
    for n, (sha, blob) in enumerate(wanted.items(), 1):
        try:
            png = converter.graphic_to_png(blob.data, METAFILE_SUFFIX[blob.mime], timeout_s=PER_PICTURE_TIMEOUT_S)  # type: ignore[attr-defined]
        except ConversionError as exc:
            result.warn(f"picture {n} ({blob.mime.rsplit('-', 1)[-1].upper()}, {sha[:12]})",
                        f"could not be converted for the browser ({exc}); a placeholder of its size is shown")  # fmt: skip
            continue
        rendered[sha] = result.add_blob(png, "image/png")
    for content in _contents(result):
        for inline in content.inlines():
            if isinstance(inline, Image) and inline.blob in rendered:
                inline.web = rendered[inline.blob]
            elif isinstance(inline, Ole) and inline.preview in rendered:
                inline.preview_web = rendered[inline.preview]
    if rendered:
        result.info(result.source, f"{len(rendered)} Windows picture(s) (WMF/EMF) converted to PNG for the web;"
                                   " the originals are kept for the Word export")  # fmt: skip
    return len(rendered)
