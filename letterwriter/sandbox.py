"""The sandbox for the user's own templates: Jinja's SandboxedEnvironment plus limits on time and size.

A user template is code: nested loops, huge powers or lipsum(100000) must fail fast with a
clear error, not hang the window or the command line (docs/reliability.md, "Limits").
The time limit is cooperative: every call, operator, filter, loop step and loop test the
sandbox runs looks at the render's deadline, so nothing outside the rendering thread has to
interrupt it, and whichever thread renders (the window's pool, a merge's threads) is stopped
the same way.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

RENDER_TIME_LIMIT_S = 5.0  # a letter renders in milliseconds; five seconds is a runaway
RENDER_OUTPUT_LIMIT = 1_000_000  # characters before tidying; the longest real letter is ~150 KB
MAX_TEMPLATE_RANGE = 10_000  # items one range() may produce in a user template
MAX_TEMPLATE_INT_ARG = 1_000_000  # a width or count passed to a filter or method
MAX_POWER_BITS = 4_096  # a power's result may have at most this many bits

# A width or precision of six digits or more in a %-format or a str.format field.
_WIDE_FORMAT = re.compile(r"%[-#0 +]*\*?\d{6,}|%[-#0 +]*\d*\.\d{6,}|\{[^{}]*:[^{}]*\d{6,}[^{}]*\}")


class RenderLimitError(Exception):
    """A user template went past a render limit (time, output size, a number too large)."""


_budget = threading.local()  # the deadline of the render running in this thread, if any


def _check_deadline() -> bool:
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise RenderLimitError(f"rendering took longer than {RENDER_TIME_LIMIT_S:g} s")
    return True


def _check_int_args(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEMPLATE_INT_ARG:
            raise RenderLimitError(f"a number passed to a filter or method is over {MAX_TEMPLATE_INT_ARG:,}")


def _check_size(result: Any, what: str = "a value") -> Any:
    if isinstance(result, (str, list, tuple)) and len(result) > RENDER_OUTPUT_LIMIT:
        raise RenderLimitError(f"{what} over {RENDER_OUTPUT_LIMIT:,} characters")
    return result


def _limited_range(*args: int) -> range:
    """A real range (length, indexing, reversed all work), of at most MAX_TEMPLATE_RANGE items."""
    _check_deadline()
    rng = range(*args)
    if len(rng) > MAX_TEMPLATE_RANGE:
        raise RenderLimitError(f"range() of {len(rng):,} items (at most {MAX_TEMPLATE_RANGE:,})")
    return rng


def _limited_lipsum(n: int = 5, html: bool = False, min: int = 20, max: int = 100) -> str:
    if n > 20 or max > 200 or min > max:
        raise RenderLimitError("lipsum() is limited to 20 paragraphs of at most 200 words")
    return jinja2.utils.generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _limited_filter(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _check_deadline()
        _check_int_args(args[1:], kwargs)
        return _check_size(func(*args, **kwargs), "a filter's result is")

    return wrapper


_LOOP_STEP = "loop_step"


def _loop_step(lineno: int) -> nodes.EnvironmentAttribute:
    # compiled as a plain call of environment.loop_step (see visit_EnvironmentAttribute)
    return nodes.EnvironmentAttribute(_LOOP_STEP, lineno=lineno)


class _LimitedCodeGenerator(CodeGenerator):
    """Compiles user templates so that loops and `~` pass through the sandbox's limits."""

    def visit_Concat(self, node, frame) -> None:
        # `a ~ b` goes through the environment too, so doubling a string in a loop hits the size limit
        self.write("environment.limited_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node, frame) -> None:
        # A loop over a long string calls nothing per step: each step, and each test of a
        # `for ... if` (whose body may never run), looks at the deadline first.
        lineno = node.lineno
        step = nodes.ExprStmt(_loop_step(lineno), lineno=lineno)
        test = node.test
        if test is not None:
            test = nodes.And(_loop_step(lineno), test, lineno=lineno)
        guarded = nodes.For(
            node.target, node.iter, [step, *node.body], node.else_, test, node.recursive, lineno=lineno
        )
        guarded.set_environment(self.environment)
        super().visit_For(guarded, frame)

    def visit_EnvironmentAttribute(self, node, frame) -> None:
        if node.name == _LOOP_STEP:  # a plain call: through the sandbox's call() a step costs 15 µs
            self.write(f"environment.{_LOOP_STEP}()")
        else:
            super().visit_EnvironmentAttribute(node, frame)


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox (no escapes) plus limits on time, numbers, sizes and ranges."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})
    intercepted_unops = frozenset({"-"})
    loop_step = staticmethod(_check_deadline)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.globals["range"] = _limited_range
        self.globals["lipsum"] = _limited_lipsum

    def finish_setup(self) -> None:
        """Wrap every filter with the limits (after the library added its own filters)."""
        self.filters = {name: _limited_filter(f) for name, f in self.filters.items()}

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _check_deadline()
        if operator == "**" and isinstance(left, int) and isinstance(right, (int, float)):
            if abs(left) > 1 and right > 0 and abs(left).bit_length() * right > MAX_POWER_BITS:
                raise RenderLimitError(f"a power too large ({left} ** {right})")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(n, int)
                    and len(seq) * n > RENDER_OUTPUT_LIMIT
                ):
                    raise RenderLimitError(f"a repetition over {RENDER_OUTPUT_LIMIT:,} items")
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_POWER_BITS:
                    raise RenderLimitError("a product too large")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise RenderLimitError("a format width over 99,999")
        return _check_size(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any):
        # Checked where the sandbox wraps str.format: '{:>999999999}'.format(1) is a gigabyte.
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):
            raise RenderLimitError("a format width over 99,999")
        return wrapped

    def limited_concat(self, parts: tuple) -> str:
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > RENDER_OUTPUT_LIMIT:
            raise RenderLimitError(f"a value over {RENDER_OUTPUT_LIMIT:,} characters")
        return "".join(texts)

    def call_unop(self, context, operator: str, arg: Any) -> Any:
        _check_deadline()
        return super().call_unop(context, operator, arg)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        _check_deadline()
        _check_int_args(args, kwargs)
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def render_limited(tmpl: jinja2.Template, ctx: dict[str, Any]) -> str:
    """Render a user template within RENDER_TIME_LIMIT_S and RENDER_OUTPUT_LIMIT characters."""
    outer = getattr(_budget, "deadline", None)  # a template rendered inside another keeps the first
    _budget.deadline = time.monotonic() + RENDER_TIME_LIMIT_S if outer is None else outer
    try:
        parts: list[str] = []
        size = 0
        for chunk in tmpl.generate(ctx):
            size += len(chunk)
            if size > RENDER_OUTPUT_LIMIT:
                raise RenderLimitError(f"the letter came out over {RENDER_OUTPUT_LIMIT:,} characters")
            parts.append(chunk)
            _check_deadline()
        return "".join(parts)
    finally:
        _budget.deadline = outer
