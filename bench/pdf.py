"""PDF benchmark: first PDF after a server starts, then per paper, through the shared converter service.

    python -m bench.pdf [--versions 4] [--repeat 3]

Makes a 50-question exam in ``--versions`` versions as .docx (bench/export.py's blueprint), then:

1. reference: one ``soffice --convert-to`` call for one paper (LibreOffice starts per call, as
   before the long-running converter);
2. starts the converter service as ``qbank serve`` does (``officeconv.service``, socket in a temp
   instance folder), times until its first office is warm, and converts one paper: the first PDF
   after start, also asked for at once, before the office is warm (what a request right after
   start-up would wait);
3. one paper per call, ``--repeat`` times over every version (per paper);
4. the versions and the marking guide as one batch (``docx_to_pdf(paths)``: both offices side by side).

Prints each figure with the load average beside it (timings are noisy on a shared machine) and
writes bench/_out/pdf.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_papers(folder: Path, versions: int) -> tuple[list[Path], list[Path]]:
    """The versions' .docx papers and the marking guide, made for LibreOffice as PdfExporter does."""
    from bench.export import blueprint_50
    from exporters.docx.guide import DocxGuideExporter
    from exporters.docx.paper import DocxPaperExporter
    from qbank.demo.sample_exam import blob_id, candidates_for, png_graph, sample_bank
    from qbank.domain.assembly import assemble
    from qbank.domain.exam import paper_from_selection
    from qbank.domain.versions import build_versions

    png = png_graph()
    blobs = {blob_id(png): png}
    bank = sample_bank(per_cell=8, picture=blob_id(png))
    bp = blueprint_50()
    sel = assemble(bp, candidates_for(bank), seed=2025)
    paper = paper_from_selection(bp, sel.ids_by_part(), bank, points=sel.points(), name="bench 50")
    build_versions(paper, versions, seed=7)
    folder.mkdir(parents=True, exist_ok=True)
    papers = DocxPaperExporter(for_libreoffice=True).export(paper, folder, blobs).paths
    guide = DocxGuideExporter(for_libreoffice=True).export(paper, folder, blobs).paths
    return papers, guide


def load() -> float:
    return round(os.getloadavg()[0], 2)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the versions, one paper per call")
    args = ap.parse_args(argv)

    from exporters.pdf import docx_to_pdf
    from officeconv import soffice_path, uno_python
    from officeconv.converter import batch_convert_cli
    from officeconv.service import SOCKET_ENV, ensure_service, ping, socket_path_for, stop_service

    if soffice_path() is None or uno_python() is None:
        raise SystemExit("bench/pdf.py needs LibreOffice and python3-uno (apt-get install libreoffice-writer-nogui python3-uno)")
    work = Path(tempfile.mkdtemp(prefix="qbank-bench-pdf-"))
    out: dict[str, Any] = {"cpus": os.cpu_count(), "versions": args.versions}
    sock = socket_path_for(work / "instance")
    try:
        papers, guide = make_papers(work / "docx", args.versions)
        one = papers[:1]

        t0 = time.perf_counter()
        batch_convert_cli(one, work / "cli", "pdf:writer_pdf_Export")
        out["reference_soffice_per_call_s"] = {"s": round(time.perf_counter() - t0, 3), "load": load()}
        print("reference: one soffice --convert-to call for one paper", out["reference_soffice_per_call_s"], flush=True)

        os.environ[SOCKET_ENV] = str(sock)
        # (a) a request at once after start-up: it waits for the office to finish starting.
        t0 = time.perf_counter()
        ensure_service(sock, owner=os.getpid())
        docx_to_pdf(one, work / "pdf-cold")
        out["first_pdf_right_after_start_s"] = {"s": round(time.perf_counter() - t0, 3), "load": load()}
        print("first PDF asked at once after start (includes the office start)", out["first_pdf_right_after_start_s"], flush=True)
        stop_service(sock)

        # (b) the service as qbank serve starts it: warming while the workers boot.
        t0 = time.perf_counter()
        ensure_service(sock, owner=os.getpid())
        while not (ping(sock) or {}).get("warm"):
            time.sleep(0.02)
        out["service_warm_after_s"] = {"s": round(time.perf_counter() - t0, 3), "load": load()}
        print("service started, first office warm after", out["service_warm_after_s"], flush=True)
        t0 = time.perf_counter()
        docx_to_pdf(one, work / "pdf-first")
        out["first_pdf_after_start_s"] = {"s": round(time.perf_counter() - t0, 3), "load": load()}
        print("first PDF after start", out["first_pdf_after_start_s"], flush=True)

        per_paper = []
        for k in range(args.repeat):
            for p in papers:
                t0 = time.perf_counter()
                docx_to_pdf([p], work / f"pdf-{k}")
                per_paper.append(time.perf_counter() - t0)
        out["per_paper_s"] = {"median": round(statistics.median(per_paper), 3), "max": round(max(per_paper), 3),
                              "n": len(per_paper), "load": load()}  # fmt: skip
        print("then one paper per call", out["per_paper_s"], flush=True)

        batch = papers + guide
        t0 = time.perf_counter()
        docx_to_pdf(batch, work / "pdf-batch")
        t = time.perf_counter() - t0
        out["batch"] = {"files": len(batch), "s": round(t, 3), "per_file_s": round(t / len(batch), 3), "load": load()}
        print(f"batch: {args.versions} versions + guide in one call", out["batch"], flush=True)
        out["service"] = ping(sock)
    finally:
        stop_service(sock)
        os.environ.pop(SOCKET_ENV, None)
        shutil.rmtree(work, ignore_errors=True)
    dest = ROOT / "bench" / "_out"
    dest.mkdir(exist_ok=True)
    (dest / "pdf.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
