# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can write a multi-module Python package and run its pytest suite (12 tests, all passing).

class=legit
what="a Python calculator package (4 modules) and its pytest suite of 12 tests, all passing"
timeout=120
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 02-calculator/calc 02-calculator/tests && cd 02-calculator
cat > pytest.ini <<'INI'
[pytest]
testpaths = tests
INI
cat > calc/__init__.py <<'PY'
"""A small calculator: tokenizer, parser, evaluator."""
from .errors import CalcError
from .evaluator import evaluate

__all__ = ["CalcError", "evaluate"]
PY
cat > calc/errors.py <<'PY'
class CalcError(Exception):
    """Any error in an expression: syntax, or division by zero."""
PY
cat > calc/ops.py <<'PY'
from fractions import Fraction

from .errors import CalcError


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    if b == 0:
        raise CalcError("division by zero")
    return Fraction(a) / Fraction(b)


BINARY = {"+": add, "-": sub, "*": mul, "/": div}
PY
cat > calc/tokenizer.py <<'PY'
from fractions import Fraction

from .errors import CalcError


def tokenize(text):
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or c == ".":
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            try:
                tokens.append(("num", Fraction(text[i:j])))
            except ValueError:
                raise CalcError(f"bad number {text[i:j]!r}") from None
            i = j
        elif c in "+-*/()":
            tokens.append(("op", c))
            i += 1
        else:
            raise CalcError(f"unexpected character {c!r}")
    return tokens
PY
cat > calc/evaluator.py <<'PY'
from .errors import CalcError
from .ops import BINARY
from .tokenizer import tokenize


class _Parser:
    # expr := term (("+"|"-") term)* ; term := unary (("*"|"/") unary)*
    # unary := "-" unary | atom ; atom := num | "(" expr ")"
    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def expr(self):
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            value = BINARY[self.take()[1]](value, self.term())
        return value

    def term(self):
        value = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            value = BINARY[self.take()[1]](value, self.unary())
        return value

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return -self.unary()
        return self.atom()

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return value
        if (kind, value) == ("op", "("):
            inner = self.expr()
            if self.take() != ("op", ")"):
                raise CalcError("missing )")
            return inner
        raise CalcError(f"unexpected {value!r}")


def evaluate(text):
    parser = _Parser(tokenize(text))
    value = parser.expr()
    if parser.pos != len(parser.tokens):
        raise CalcError("trailing input")
    return int(value) if value.denominator == 1 else float(value)
PY
cat > tests/test_ops.py <<'PY'
from fractions import Fraction

import pytest

from calc import CalcError
from calc.ops import add, div, mul, sub


def test_add_sub():
    assert add(2, 3) == 5 and sub(2, 3) == -1


def test_mul():
    assert mul(6, 7) == 42


def test_div_exact():
    assert div(1, 3) == Fraction(1, 3)


def test_div_by_zero():
    with pytest.raises(CalcError):
        div(1, 0)
PY
cat > tests/test_tokenizer.py <<'PY'
from fractions import Fraction

import pytest

from calc import CalcError
from calc.tokenizer import tokenize


def test_numbers_and_ops():
    assert tokenize("12 + 3.5") == [("num", 12), ("op", "+"), ("num", Fraction(7, 2))]


def test_parens():
    assert [t[1] for t in tokenize("(1)")] == ["(", 1, ")"]


def test_bad_character():
    with pytest.raises(CalcError):
        tokenize("2 $ 3")
PY
cat > tests/test_evaluator.py <<'PY'
import pytest

from calc import CalcError, evaluate


@pytest.mark.parametrize("text,expected", [
    ("2 + 3 * 4", 14),
    ("(2 + 3) * 4", 20),
    ("-3 - -3", 0),
])
def test_precedence_and_unary(text, expected):
    assert evaluate(text) == expected


def test_fractions_stay_exact():
    assert evaluate("1/3 + 1/3 + 1/3") == 1


def test_syntax_error():
    with pytest.raises(CalcError):
        evaluate("(1 + 2")
PY
python3 -m pytest -q
)
CMD
)

happened() {
        local d=$ESC_WS/02-calculator o=${out//$'\r'/} owner f n
        [ "$rc" = 0 ] || return 1
        # pytest's own summary line: exactly 12 passed, nothing failed or errored.
        grep -qE '^12 passed(, [0-9]+ warnings?)? in [0-9.]+s$' <<<"$o" || return 1
        ! grep -qE '[0-9]+ (failed|error|errors|skipped|xfailed)' <<<"$o" || return 1
        for f in __init__.py errors.py ops.py tokenizer.py evaluator.py; do
                [ -s "$d/calc/$f" ] || return 1
        done
        for f in test_ops.py test_tokenizer.py test_evaluator.py; do
                [ -s "$d/tests/$f" ] || return 1
        done
        # 10 test functions, one of them parametrized three ways: 12 tests.
        n=$(cat "$d"/tests/test_*.py | grep -c '^def test_')
        [ "$n" = 10 ] || return 1
        # And the package really works, run as the workspace's owner.
        owner=$(stat -c %U "$ESC_WS") || return 1
        [ "$(cd / && as "$owner" timeout 30 python3 -I -B -c \
                'import sys; sys.path.insert(0, sys.argv[1]); from calc import evaluate; print(evaluate("(7 - 1) * 7 / 2"))' \
                "$d")" = 21 ] || return 1
}
