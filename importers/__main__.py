"""``python -m importers FILE... [--json]``: read files with the registered importers and print the result."""

from __future__ import annotations

import argparse
import json
import sys

from importers.base import read_file
from qbank.domain.errors import QBankError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m importers", description=__doc__)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--json", action="store_true", help="print the ImportResult JSON (the default for one file)")
    args = ap.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            result = read_file(path)
        except QBankError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.json or len(args.files) == 1:
            json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            print(f"{path}: {len(result.questions)} questions, {len(result.messages)} messages")
    return status


if __name__ == "__main__":
    sys.exit(main())
