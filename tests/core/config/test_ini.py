"""The INI parser and its reads, directly: where a problem is, what it says, and the exact
bounds of a file's lines and of what one read produces (``ctxcore.core.config.ini``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Success

from ctxcore.core.config.ini import (
    MAX_INI_LINES,
    MAX_READ_CHARS,
    IniDocument,
    IniProblem,
    ini_lines,
    parse_ini,
)

_TOO_MUCH = f"'%' interpolation comes to more than {MAX_READ_CHARS} characters"


def _document(text: str) -> IniDocument:
    return parse_ini(text).unwrap()


def _problem(text: str) -> IniProblem:
    return parse_ini(text).failure()


# -- where a problem of a read is --------------------------------------------------------------


def test_a_problem_names_its_section_and_option_on_every_read() -> None:
    document = _document("[s]\nok = 1\nbad = %(missing)s\n")
    missing = "'%' refers to option 'missing', which is not set"
    assert document.value("s", "bad").failure() == IniProblem(
        "interpolation-missing-option", missing, section="s", option="bad"
    )
    assert document.section("s").failure() == IniProblem(
        "interpolation-missing-option", f"option bad: {missing}", section="s", option="bad"
    )
    assert document.everything().failure() == IniProblem(
        "interpolation-missing-option", f"[s] option bad: {missing}", section="s", option="bad"
    )


def test_a_literal_percent_is_written_twice() -> None:
    document = _document("[s]\nsale = 50%% off, %%%(n)s%% more\nn = 5\n")
    assert document.value("s", "sale").unwrap() == "50% off, %5% more"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("5%d", "a '%' must be followed by '%' or '(' (write '%%' for a literal '%')"),
        ("%(open", "a '%(' that is not a '%(name)s' reference"),
    ],
)
def test_a_percent_that_is_not_a_reference_says_so(raw: str, reason: str) -> None:
    problem = _document(f"[s]\nv = {raw}\n").value("s", "v").failure()
    assert (problem.kind, problem.reason) == ("interpolation-syntax", reason)


# -- the bound of one read ---------------------------------------------------------------------


def _options(lengths: list[int]) -> str:
    """A section of empty options with names of these lengths, all different."""
    names = [f"{number:05d}".ljust(length, "k") for number, length in enumerate(lengths)]
    return "[s]\n" + "".join(f"{name} =\n" for name in names)


def test_each_option_read_counts_its_name_and_bookkeeping_up_to_the_bound_exactly() -> None:
    # 4096 options of 240-character names: 4096 * (16 + 240) is MAX_READ_CHARS exactly.
    exact = [240] * 4096
    assert len(_document(_options(exact)).section("s").unwrap()) == 4096
    over = _document(_options([*exact[:-1], 241])).section("s").failure()
    assert (over.kind, over.option) == ("interpolation", "04095".ljust(241, "k"))
    assert over.reason.endswith(_TOO_MUCH)


def test_a_literal_counts_up_to_the_bound_exactly() -> None:
    # Reading option "o" costs 16 + 1; the literal before "%%" may take all the rest.
    exact = "a" * (MAX_READ_CHARS - 17)
    assert _document(f"[s]\no = {exact}%%\n").value("s", "o").unwrap() == exact + "%"
    over = _document(f"[s]\no = {exact}a%%\n").value("s", "o").failure()
    assert (over.kind, over.reason) == ("interpolation", _TOO_MUCH)


def test_a_referenced_value_counts_up_to_the_bound_exactly() -> None:
    # Reading "o" costs 17 and following its reference 16; the value may take all the rest.
    exact = "b" * (MAX_READ_CHARS - 33)
    assert _document(f"[s]\no = %(v)s\nv = {exact}\n").value("s", "o").unwrap() == exact
    over = _document(f"[s]\no = %(v)s\nv = {exact}b\n").value("s", "o").failure()
    assert (over.kind, over.reason) == ("interpolation", _TOO_MUCH)


# -- parsing -----------------------------------------------------------------------------------


def test_a_file_may_have_max_ini_lines_lines_and_not_one_more() -> None:
    assert parse_ini("\n" * MAX_INI_LINES).unwrap() == IniDocument({}, {})
    assert _problem("\n" * (MAX_INI_LINES + 1)) == IniProblem(
        "parsing", f"the file has more than {MAX_INI_LINES} lines", MAX_INI_LINES + 1
    )


def test_a_byte_order_mark_is_not_part_of_the_first_header() -> None:
    assert _document("\ufeff[s]\na = 1\n").sections == {"s": {"a": "1"}}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "a = 1\n",
            IniProblem("missing-section-header", "an option before any [section] header", 1),
        ),
        ("[s]\n[s]\n", IniProblem("duplicate-section", "section [s] appears twice", 2, "s")),
        (
            "[s]\na = 1\nA = 2\n",
            IniProblem("duplicate-option", "option 'a' appears twice in [s]", 3, "s", "a"),
        ),
        (
            "[s]\na = 1\n[t\n",
            IniProblem("parsing", "a line that is neither '[section]' nor 'option = value'", 3),
        ),
    ],
)
def test_a_problem_of_the_text_says_what_and_where(text: str, problem: IniProblem) -> None:
    assert _problem(text) == problem


# -- the lines of sections and options ---------------------------------------------------------


def test_lines_are_found_for_headers_and_options_only() -> None:
    text = "\n".join(
        [
            "a = before any header",  # 1
            "[s]",  # 2
            "# c = a comment",  # 3
            "; d = a comment",  # 4
            "b=1",  # 5
            "  e = a continuation",  # 6
            "no separator",  # 7
            "=f:g",  # 8
            "h: i: j",  # 9
            "k = l = m",  # 10
            "n : o = p",  # 11
        ]
    )
    assert ini_lines(text) == {"[s]": 2, "[s] b": 5, "[s] h": 9, "[s] k": 10, "[s] n": 11}


_INDENTS = st.sampled_from(["", " ", "  ", "\t", "    "])
_NAMES = st.sampled_from(["a", "B", "c d", "x] y", "DEFAULT", "sdk"])


@st.composite
def ini_texts(draw: st.DrawFn) -> str:
    """Files of headers, options, continuations, comments and blank lines at any indentation,
    with or without a byte-order mark: what configparser reads line by line."""
    kinds = st.sampled_from(["header", "option", "option", "line", "comment", "blank"])
    lines = [f"[{draw(_NAMES)}]"]
    for index in range(draw(st.integers(0, 12))):
        kind = draw(kinds)
        indent = draw(_INDENTS)
        if kind == "header":
            lines.append(f"{indent}[{draw(_NAMES)}]")
        elif kind == "option":
            name = draw(st.sampled_from(["k", "K2", "opt x"])) + str(index)
            lines.append(f"{indent}{name}{draw(st.sampled_from(['=', ' = ', ': ']))}v")
        elif kind == "line":
            lines.append(f"{indent}more [text]")
        elif kind == "comment":
            lines.append(f"{indent}{draw(st.sampled_from(['#', ';']))} k = c")
        else:
            lines.append(indent)
    return draw(st.sampled_from(["", "\ufeff"])) + "\n".join(lines)


@given(ini_texts())
def test_every_option_configparser_reads_has_its_line(text: str) -> None:
    parsed = parse_ini(text)
    if not isinstance(parsed, Success):
        return  # a file configparser refuses has no options to place
    document = parsed.unwrap()
    lines = ini_lines(text)
    numbered = text.removeprefix("\ufeff").split("\n")
    pairs = [("DEFAULT", option) for option in document.defaults]
    pairs += [(name, option) for name, own in document.sections.items() for option in own]
    for section, option in pairs:
        line = lines[f"[{section}] {option}"]
        text = numbered[line - 1].strip()
        cut = min(i for i in (text.find("="), text.find(":")) if i >= 0)
        assert text[:cut].strip().lower() == option
        header = lines[f"[{section}]"]
        assert header < line
        assert numbered[header - 1].strip() == f"[{section}]"


def test_a_section_has_its_own_options_and_the_defaults() -> None:
    document = _document("[DEFAULT]\nd = 1\n[s]\no = 2\n")
    assert document.has_section("s")
    assert not document.has_section("DEFAULT")
    assert document.has_option("s", "o")
    assert document.has_option("s", "d")
    assert not document.has_option("s", "x")
    assert not document.has_option("t", "d")
