"""A recursive-descent grammar for what students type, producing a plain expression tree.

Grammar (lowest precedence first)::

    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary | <juxtaposition> power)*
    unary    := ("-" | "+") unary | power
    power    := postfix ("^" unary)?            right-associative: x^2^3 = x^(2^3)
    postfix  := primary (SUPERSCRIPT | "!")*    x², k!
    primary  := number | symbol | constant | function application | ( sum ) | { sum }
              | "|" sum "|" | √ primary | LaTeX (\\frac, \\sqrt, \\sin, ...)

Nothing here evaluates text: words are looked up in the allow-list of
:mod:`workbench.protocol.syntax.vocabulary`, and anything else is a :class:`ParseError`.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.protocol.syntax import magnitude
from workbench.protocol.syntax import tree as T
from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.latex_input import LatexPrimaries
from workbench.protocol.syntax.lexer import Token, tokenize
from workbench.protocol.syntax.vocabulary import (
    ARITY,
    FUNCTION_ALIASES,
    INVERSE_OF,
    LATEX_WORDS,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_EXPONENT_DIGITS,
    MAX_LENGTH,
)
from workbench.protocol.syntax.words import WordResolver

_PRIMARY_STARTS = frozenset({"NUM", "FUNC", "CONST", "SYM", "LPAREN", "LBRACE", "LBRACK",
                             "ROOT", "CMD", "BAR"})
_CLOSERS = {"LPAREN": ("RPAREN", ")"), "LBRACE": ("RBRACE", "}"), "LBRACK": ("RBRACK", "]")}


def parse_tree(text: str, variables: Iterable[str] = ()) -> T.Node:
    """Parse ``text`` into a plain expression tree (see :mod:`workbench.protocol.syntax.tree`).

    ``variables`` names multi-letter symbols to recognise (``w1``, ``theta``) and
    letters to split out of longer words (``xy`` with x and y declared is x·y).
    Raises :class:`ParseError` with a column for anything it cannot read.
    """
    return parse_tree_with_columns(text, variables)[0]


def parse_tree_with_columns(text: str,
                            variables: Iterable[str] = ()) -> tuple[T.Node, dict[int, int]]:
    """``parse_tree``, plus the column of each operation, keyed by ``id`` of its node.

    The ids are valid while the tree is alive; a later stage (the sympy builder) uses
    them to name the column of a part it refuses.
    """
    if not isinstance(text, str):
        raise ParseError("A formula must be text", None)
    if len(text) > MAX_LENGTH:
        raise ParseError(f"The formula is too long (more than {MAX_LENGTH} characters)",
                         MAX_LENGTH)
    if not text.strip():
        raise ParseError("The formula is empty: type a function, like x^2 sin(x)", 0)
    parser = _Parser(text, tuple(variables))
    try:
        return parser.parse(), parser.columns
    except RecursionError:
        # MAX_DEPTH keeps ordinary nesting far from Python's limit; a caller already deep
        # in its own stack still gets the one error this function promises.
        raise ParseError(f"The formula is nested too deeply (more than {MAX_DEPTH} levels)",
                         None) from None


class _Parser(LatexPrimaries):
    def __init__(self, text: str, variables: tuple[str, ...]) -> None:
        self.text = text
        self.variables = frozenset(variables)
        self.words = WordResolver(self.variables)
        self.tokens = self.words.resolve(tokenize(text))
        self.i = 0
        self.depth = 0
        self.open_bars = 0
        self.sizes: magnitude.Memo = {}  # it keeps every checked node alive: ids stay unique
        self.columns: dict[int, int] = {}

    # ----------------------------------------------------------------- helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def _advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _is_op(self, *ops: str) -> bool:
        return self.tok.kind == "OP" and self.tok.text in ops

    def _expect(self, kind: str, what: str, opener: Token | None = None) -> Token:
        if self.tok.kind == kind:
            return self._advance()
        if opener is not None and self.tok.kind in ("END", "RPAREN", "RBRACE", "RBRACK", "BAR"):
            raise ParseError(f"This '{opener.text}' is never closed: add '{what}'", opener.pos)
        raise self._unexpected(f"Expected '{what}'")

    def _unexpected(self, prefix: str = "") -> ParseError:
        tok = self.tok
        if tok.kind == "END":
            return ParseError("The formula ends too soon: something is missing at the end",
                              tok.pos)
        lead = f"{prefix}, but found" if prefix else "Unexpected"
        return ParseError(f"{lead} '{self.text[tok.pos:tok.pos + max(1, len(tok.text))]}'",
                          tok.pos)

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"The formula is nested too deeply (more than {MAX_DEPTH} levels)",
                             pos)

    def _leave(self) -> None:
        self.depth -= 1

    # ---------------------------------------------------------------- grammar
    def parse(self) -> T.Node:
        node = self._sum()
        if self.tok.kind != "END":
            tok = self.tok
            if tok.kind in ("RPAREN", "RBRACE", "RBRACK"):
                raise ParseError(f"This '{tok.text}' has no matching opening bracket", tok.pos)
            if tok.kind == "BAR":
                raise ParseError("This '|' has no matching '|'", tok.pos)
            if tok.kind == "COMMA":
                raise ParseError("A comma can only separate the arguments of a function",
                                 tok.pos)
            raise self._unexpected()
        return node

    def _sum(self) -> T.Node:
        start = self.tok.pos
        terms = [self._product()]
        while self._is_op("+", "-"):
            op = self._advance()
            self._require_operand(op)
            term = self._product()
            terms.append(T.neg(term) if op.text == "-" else term)
        return self._bounded(T.add(*terms), start) if len(terms) > 1 else terms[0]

    def _product(self) -> T.Node:
        node = self._unary()
        while True:
            if self._is_op("*", "/"):
                op = self._advance()
                self._require_operand(op)
                rhs = self._unary()
                node = self._bounded(T.mul(node, rhs) if op.text == "*" else T.div(node, rhs),
                                     op.pos)
            elif self._starts_implicit_factor():
                if self.tok.kind == "NUM" and _ends_in_number(node):
                    raise ParseError("Two numbers stand side by side: put an operator "
                                     "between them", self.tok.pos)
                pos = self.tok.pos
                node = self._bounded(T.mul(node, self._power()), pos)
            else:
                return node

    def _starts_implicit_factor(self) -> bool:
        kind = self.tok.kind
        if kind == "BAR":
            return self.open_bars == 0
        if kind == "CMD":
            return self.tok.text not in ("right",)
        return kind in _PRIMARY_STARTS

    def _require_operand(self, op: Token) -> None:
        if self.tok.kind == "END":
            raise ParseError(f"Something is missing after '{op.text}'", op.pos)
        if self.tok.kind == "OP" and self.tok.text in "*/^":
            raise ParseError(f"'{self.tok.text}' can't follow '{op.text}'", self.tok.pos)

    def _unary(self) -> T.Node:
        if self._is_op("-", "+"):
            op = self._advance()
            self._require_operand(op)
            self._enter(op.pos)
            try:
                operand = self._unary()
            finally:
                self._leave()
            return T.neg(operand) if op.text == "-" else operand
        return self._power()

    def _power(self) -> T.Node:
        base = self._postfix()
        if self._is_op("^"):
            caret = self._advance()
            self._require_operand(caret)
            self._enter(caret.pos)
            try:
                exponent = self._unary()
            finally:
                self._leave()
            return self._checked_pow(base, exponent, caret.pos)
        return base

    def _postfix(self) -> T.Node:
        node = self._primary()
        while self.tok.kind in ("SUP", "BANG"):
            tok = self._advance()
            if tok.kind == "BANG":  # k! is the factorial of the primary before it
                if self.tok.kind == "BANG":
                    raise ParseError("'!!' (the double factorial) is not supported: for the "
                                     "factorial of a factorial write (k!)!", tok.pos)
                node = self._bounded(T.call("factorial", node), tok.pos)
            else:
                node = self._checked_pow(node, _superscript_tree(tok), tok.pos)
        return node

    def _checked_pow(self, base: T.Node, exponent: T.Node, pos: int) -> T.Node:
        size = magnitude.digits(exponent, self.sizes)
        if size is not None and size > MAX_EXPONENT_DIGITS \
                and magnitude.digits(base, self.sizes) is None:
            # x^(9^9) builds no big number, but sympy's assumptions expand such powers
            # (as_real_imag of (a + ib)^n) for minutes: refuse what no one means to type.
            raise ParseError(f"This exponent is too large to work with (more than "
                             f"{10 ** MAX_EXPONENT_DIGITS:,} on a variable)", pos)
        return self._bounded(T.pow_(base, exponent), pos)

    def _bounded(self, node: T.Node, pos: int) -> T.Node:
        """``node``, unless it is a constant whose exact value would be too large to build.

        Every operation the parser builds passes through here, so no function around a
        number (abs, floor, sqrt, |..|, cosh) can smuggle a huge value past the check.
        """
        self.columns[id(node)] = pos
        size = magnitude.digits(node, self.sizes)
        if size is not None and size > MAX_DIGITS:
            raise ParseError(f"This number is too large to work with exactly (more than "
                             f"{MAX_DIGITS:,} digits)", pos)
        return node

    # --------------------------------------------------------------- primaries
    def _primary(self) -> T.Node:
        tok = self.tok
        kind = tok.kind
        if kind == "NUM":
            self._advance()
            return self._bounded(_number(tok), tok.pos)
        if kind == "SYM":
            self._advance()
            return T.sym(self._subscripted(tok))
        if kind == "CONST":
            self._advance()
            return T.const(tok.text)
        if kind == "FUNC":
            return self._application()
        if kind == "LBRACK":
            raise ParseError("Square brackets don't group here: use round brackets ( )",
                             tok.pos)
        if kind in _CLOSERS:
            return self._group()
        if kind == "BAR":
            return self._absolute()
        if kind == "ROOT":
            return self._root_sign()
        if kind == "CMD":
            return self._latex()
        if kind == "UNDERSCORE":
            raise ParseError("A name can't start with '_'", tok.pos)
        if kind == "OP" and tok.text in "+-":
            return self._unary()
        raise self._unexpected()

    def _subscripted(self, tok: Token) -> str:
        if self.tok.kind != "UNDERSCORE":
            return tok.text
        under = self._advance()
        sub = self._subscript_text(under)
        return f"{tok.text}_{sub}"

    def _subscript_text(self, under: Token) -> str:
        tok = self.tok
        if tok.kind == "NUM" and tok.text.isdigit():
            self._advance()
            return tok.text
        if tok.kind == "SYM" and tok.text.isalnum() and len(tok.text) <= 3:
            self._advance()
            return tok.text
        if tok.kind == "LBRACE":
            self._advance()
            inner = self.tok
            if inner.kind in ("NUM", "SYM") and inner.text.isalnum():
                self._advance()
                self._expect("RBRACE", "}", tok)
                return inner.text
        raise ParseError("A subscript must be a number or a letter, like w_1", under.pos)

    def _group(self) -> T.Node:
        opener = self._advance()
        closer_kind, closer_text = _CLOSERS[opener.kind]
        if self.tok.kind == closer_kind:
            raise ParseError(f"The brackets at column {opener.pos + 1} are empty", opener.pos)
        self._enter(opener.pos)
        saved_bars, self.open_bars = self.open_bars, 0
        try:
            node = self._sum()
            if self.tok.kind == "COMMA":
                raise ParseError("A comma can only separate the arguments of a function "
                                 "(a binomial coefficient is binomial(n, k))", self.tok.pos)
            self._expect(closer_kind, closer_text, opener)
        finally:
            self.open_bars = saved_bars
            self._leave()
        return node

    def _absolute(self) -> T.Node:
        opener = self._advance()
        if self.tok.kind == "BAR" or self.tok.kind == "END":
            raise ParseError("'|' must enclose something, like |x|", opener.pos)
        self._enter(opener.pos)
        self.open_bars += 1
        try:
            node = self._sum()
            if self.tok.kind != "BAR":
                raise ParseError("This '|' is never closed: add another '|'", opener.pos)
            self._advance()
        finally:
            self.open_bars -= 1
            self._leave()
        return self._bounded(T.call("abs", node), opener.pos)

    def _root_sign(self) -> T.Node:
        tok = self._advance()
        self._enter(tok.pos)
        try:
            if self.tok.kind == "END":
                raise ParseError(f"'{self.text[tok.pos]}' needs something to act on", tok.pos)
            arg = self._postfix()
        finally:
            self._leave()
        degree = int(tok.text)
        if degree == 2:
            return self._bounded(T.call("sqrt", arg), tok.pos)
        return self._checked_pow(arg, T.div(T.num("1"), T.num(tok.text)), tok.pos)

    # ------------------------------------------------------------ applications
    def _application(self) -> T.Node:
        ftok = self._advance()
        name = ftok.text
        self._enter(ftok.pos)
        try:
            exponent = self._function_exponent()
            base = self._log_base(name)
            args = self._arguments(ftok)
        finally:
            self._leave()
        low, high = ARITY[name]
        if base is not None:
            args.append(base)
            high = max(high, 2)
        if not low <= len(args) <= high:
            shown = self.text[ftok.pos:ftok.pos + len(name)] or name
            raise ParseError(f"'{shown}' takes {low if low == high else f'{low} or {high}'} "
                             f"argument{'s' if high > 1 else ''}, not {len(args)}", ftok.pos)
        if exponent is not None and T.numeric_value(exponent) == -1 and name in INVERSE_OF:
            return self._bounded(T.call(INVERSE_OF[name], *args), ftok.pos)
        node = self._bounded(_canonical_call(name, args), ftok.pos)
        return self._checked_pow(node, exponent, ftok.pos) if exponent is not None else node

    def _function_exponent(self) -> T.Node | None:
        if self.tok.kind == "SUP":
            return _superscript_tree(self._advance())
        if self._is_op("^"):
            caret = self._advance()
            negative = False
            if self._is_op("-"):
                self._advance()
                negative = True
            if self.tok.kind not in ("NUM", "LBRACE", "LPAREN"):
                raise ParseError("A power of a function must be a number, like sin^2(x)",
                                 caret.pos)
            exponent = self._primary()
            return T.neg(exponent) if negative else exponent
        return None

    def _log_base(self, name: str) -> T.Node | None:
        if self.tok.kind != "UNDERSCORE":
            return None
        under = self._advance()
        if name not in ("log", "ln"):
            raise ParseError("Only log can take a base written with '_', like log_2(x)",
                             under.pos)
        if self.tok.kind in ("NUM", "SYM", "CONST"):
            return self._primary()
        if self.tok.kind == "LBRACE":
            return self._group()
        raise ParseError("The base of a logarithm goes right after '_', like log_2(x)",
                         under.pos)

    def _arguments(self, ftok: Token) -> list[T.Node]:
        if self.tok.kind in ("LPAREN", "LBRACE"):
            opener = self._advance()
            closer_kind, closer_text = _CLOSERS[opener.kind]
            if self.tok.kind == closer_kind:
                raise ParseError(f"'{ftok.text}' needs something inside the brackets",
                                 opener.pos)
            saved_bars, self.open_bars = self.open_bars, 0
            try:
                args = [self._sum()]
                while self.tok.kind == "COMMA":
                    self._advance()
                    args.append(self._sum())
                self._expect(closer_kind, closer_text, opener)
            finally:
                self.open_bars = saved_bars
            return args
        if self._is_op("-", "+") or (self.tok.kind in _PRIMARY_STARTS
                                      and self._starts_implicit_factor()):
            return [self._bare_argument()]
        shown = self.text[ftok.pos:ftok.pos + len(ftok.text)] or ftok.text
        raise ParseError(f"'{shown}' needs something to act on, like {shown}(x)", ftok.pos)

    def _bare_argument(self) -> T.Node:
        """The argument of ``sin 2x``: a product of factors written side by side."""
        if self._is_op("-", "+"):
            op = self._advance()
            self._require_operand(op)
            self._enter(op.pos)  # "sin - - - x": each sign is a level of nesting
            try:
                inner = self._bare_argument()
            finally:
                self._leave()
            return T.neg(inner) if op.text == "-" else inner
        node = self._power()
        while self.tok.kind != "FUNC" and self.tok.kind in _PRIMARY_STARTS \
                and self._starts_implicit_factor():
            if self.tok.kind == "CMD" and self.tok.text in LATEX_WORDS \
                    and LATEX_WORDS[self.tok.text] in FUNCTION_ALIASES:
                break
            pos = self.tok.pos
            node = self._bounded(T.mul(node, self._power()), pos)
        return node


# ------------------------------------------------------------------- helpers
def _number(tok: Token) -> T.Node:
    text = tok.text
    exponent = text.lower().partition("e")[2]
    if exponent and abs(int(exponent)) > MAX_DIGITS:
        raise ParseError("This number is too large to work with exactly", tok.pos)
    if text.startswith("."):
        text = "0" + text
    return T.num(text)


def _superscript_tree(tok: Token) -> T.Node:
    text = tok.text
    sign = ""
    while text and text[0] in "+-":
        sign = "-" if (text[0] == "-") != (sign == "-") else ""
        text = text[1:]
    if not text.isdigit():
        raise ParseError("A superscript must be a whole number, like x² or x⁻¹", tok.pos)
    node = T.num(text)
    return T.neg(node) if sign else node


def _ends_in_number(node: T.Node) -> bool:
    if node[0] == "num":
        return True
    if node[0] == "mul":
        return _ends_in_number(node[-1])
    return False


def _canonical_call(name: str, args: list[T.Node]) -> T.Node:
    if name == "log":
        return T.call("ln", args[0]) if len(args) == 1 else T.call("log", args[0], args[1])
    if name == "ln" and len(args) == 2:
        return T.call("log", args[0], args[1])
    if name == "log2":
        return T.call("log", args[0], T.num("2"))
    if name == "log10":
        return T.call("log", args[0], T.num("10"))
    if name in ("max", "min"):  # max(a, b, c) = max(max(a, b), c): the evaluators take two
        node = T.call(name, args[0], args[1])
        for arg in args[2:]:
            node = T.call(name, node, arg)
        return node
    return T.call(name, *args)
