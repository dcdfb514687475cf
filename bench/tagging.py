"""Benchmark: tag suggestions by k-fold on a tagged bank (Toán, Vật lí, Sinh học 12 templates + the fixtures).

Folds hold out whole templates (and whole fixture questions), so accuracy is measured on phrasings the
model never saw. Reports top-1/top-3 topic accuracy, level accuracy, and the time to train and to
suggest for 1,000 questions (targets: top-3 topic ≥ 0.9, suggestion ≤ 5 ms per question).
Run: python bench/tagging.py [--folds 5] [--per-template 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tagging_bank import Item, fixture_bank, generated_bank  # noqa: E402

from qbank.domain.taxonomy import load_taxonomy  # noqa: E402
from qbank.services.tag_model import Example, TagSuggester  # noqa: E402


def hidden(e: Example) -> Example:
    """The question as an untagged import sees it: subject and grade from the paper's header, no topic or level."""
    return Example(e.text, e.qtype, e.subject, e.grade, None, None)


def kfold(items: list[Item], folds: int, seed: int) -> dict[str, float]:
    taxonomy = load_taxonomy()
    groups = sorted({it.template for it in items})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    hits: dict[str, list[int]] = defaultdict(list)
    per_subject: dict[str, list[int]] = defaultdict(list)
    for k in range(folds):
        train = [it.example for it in items if fold_of[it.template] != k]
        test = [it for it in items if fold_of[it.template] == k]
        model = TagSuggester(taxonomy).fit(train)
        for it, sug in zip(test, model.suggest([hidden(it.example) for it in test]), strict=True):
            want = taxonomy.canonical_topic(it.example.subject, it.example.grade, it.example.topic)
            t = sug.get("topic")
            ranked = [t.value, *(v for v, _ in t.alternatives)] if t else []
            hits["top1"].append(int(ranked[:1] == [want]))
            hits["top3"].append(int(want in ranked[:3]))
            per_subject[str(it.example.subject)].append(int(want in ranked[:3]))
            if it.example.level:
                lv = sug.get("level")
                hits["level"].append(int(bool(lv) and lv.value == it.example.level))
    out = {k: sum(v) / len(v) for k, v in hits.items() if v}
    out.update({f"top3 {s}": sum(v) / len(v) for s, v in per_subject.items()})
    return out


def timing(items: list[Item]) -> tuple[float, float]:
    model = TagSuggester(load_taxonomy())
    t0 = time.perf_counter()
    model.fit([it.example for it in items])
    train = time.perf_counter() - t0
    probe = [hidden(items[i % len(items)].example) for i in range(1000)]
    t0 = time.perf_counter()
    model.suggest(probe)
    return train, (time.perf_counter() - t0) / len(probe)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--per-template", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    generated = generated_bank(args.per_template, args.seed)
    real = fixture_bank(args.shared) if args.shared.exists() else []
    bank = generated + real
    subjects = sorted({str(it.example.subject) for it in bank})
    print(f"bank: {len(bank)} tagged questions ({len(generated)} from {len({i.template for i in generated})} templates, "
          f"{len(real)} from the fixtures) over {len(subjects)} subjects: {', '.join(subjects)}")
    res = kfold(bank, args.folds, args.seed)
    print(f"{args.folds}-fold, templates held out whole: topic top-1 {res['top1']:.3f}, top-3 {res['top3']:.3f} (target ≥ 0.9); "
          f"level {res['level']:.3f}")
    for s in subjects:
        if f"top3 {s}" in res:
            print(f"  topic top-3, {s}: {res[f'top3 {s}']:.3f}")
    if real:
        only_real = kfold(real, args.folds, args.seed)
        print(f"the fixtures' real tagged questions alone ({len(real)}): top-1 {only_real['top1']:.3f}, top-3 {only_real['top3']:.3f}")
    train, per_q = timing(bank)
    print(f"train on {len(bank)}: {train:.2f} s; suggest: {per_q * 1000:.2f} ms per question over 1,000 (target ≤ 5 ms)")


if __name__ == "__main__":
    main()
