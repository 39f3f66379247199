"""Resolve the words of a formula: functions, constants, Greek letters, variables.

A run of letters such as ``xsinx`` or ``2pix`` is split into the names it is made of;
a word that is no known name and doesn't split sensibly (``eval``, ``foo(x)``,
Python keywords) is a :class:`ParseError` naming its column.
"""

from __future__ import annotations

import keyword
import re

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.lexer import Token
from workbench.protocol.syntax.vocabulary import (
    CONSTANTS,
    FUNCTION_ALIASES,
    GREEK_LETTERS,
    GREEK_NAMES,
)

_SUBSCRIPTED = re.compile(r"[A-Za-z][0-9]+\Z")
# Only these constants are found inside longer words ("pix" is pi·x); "oo" and "inf"
# must stand alone, or "foo" would read as f·∞.
_SPLITTABLE_CONSTANTS = ("pi", "e")


class WordResolver:
    """Turns WORD tokens into FUNC, CONST, SYM and NUM tokens for declared ``variables``."""

    def __init__(self, variables: frozenset[str]) -> None:
        self.variables = variables

    def resolve(self, tokens: list[Token]) -> list[Token]:
        """``tokens`` with every WORD replaced by the names it stands for."""
        out: list[Token] = []
        for k, tok in enumerate(tokens):
            if tok.kind != "WORD":
                out.append(tok)
                continue
            followed_by_paren = tokens[k + 1].kind == "LPAREN"
            out.extend(self.split_word(tok.text, tok.pos, followed_by_paren))
        return out

    def whole_word(self, word: str, pos: int) -> Token | None:
        """The token ``word`` is on its own, or None when it must be split."""
        if word in self.variables:
            return Token("SYM", word, pos)
        if word in FUNCTION_ALIASES:
            return Token("FUNC", FUNCTION_ALIASES[word], pos)
        if word in CONSTANTS:
            return Token("CONST", CONSTANTS[word], pos)
        if word in GREEK_NAMES:
            return Token("SYM", word, pos)
        if word in GREEK_LETTERS:
            return Token("SYM", GREEK_LETTERS[word], pos)
        if len(word) == 1 or _SUBSCRIPTED.match(word):
            return Token("SYM", word, pos)
        return None

    def split_word(self, word: str, pos: int, followed_by_paren: bool) -> list[Token]:
        """The tokens ``word`` is made of; ParseError when it is no sensible name."""
        whole = self.whole_word(word, pos)
        if whole is not None:
            return [whole]
        if keyword.iskeyword(word) or keyword.issoftkeyword(word):
            raise ParseError(f"'{word}' is not a name the workbench knows", pos)
        names = sorted({*self.variables, *FUNCTION_ALIASES, *_SPLITTABLE_CONSTANTS, *GREEK_NAMES},
                       key=len, reverse=True)
        pieces: list[Token] = []
        k = 0
        while k < len(word):
            match = next((nm for nm in names if len(nm) > 1 and word.startswith(nm, k)), None)
            if match is not None:
                tok = self.whole_word(match, pos + k)
                assert tok is not None
                pieces.append(tok)
                k += len(match)
            elif "0" <= word[k] <= "9":
                j = k
                while j < len(word) and "0" <= word[j] <= "9":
                    j += 1
                prev = pieces[-1] if pieces else None
                if prev is not None and prev.kind == "SYM" and len(prev.text) == 1:
                    pieces[-1] = Token("SYM", prev.text + word[k:j], prev.pos)
                else:
                    pieces.append(Token("NUM", word[k:j], pos + k))
                k = j
            else:
                tok = self.whole_word(word[k], pos + k)
                assert tok is not None
                pieces.append(tok)
                k += 1
        singles = [p for p in pieces if len(p.text) == 1 and p.kind in ("SYM", "CONST")
                   and p.text not in self.variables]
        declared = all(p.text in self.variables for p in pieces if p.kind == "SYM")
        unknown_call = followed_by_paren and pieces[-1].kind != "FUNC" and not (
            declared and self.variables)
        if len(pieces) > 1 and (unknown_call or len(singles) >= 4):
            hint = "a function" if followed_by_paren else "a name"
            raise ParseError(
                f"'{word}' is not {hint} the workbench knows (Help → Functions and syntax "
                f"lists them all); to multiply letters, put spaces or * between them", pos)
        return pieces
