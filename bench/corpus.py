"""Realistic question text for benchmarks: 30–120 Vietnamese syllables drawn from a Zipf vocabulary.

Short template stems (bench/search.py's ``generate``) make every query match a third of the bank
and every question look like its neighbours; real questions are longer and their words follow a
Zipf law: a few hundred syllables ("của", "là", "số", "cho") in almost every question, a long tail
of rare ones. The head of the vocabulary is real exam Vietnamese; the tail is built from real
onsets, rhymes and tone marks, so folding and accent-aware ranking behave as on real text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import numpy as np

# The head: common syllables of Vietnamese exam questions, roughly most frequent first.
HEAD = """
của là và các có cho một số trong với được hàm không những này đã tại khi thì từ đến bằng sau
đây đúng sai câu nào giá trị điểm phương trình x bậc hai nghiệm thực tam giác vuông góc cạnh
đường thẳng mặt phẳng tọa độ tính tìm biết rằng gọi khẳng định mệnh đề chọn đáp án dung dịch
phản ứng chất khí nước kim loại điện áp dòng sóng tần chu kì vận tốc gia lực khối lượng thể tích
diện hình chóp lăng trụ cầu tâm bán kính góc tiếp tuyến đồ thị cực đại tiểu lớn nhất nhỏ đạo
nguyên tích phân giới hạn dãy cấp cộng nhân xác suất biến cố lần gieo con súc sắc học sinh lớp
trường thầy cô bài văn đoạn trích nhân vật tác giả thơ truyện tình yêu quê hương đất nước người
dân ta em anh chị mẹ cha ông bà ngày năm tháng đi về làm nói nghĩ thấy muốn phải cần nên vì nếu
tuy nhưng mà còn cũng rất lại ra vào lên xuống trên dưới trước ngoài giữa bên cao thấp dài ngắn
mới cũ tốt đẹp xấu nhiều ít hết cả mỗi tất cùng khác nhau như thế sao bao nhiêu mấy đâu ai gì
""".split()
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph",
          "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
RHYMES = ["a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ăm", "ăn", "ăng", "âm", "ân", "âng", "âu",
          "ây", "e", "em", "en", "eo", "ê", "êm", "ên", "ênh", "êu", "i", "ia", "im", "in", "inh", "iu", "o",
          "oa", "oai", "oan", "oang", "oanh", "oi", "om", "on", "ong", "ô", "ôi", "ôm", "ôn", "ông", "ơ",
          "ơi", "ơm", "ơn", "u", "ua", "ui", "um", "un", "ung", "uy", "uyên", "ư", "ưa", "ưi", "ưng", "ươi",
          "ươn", "ương", "iêm", "iên", "iêng", "iêu", "uôi", "uôn", "uông"]  # fmt: skip
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang, huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"


def _with_tone(rhyme: str, tone: str) -> str:
    """Put the tone mark on the rhyme's main vowel (the marked one, else the second of two)."""
    if not tone:
        return rhyme
    idx = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    marked = [i for i in idx if rhyme[i] in "ăâêôơư"]
    at = marked[-1] if marked else idx[1] if rhyme.startswith(("oa", "oe", "uy")) and len(idx) > 1 else idx[0]
    return unicodedata.normalize("NFC", rhyme[: at + 1] + tone + rhyme[at + 1 :])


def vocabulary(size: int = 8000, seed: int = 3) -> list[str]:
    """``size`` distinct syllables: the real head first, then generated ones in a fixed random order."""
    seen: dict[str, None] = dict.fromkeys(HEAD)
    rng = np.random.default_rng(seed)
    combos = [(o, r, t) for o in ONSETS for r in RHYMES for t in TONES]
    for k in rng.permutation(len(combos)):
        if len(seen) >= size:
            break
        o, r, t = combos[k]
        seen.setdefault(o + _with_tone(r, t), None)
    return list(seen)


class Corpus:
    """Deterministic question texts: ``texts(n)`` yields n strings of 30–120 syllables."""

    def __init__(self, vocab_size: int = 8000, exponent: float = 1.07, seed: int = 7) -> None:
        self.vocab = np.array(vocabulary(vocab_size), dtype=object)
        weights = 1.0 / np.arange(1, len(self.vocab) + 1) ** exponent
        self.p = weights / weights.sum()
        self.seed = seed

    def texts(self, n: int, *, start: int = 0, batch: int = 20000) -> Iterator[str]:
        """Question ``start``..``start+n-1``; the same index always gives the same text."""
        for lo in range(start, start + n, batch):
            hi = min(start + n, lo + batch)
            rng = np.random.default_rng([self.seed, lo])
            lengths = rng.integers(30, 121, hi - lo)
            words = rng.choice(len(self.vocab), size=int(lengths.sum()), p=self.p)
            pos = 0
            for ln in lengths:
                chunk = self.vocab[words[pos : pos + ln]]
                pos += ln
                yield " ".join(chunk)

    def query_words(self, k: int, rng: np.random.Generator, *, lo: int = 20, hi: int = 2000) -> list[str]:
        """k syllables from the middle of the vocabulary (what people type: not only "của", not hapaxes)."""
        ranks = rng.integers(lo, min(hi, len(self.vocab)), k)
        return [str(self.vocab[r]) for r in ranks]
