"""A small, safe query language (AND, OR, NOT/-, "phrases", prefix*) parsed into an AST."""

from __future__ import annotations

from dataclasses import dataclass

from search_index.text import fold_token, tokens

MAX_QUERY_CHARS = 200
MAX_TERMS = 20
MAX_DEPTH = 8
MIN_PREFIX = 3  # "t*" expands to half the dictionary; short prefixes are searched as plain terms
_KEYWORDS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class Term:
    text: str  # accented, lower case
    prefix: bool = False

    @property
    def folded(self) -> str:
        return fold_token(self.text)


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]  # accented, lower case; at least two

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold_token(w) for w in self.words)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | Phrase | And | Or | Not


class _Malformed(Exception):
    pass


def parse(text: str | None) -> Node | None:
    """Parse a user query; None means "match everything". Never raises on any input."""
    text = (text or "")[:MAX_QUERY_CHARS]
    try:
        return _Parser(_lex(text)).parse()
    except (_Malformed, RecursionError):
        return _fallback(text)


def _fallback(text: str) -> Node | None:
    """Malformed input: search its words as plain ANDed terms, operators ignored."""
    words = [w for w in text.replace('"', " ").split() if w not in _KEYWORDS]
    toks = [t for w in words for t in tokens(w)][:MAX_TERMS]
    return _and([Term(t) for t in dict.fromkeys(toks)])


def positive_terms(node: Node | None) -> list[Term]:
    """Terms that count towards ranking: every word outside a NOT, phrases split into words."""
    out: list[Term] = []

    def walk(n: Node) -> None:
        if isinstance(n, Term):
            out.append(n)
        elif isinstance(n, Phrase):
            out.extend(Term(w) for w in n.words)
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c)

    if node is not None:
        walk(node)
    return list(dict.fromkeys(out))


# -- lexer -------------------------------------------------------------------------------
# Token kinds: "(" ")" "OR" "AND" "NOT" "-" ("QUOTE", text) ("WORD", text)
_Tok = tuple[str, str]


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch, ch))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise _Malformed("unclosed quote")
            out.append(("QUOTE", text[i + 1 : end]))
            i = end + 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            out.append(("-", "-"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            out.append((word, word) if word in _KEYWORDS else ("WORD", word))
            i = j
    return out


# -- parser ------------------------------------------------------------------------------
class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.leaves = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        node = self.or_expr(0)
        if self.i != len(self.toks):
            raise _Malformed("trailing input")
        return node

    def or_expr(self, depth: int) -> Node | None:
        if depth > MAX_DEPTH:
            raise _Malformed("too deep")
        parts = [self.and_expr(depth)]
        while self.peek() == "OR":
            self.i += 1
            if self.peek() in (None, ")", "OR"):
                raise _Malformed("OR without a right side")
            parts.append(self.and_expr(depth))
        return _or([p for p in parts if p is not None])

    def and_expr(self, depth: int) -> Node | None:
        parts: list[Node] = []
        seen_any = False
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.i += 1
                continue
            seen_any = True
            node = self.unary(depth)
            if node is not None:
                parts.append(node)
        if not seen_any:
            raise _Malformed("empty expression")
        return _and(parts)

    def unary(self, depth: int) -> Node | None:
        kind = self.peek()
        if kind in ("NOT", "-"):
            self.i += 1
            if self.peek() in (None, ")", "OR", "AND"):
                raise _Malformed("NOT without an operand")
            child = self.unary(depth + 1)
            return Not(child) if child is not None else None
        if kind == "(":
            self.i += 1
            node = self.or_expr(depth + 1)
            if self.peek() != ")":
                raise _Malformed("unclosed parenthesis")
            self.i += 1
            return node
        if kind == ")":
            raise _Malformed("unexpected )")
        _, value = self.toks[self.i]
        self.i += 1
        return self.leaf(value, quoted=kind == "QUOTE")

    def leaf(self, value: str, *, quoted: bool) -> Node | None:
        if self.leaves >= MAX_TERMS:
            return None  # silently ignore words beyond the cap
        prefix = not quoted and value.endswith("*")
        # Inner or leading "*" and "?" are not wildcards here: the tokenizer drops them.
        toks = tokens(value)
        if not toks:
            return None
        self.leaves += 1
        if len(toks) == 1:
            return Term(toks[0], prefix=prefix and len(fold_token(toks[0])) >= MIN_PREFIX)
        return Phrase(tuple(toks[:MAX_TERMS]))


def _and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def _or(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Or(tuple(parts))
