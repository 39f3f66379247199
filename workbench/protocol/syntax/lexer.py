"""Split a student's text into tokens, each remembering its column."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.vocabulary import (
    GREEK_LETTERS,
    LATEX_BARS,
    LATEX_SPACES,
    LATEX_TIMES,
    OPERATOR_CHARS,
    ROOT_CHARS,
    SUPERSCRIPTS,
)

PUNCTUATION = {
    "(": "LPAREN", ")": "RPAREN", "{": "LBRACE", "}": "RBRACE", "[": "LBRACK",
    "]": "RBRACK", ",": "COMMA", "|": "BAR", "_": "UNDERSCORE", "!": "BANG",
}


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` (NUM, WORD, OP, CMD, SUP, ROOT, punctuation, END), text and column."""

    kind: str
    text: str
    pos: int


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # str.isdigit() would also accept ², ٣ and friends


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in GREEK_LETTERS or ch == "π"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with END; raise ParseError on a stray character."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif _is_digit(ch) or (ch == "." and i + 1 < n and _is_digit(text[i + 1])):
            i = _number(text, i, tokens)
        elif _is_letter(ch):
            j = i + 1
            while j < n and (_is_letter(text[j]) or _is_digit(text[j])):
                j += 1
            tokens.append(Token("WORD", text[i:j], i))
            i = j
        elif text.startswith("**", i):
            tokens.append(Token("OP", "^", i))
            i += 2
        elif ch in OPERATOR_CHARS:
            tokens.append(Token("OP", OPERATOR_CHARS[ch], i))
            i += 1
        elif ch in PUNCTUATION:
            tokens.append(Token(PUNCTUATION[ch], ch, i))
            i += 1
        elif ch in SUPERSCRIPTS:
            j = i
            while j < n and text[j] in SUPERSCRIPTS:
                j += 1
            tokens.append(Token("SUP", "".join(SUPERSCRIPTS[c] for c in text[i:j]), i))
            i = j
        elif ch in ROOT_CHARS:
            tokens.append(Token("ROOT", str(ROOT_CHARS[ch]), i))
            i += 1
        elif ch == "∞":
            tokens.append(Token("WORD", "oo", i))
            i += 1
        elif ch == "\\":
            i = _command(text, i, tokens)
        else:
            raise ParseError(f"The character {_describe(ch)} can't be used in a formula", i)
    tokens.append(Token("END", "", n))
    return tokens


def _number(text: str, i: int, tokens: list[Token]) -> int:
    """Read digits, an optional decimal part and an optional exponent (1e-3)."""
    start, n = i, len(text)
    while i < n and _is_digit(text[i]):
        i += 1
    if i < n and text[i] == ".":
        i += 1
        while i < n and _is_digit(text[i]):
            i += 1
        if i < n and text[i] == ".":
            raise ParseError("A number can have only one decimal point", i)
    # "2e-3" is scientific notation, but "2e^x" and "2e" are 2·e.
    if i < n and text[i] in "eE":
        j = i + 1
        if j < n and text[j] in "+-":
            j += 1
        if j < n and _is_digit(text[j]):
            while j < n and _is_digit(text[j]):
                j += 1
            i = j
    tokens.append(Token("NUM", text[start:i], start))
    return i


def _command(text: str, i: int, tokens: list[Token]) -> int:
    """Read a LaTeX command such as \\frac or \\, starting at the backslash."""
    start, n = i, len(text)
    j = i + 1
    if j < n and text[j].isalpha():
        while j < n and text[j].isalpha():
            j += 1
        name = text[i + 1:j]
    elif j < n:
        name = text[j]
        j += 1
    else:
        raise ParseError("A backslash must be followed by a LaTeX command, like \\frac", i)
    if name in LATEX_SPACES:
        return j
    if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
        return j  # sizing only; the delimiter that follows is read as usual
    if name in LATEX_TIMES:
        tokens.append(Token("OP", "*", start))
    elif name == "div":
        tokens.append(Token("OP", "/", start))
    elif name in LATEX_BARS:
        tokens.append(Token("BAR", "|", start))
    elif name in ("{", "}"):
        raise ParseError("Escaped braces can't be used in a formula", start)
    else:
        tokens.append(Token("CMD", name, start))
    return j


def _describe(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    try:
        return f"U+{ord(ch):04X} ({unicodedata.name(ch)})"
    except ValueError:
        return f"U+{ord(ch):04X}"
