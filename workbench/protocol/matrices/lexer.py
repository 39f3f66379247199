"""Tokens of a matrix expression. Words are split into the declared names they are made
of (``Wx`` is W·x, ``δxᵀ`` is δ·xᵀ); Greek letters and LaTeX commands become names."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.vocabulary import GREEK_LETTERS, GREEK_NAMES

_OPERATORS = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "⋅": "*",
              "×": "*", "@": "*", "/": "/", "⊙": "⊙", "∘": "⊙", "^": "^"}
_PARENS = {"(": "LPAREN", "{": "LPAREN", ")": "RPAREN", "}": "RPAREN"}
_TRANSPOSES = ("ᵀ", "'", "′", "⊤")
_COMMANDS = {"cdot": ("OP", "*"), "times": ("OP", "*"), "odot": ("OP", "⊙"),
             "circ": ("OP", "⊙"), "top": ("T", "ᵀ"), "intercal": ("T", "ᵀ")}
_SKIPPED = frozenset({"left", "right", ",", ";", " ", "!", "quad"})


@dataclass(frozen=True)
class MToken:
    """``kind``: NUM, NAME (a declared name), OP, T (transpose), LPAREN, RPAREN or END."""

    kind: str
    text: str
    pos: int


def tokenize_matrix(text: str, names: tuple[str, ...]) -> list[MToken]:
    """The tokens of ``text``; ParseError (with a column) for anything not allowed."""
    lexer = _Lexer(text, frozenset(names))
    lexer.run()
    return lexer.tokens + [MToken("END", "", len(text))]


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in GREEK_LETTERS


class _Lexer:
    def __init__(self, text: str, names: frozenset[str]) -> None:
        self.text, self.names, self.i = text, names, 0
        self.tokens: list[MToken] = []

    def run(self) -> None:
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch.isspace():
                self.i += 1
            elif "0" <= ch <= "9" or (ch == "." and text[self.i + 1:self.i + 2].isdigit()):
                self._number()
            elif _is_letter(ch):
                self._word()
            elif ch == "\\":
                self._command()
            elif ch == "^" and self._transpose_after_caret():
                pass
            elif ch == "." and text[self.i + 1:self.i + 2] == "T":
                self._emit("T", "ᵀ", 2)
            elif ch in _TRANSPOSES:
                self._emit("T", "ᵀ", 1)
            elif ch in _OPERATORS:
                self._emit("OP", _OPERATORS[ch], 1)
            elif ch in _PARENS:
                self._emit(_PARENS[ch], ch, 1)
            elif ch == "[":
                raise ParseError("Write matrices as names here (W, x, δ); their numbers go in "
                                 "their own fields", self.i)
            else:
                raise ParseError(f"The character {ch!r} can't be used in a matrix expression",
                                 self.i)

    def _emit(self, kind: str, text: str, width: int) -> None:
        self.tokens.append(MToken(kind, text, self.i))
        self.i += width

    def _number(self) -> None:
        start, text = self.i, self.text
        while self.i < len(text) and (text[self.i].isdigit() or text[self.i] == "."):
            self.i += 1
        number = text[start:self.i]
        if number.count(".") > 1:
            raise ParseError("A number can have only one decimal point", start)
        self.tokens.append(MToken("NUM", number, start))

    def _word(self) -> None:
        start, text = self.i, self.text
        while self.i < len(text) and (_is_letter(text[self.i]) or text[self.i].isdigit()
                                      or text[self.i] == "_"):
            self.i += 1
        self._names(text[start:self.i], start)

    def _names(self, word: str, start: int) -> None:
        parts = _split(word, self.names)
        if parts is None:
            known = ", ".join(sorted(self.names)) or "none"
            raise ParseError(f"{word!r} is not one of the quantities here ({known})", start)
        offset = start
        for raw, name in parts:
            self.tokens.append(MToken("NAME", name, offset))
            offset += len(raw)

    def _command(self) -> None:
        start, text = self.i, self.text
        j = start + 1
        while j < len(text) and text[j].isalpha():
            j += 1
        name = text[start + 1:j] or text[start + 1:start + 2]
        self.i = max(j, start + 2)
        if name in _SKIPPED:
            return
        if name in _COMMANDS:
            kind, value = _COMMANDS[name]
            self.tokens.append(MToken(kind, value, start))
        elif name in GREEK_NAMES or name == "lambda":
            self._names(name if name != "lambda" else "lamda", start)
        else:
            raise ParseError(f"The command \\{name} can't be used in a matrix expression", start)

    def _transpose_after_caret(self) -> bool:
        """Read ^T, ^{T}, ^\\top or ^{\\top} as a transpose; False for any other power."""
        rest = self.text[self.i + 1:].lstrip()
        skipped = len(self.text) - self.i - 1 - len(rest)
        for form in ("{T}", "{\\top}", "\\top", "{\\intercal}", "T"):
            if rest.startswith(form):
                after = rest[len(form):len(form) + 1]
                if form == "T" and after and (_is_letter(after) or after.isdigit()
                                              or after == "_"):
                    continue  # ^Tx: a name starting with T, not a transpose
                self.tokens.append(MToken("T", "ᵀ", self.i))
                self.i += 1 + skipped + len(form)
                return True
        return False


def _canonical(raw: str) -> str:
    return "".join(GREEK_LETTERS.get(ch, ch) for ch in raw)


def _split(word: str, names: frozenset[str]) -> list[tuple[str, str]] | None:
    """``word`` as a sequence of declared names (longest first), as (raw text, name) pairs."""
    if not word:
        return []
    for end in range(len(word), 0, -1):
        name = _canonical(word[:end])
        if name in names:
            rest = _split(word[end:], names)
            if rest is not None:
                return [(word[:end], name), *rest]
    return None
