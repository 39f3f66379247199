"""LaTeX input for the parser: \\frac, \\sqrt, \\sin and friends, \\operatorname{...}.

A mixin of the recursive-descent parser (:mod:`workbench.protocol.syntax.parser`): it
reads the tokens after a LaTeX command and builds the same plain tree the parser
builds for the ASCII spelling.
"""

from __future__ import annotations

from workbench.protocol.syntax import tree as T
from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.lexer import Token
from workbench.protocol.syntax.vocabulary import (
    LATEX_FRACTIONS,
    LATEX_NAME_WRAPPERS,
    LATEX_WORDS,
)


class LatexPrimaries:
    """The parser's LaTeX primaries; relies on the parser's token helpers."""

    def _latex(self) -> T.Node:
        tok = self._advance()
        name = tok.text
        if name in LATEX_FRACTIONS:
            self._enter(tok.pos)
            try:
                num = self._latex_group(tok)
                den = self._latex_group(tok)
            finally:
                self._leave()
            return self._bounded(T.div(num, den), tok.pos)
        if name == "sqrt":
            return self._latex_sqrt(tok)
        if name in LATEX_WORDS:
            return self._latex_word(LATEX_WORDS[name], tok.pos)
        if name in LATEX_NAME_WRAPPERS:
            opener = self._expect("LBRACE", "{")
            words = []
            while self.tok.kind in ("SYM", "FUNC", "CONST", "NUM"):
                words.append(self.text[self.tok.pos:self.tok.pos + len(self.tok.text)]
                             if self.tok.kind == "FUNC" else self.tok.text)
                self._advance()
            self._expect("RBRACE", "}", opener)
            return self._latex_word("".join(words), tok.pos)
        raise ParseError(f"The LaTeX command '\\{name}' isn't supported here", tok.pos)

    def _latex_word(self, word: str, pos: int) -> T.Node:
        resolved = self.words.whole_word(word, pos)
        if resolved is None:
            raise ParseError(f"'{word}' is not a name the workbench knows", pos)
        self.tokens.insert(self.i, resolved)
        return self._primary()

    def _latex_group(self, command: Token) -> T.Node:
        if self.tok.kind == "LBRACE":
            return self._group()
        if self.tok.kind in ("NUM", "SYM", "CONST"):
            return self._primary()
        raise ParseError(f"'\\{command.text}' expects its parts in braces, like "
                         f"\\frac{{1}}{{2}}", command.pos)

    def _latex_sqrt(self, tok: Token) -> T.Node:
        index: T.Node | None = None
        if self.tok.kind == "LBRACK":
            index = self._group()
        self._enter(tok.pos)
        try:
            radicand = self._latex_group(tok)
        finally:
            self._leave()
        if index is None:
            return self._bounded(T.call("sqrt", radicand), tok.pos)
        return self._checked_pow(radicand, T.div(T.num("1"), index), tok.pos)
