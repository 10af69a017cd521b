"""One meaning per file: the fast parser and the reference reader read every file alike.

A file of 64 KB or more is first read by ``yaml_rs`` (:mod:`tui.core.fastyaml`); a smaller
one, and any file the fast path declines, by :mod:`tui.core.yamlsafe`. The differential
property test below writes timelines in every scalar style YAML has, with YAML 1.1's numbers,
booleans, nulls, dates and sexagesimals, anchors, aliases and merge keys, pads each past
:data:`~tui.core.fastyaml.MIN_BYTES` and asserts that both readers give the same data and
the same timeline, or the same errors. The regression tests after it pin each case that once
read differently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import fastyaml, yamlsafe
from tui.core.errors import TimelineError
from tui.core.loader import load_text
from tui.core.model import Timeline

Outcome = Timeline | list[str]

PAD_COMMENT = "# " + "padding " * (fastyaml.MIN_BYTES // 8) + "\n"


def outcome(text: str) -> Outcome:
    """The timeline ``load_text`` gives, or its messages."""
    try:
        return load_text(text, "f.yaml")
    except TimelineError as exc:
        return [str(d) for d in exc.diagnostics]


def reference(text: str) -> Outcome:
    """The outcome with the fast path turned off: what the reference reader makes of it."""
    with mock.patch.object(fastyaml, "try_load", return_value=None):
        return outcome(text)


def reference_data(text: str) -> yamlsafe.Data | str:
    """What :func:`tui.core.yamlsafe.load` reads, or its problem (with its position)."""
    try:
        return yamlsafe.load(text)
    except yamlsafe.YamlProblem as exc:
        return f"problem {exc}"


def without_position(data: yamlsafe.Data | str) -> yamlsafe.Data | str:
    """A problem's message without its line and column, which the padding may move when the
    problem is at the end of the text."""
    if isinstance(data, str) and data.startswith("problem "):
        return data.split(": ", 1)[1]
    return data


def padded(text: str) -> str:
    return text + PAD_COMMENT


@pytest.fixture(params=["libyaml", "pure-python"])
def reader(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test with libyaml's parser and again with PyYAML's own."""
    if request.param == "libyaml":
        yield request.param
        return
    with mock.patch.object(yamlsafe, "_Loader", yaml.SafeLoader):
        yield request.param


# --- generated documents ----------------------------------------------------------------

# Values as YAML 1.1 would type them when written plain, and text that looks like them.
YAML_11_FORMS = [
    *("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "off", "OFF", "y", "Y", "n", "N"),
    *("true", "True", "TRUE", "false", "False", "FALSE", "tRUE"),
    *("~", "null", "Null", "NULL", "nULL", ""),
    *("0", "-0", "+0", "007", "+5", "-5", "1_000", "0x1F", "0X1f", "0o17", "0b101", "017"),
    *("00", "_1", "1__0", "-007", "12345678901234567890123", "2014", "1969"),
    *("1:20", "190:20:30", "-1:20", "190:20:30.15", "1e3", "1.5", "-1.5", "+.5", "6.8523015e+5"),
    *(".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1.", "0."),
    *("2025-06-24", "2025-06-24 14:30", "2025-06-24T14:30:00Z", "2001-12-14t21:59:43.10-05:00"),
    *("14:30", "2014-02", "=", "<<", "-", "?", ":", "#", "@x", "`x", "%x", "!x", "&x", "*x"),
    *("|", ">", "[x]", "{x}", "a: b", "a #b", "a#b", "http://x.org/a?b=1#c", "Київ", "née"),
]
TIMES = [
    *("2025-06-24", "2014", "2014-02", "2025-06-24 14:30", "2025-06-24T14:30:00Z"),
    *("2025-06-24 14:30+02:00", "2025-06-25", "1969-07-21T02:56:15Z", "14:30", "2025-13-01"),
]
CLEAN_CHARS = [*"abcxyz ABC 019-_.:#,?|>'\"%@`/\\~=+", "é", "ж", "😀", "\n"]
RISKY_CHARS = [*"&*![]{}", "\t", "\x07", "\x1b", "\x85", "\u2028", "\u202e", "\ufeff", "\xa0"]
INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
RISKY_FORMS = ("<<", "!x", "&x", "*x", "[x]", "{x}", "[a, b", "a: b")


def words(risky: bool) -> st.SearchStrategy[str]:
    """Scalar text: YAML 1.1 forms and random text; ``risky`` adds what the readers dispute."""
    chars = CLEAN_CHARS + RISKY_CHARS if risky else CLEAN_CHARS
    forms = [f for f in YAML_11_FORMS if risky or f not in RISKY_FORMS]
    text = st.text(st.sampled_from(chars), max_size=10)
    if not risky:  # mostly text the fast path takes, so that it is compared often
        text = text.map(lambda t: "w" + t if t[:1] in INDICATORS else t)
    return st.one_of(
        st.sampled_from(forms),
        text,
        st.builds(lambda a, b: a + b, st.sampled_from(forms), st.sampled_from(chars)),
    )


_NAMED_ESCAPES = {
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "/": "\\/",
    " ": "\\ ",
}


def double_quoted(value: str, choices: list[int]) -> str:
    """``value`` double-quoted, each character escaped one of several ways."""
    out = []
    for i, char in enumerate(value):
        how = choices[i % len(choices)] if choices else 0
        if char in '"\\':
            out.append("\\" + char)
        elif how == 1 and char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif how == 2 or (ord(char) < 0x20 and char not in "\t\n") or char in "\x85\u2028":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif how == 3:
            out.append(f"\\U{ord(char):08x}")
        elif how == 4 and char == " ":
            out.append("\\\n   ")  # an escaped line break: the space survives, the break not
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


BLOCK_STYLES = ["plain", "next-line", "single", "double", "literal", "folded", "null", "alias"]
FLOW_STYLES = ["plain", "single", "double", "null", "alias"]


@st.composite
def scalar(
    draw: st.DrawFn,
    indent: int,
    anchors: list[str],
    pool: st.SearchStrategy[str],
    risky: bool,
    flow: bool = False,
) -> str:
    """A scalar written after ``key:``, in a drawn style (the text starts with its separator).

    Block styles are plain, plain on the next line, single- and double-quoted, literal and
    folded blocks with chomping and indentation indicators, the null forms and aliases; in
    flow context (``flow``) only those that fit inside ``{...}``.
    """
    styles = FLOW_STYLES if flow else BLOCK_STYLES
    style = draw(st.sampled_from(styles if risky else styles[:-1]))  # aliases are risky
    value = draw(pool)
    pad = " " * (indent + 2)
    prefix = ""
    if style == "alias" and anchors:
        return " *" + draw(st.sampled_from(anchors))
    if draw(st.integers(0, 5)) == 0:
        names = ["a1", "b-2", "c_3"] + (["é", "a:b"] if risky else [])
        name = draw(st.sampled_from(names))
        anchors.append(name)
        prefix = f" &{name}"
    comments = ["", "", "", " # note", "  #"] + (["\t# tab", "\t"] if risky else [])
    comment = "" if flow else draw(st.sampled_from(comments))
    if style in ("plain", "alias"):
        body = (" " + value.replace("\n", "\n" + pad)) if value else ""
        return prefix + body + comment
    if style == "next-line":
        return prefix + "\n" + pad + value.replace("\n", "\n" + pad) + comment
    if style == "single":
        return prefix + " '" + value.replace("'", "''") + "'" + comment
    if style == "double":
        choices = draw(st.lists(st.integers(0, 4), max_size=4))
        return prefix + " " + double_quoted(value, choices) + comment
    if style == "null":
        return prefix + draw(st.sampled_from(["", " ~", " null", " Null", " NULL", " nULL"]))
    chomp = draw(st.sampled_from(["", "-", "+"]))
    hint = draw(st.sampled_from(["", "", "2"]))
    lines = value.split("\n") + draw(st.sampled_from([[], [""], ["", ""], ["  more"]]))
    body = "".join("\n" + (pad + line if line else "") for line in lines)
    mark = "|" if style == "literal" else ">"
    return f"{prefix} {mark}{hint}{chomp}{comment if '#' in comment else ''}{body}"


@st.composite
def sequence(
    draw: st.DrawFn, indent: int, anchors: list[str], risky: bool, flow: bool = False
) -> str:
    """A list of text after ``key:``: flow (``[a, b]``), block (``- a`` lines) or an alias."""
    if risky and anchors and draw(st.integers(0, 7)) == 0:
        return " *" + draw(st.sampled_from(anchors))
    prefix = ""
    if draw(st.integers(0, 5)) == 0:
        name = draw(st.sampled_from(["s1", "s2"]))
        anchors.append(name)
        prefix = f" &{name}"
    if flow or draw(st.booleans()):
        items = [draw(scalar(indent, anchors, words(risky), risky, flow=True)) for _ in range(3)]
        count = draw(st.integers(0, 3))
        joint = draw(st.sampled_from([",", ", ", ",\n" + " " * (indent + 4)]))
        return prefix + " [" + joint.join(item.lstrip(" ") for item in items[:count]) + "]"
    pad = " " * (indent + 2)
    out = ""
    for _ in range(draw(st.integers(1, 3))):
        out += "\n" + pad + "-" + draw(scalar(indent + 2, anchors, words(risky), risky))
    return prefix + out


KEY_SPELLINGS = ["{}", "{}", "{}", '"{}"', "'{}'"]


@st.composite
def event(draw: st.DrawFn, anchors: list[str], risky: bool) -> str:
    """One event, as block lines (in any field order, with comments and blank lines between,
    keys sometimes quoted or written as ``? key``) or as one flow mapping."""
    flow = draw(st.integers(0, 4)) == 0
    fields: list[tuple[str, str]] = []
    fields.append(("title", draw(scalar(4, anchors, words(risky), risky, flow))))
    times = st.sampled_from(TIMES if risky else TIMES[:-2])  # the last two are never valid
    fields.append(("start", draw(scalar(4, anchors, times, risky, flow))))
    for name in ("end", "id", "location", "summary", "confidence", "x-extra"):
        if draw(st.integers(0, 2)) == 0:
            pool = times if name == "end" else words(risky)
            fields.append((name, draw(scalar(4, anchors, pool, risky, flow))))
    for name in ("tags", "notes"):
        if draw(st.integers(0, 2)) == 0:
            fields.append((name, draw(sequence(4, anchors, risky, flow))))
    if risky and draw(st.integers(0, 9)) == 0:
        fields.append(("<<", " *base"))
    order = draw(st.permutations(range(len(fields))))
    keys = [draw(st.sampled_from(KEY_SPELLINGS)).format(fields[i][0]) for i in order]
    if flow:
        return (
            "  - {"
            + ", ".join(f"{k}:{fields[i][1]}" for k, i in zip(keys, order, strict=True))
            + "}\n"
        )
    lines = []
    for n, (key, i) in enumerate(zip(keys, order, strict=True)):
        lead = "  - " if n == 0 else "    "
        value = fields[i][1]
        if n > 0 and draw(st.integers(0, 7)) == 0:
            lines.append(draw(st.sampled_from(["", "    # a comment", "# at the margin", "   "])))
        if risky and draw(st.integers(0, 5)) == 0 and not value.startswith("\n"):
            lines.append(f"{lead}? {key}\n    :{value}")  # the explicit key form
        else:
            lines.append(f"{lead}{key}:{value}")
    return "\n".join(lines) + "\n"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A timeline in the text form; two in three avoid what the two readers dispute."""
    risky = draw(st.integers(0, 2)) == 0
    anchors: list[str] = []
    head = draw(st.sampled_from(["", "", "---\n", "# a timeline\n", "--- # start\n"]))
    if draw(st.booleans()):
        head += "title:" + draw(scalar(0, anchors, words(risky), risky)) + "\n"
    head += "timezone: UTC\nx-base: &base {title: Base, start: 2025-01-01}\n"
    events = "".join(draw(st.lists(event(anchors, risky), min_size=1, max_size=3)))
    return head + "events:\n" + events


def filler(count: int) -> str:
    note = "a long summary " * 380
    return "".join(
        f"  - title: Filler {i}\n    start: 2020-01-{i % 28 + 1:02d}\n    summary: {note}\n"
        for i in range(count)
    )


FILLER = filler(12)
assert len(FILLER) > fastyaml.MIN_BYTES


def test_every_reader_gives_every_document_the_same_meaning() -> None:
    seen: Counter[str] = Counter()

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(documents(), st.sampled_from(["comment", "events", "crlf"]))
    def check(small: str, padding: str) -> None:
        if padding == "events":
            big = small + FILLER
        elif padding == "crlf":
            small = small.replace("\n", "\r\n")
            big = small + PAD_COMMENT.replace("\n", "\r\n")
        else:
            big = padded(small)
        expected = reference_data(big)
        fast = fastyaml.try_load(big)
        if fast is not None:
            seen["served"] += 1
            assert fast == expected, "the fast parser read the file differently"
        served = outcome(big)
        assert served == reference(big)
        if isinstance(served, Timeline):
            seen["valid"] += 1
        # the padding changes nothing the small file says
        small_data = reference_data(small)
        if padding == "events" and isinstance(expected, dict) and isinstance(small_data, dict):
            events = expected.get("events")
            assert isinstance(events, list)
            expected = {**expected, "events": events[: -FILLER.count("  - title:")]}
        assert without_position(small_data) == without_position(expected)

    check()
    # the test means something only if the fast path serves and files validate often
    assert seen["served"] >= 20, seen
    assert seen["valid"] >= 12, seen


# --- integers: the one typed value the fast path may give back as text -------------------

TOKEN_CHARS = "0179afxobeEXOB_+-."


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.text(TOKEN_CHARS, min_size=1, max_size=8),
    st.sampled_from(
        [
            "k: {}\n",
            "k:\n  {}\n",
            "- {}\n",
            "k: [{}]\n",
            "k: [a,{}]\n",
            "k: {{a: {}}}\n",
            '{{"a":{}}}\n',
            "k: &x {}\n",
            "k: {} # c\n",
            "k: [\n  {}\n  ]\n",
            "? {}\n: v\n",
            "{}: v\n",
            "{}\n",
            "\ufeff{}\n",
        ]
    ),
)
def test_an_integer_written_oddly_is_always_noticed(token: str, context: str) -> None:
    text = context.format(token)
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:
        return  # not a document the fast path would serve
    odd: list[int] = []

    def find(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                find(key)
                find(value)
        elif isinstance(node, list | tuple):
            for item in node:
                find(item)
        elif type(node) is int and str(node) != token:
            odd.append(node)

    find(data)
    if odd:
        assert not fastyaml.integers_are_verbatim(text), (text, odd)


@pytest.mark.parametrize(
    ("text", "verbatim"),
    [
        ("a: 2011\nb: [1, -5, 0]\n", True),
        ("a: 2011-01-01 07:05\nb: 12:05\nc: x_1\nd: a+1\n", True),
        ("a:\n  0123\n", False),
        ("a: [x,\n  -0]\n", False),
        ("a: _1\n", False),
        ("a: 1_000\n", False),
        ("- +0x1F\n", False),
        ('{"a":017}\n', False),
        ("0123: a\n", False),
    ],
)
def test_integer_spelling(text: str, verbatim: bool) -> None:
    assert fastyaml.integers_are_verbatim(text) is verbatim


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(codec="utf-8"), max_size=30) | st.text(max_size=30))
def test_the_fast_character_scan_is_the_reference_class(text: str) -> None:
    expected = bool(
        yamlsafe.UNREADABLE.search(text) or re.search("[\x85\u2028\u2029\ud800-\udfff]", text)
    )
    assert fastyaml._has_unshared_characters(text) is expected


# --- regressions ------------------------------------------------------------------------

BASE = "timezone: UTC\nevents:\n  - title: A\n    start: 2025-01-01 10:00\n"


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", "", "!!null ~", "!!null ''"])
@pytest.mark.parametrize("size", ["small", "padded"])
def test_null_forms_mean_not_given(reader: str, written: str, size: str) -> None:
    text = BASE + f"    end: {written}\n    location: {written}\n"
    text = padded(text) if size == "padded" else text
    timeline = load_text(text, "f.yaml")
    assert timeline.events[0].end is None
    assert timeline.events[0].location is None


@pytest.mark.parametrize("written", ["'~'", '"null"', "! ~", "!!str NULL", "nULL"])
def test_quoted_or_tagged_null_words_are_text(reader: str, written: str) -> None:
    for text in (BASE + f"    location: {written}\n", padded(BASE + f"    location: {written}\n")):
        location = load_text(text, "f.yaml").events[0].location
        assert location is not None
        assert location.lower() in ("~", "null")


def test_a_null_title_is_a_missing_title_on_both_paths(reader: str) -> None:
    text = "timezone: UTC\nevents:\n  - title: ~\n    start: 2025-01-01\n"
    assert outcome(text) == outcome(padded(text)) == ["f.yaml:3:12: event has no title"]


@pytest.mark.parametrize(
    "written",
    [
        "-0",
        "+0",
        "1_000",
        "_1",
        "007",
        "0x1F",
        "0o17",
        "0b101",
        "+1",
        "1e3",
        "1.50",
        ".inf",
        ".NaN",
        "true",
        "False",
        "yes",
        "on",
        "1:20",
        "2025-06-24",
        "\n      0123",
        "\n      0x1F",
        "\n      -0",
        "\n      +5",
        "9" * 5000,  # more digits than Python turns into text by default
    ],
    ids=lambda written: written.strip()[:12],
)
def test_the_fast_path_keeps_the_spelling(written: str) -> None:
    text = BASE + f"    summary: {written}\n    x-also: [{written.strip()}]\n"
    big = padded(text)
    expected = written.strip()
    assert load_text(text, "f.yaml").events[0].summary == expected
    assert load_text(big, "f.yaml").events[0].summary == expected
    served = fastyaml.try_load(big)
    assert served is None or served == yamlsafe.load(big)


def test_plain_decimal_integers_are_still_served_fast() -> None:
    text = padded(BASE + "    location: 2014\n  - {title: 1969, start: 1969, location: -5}\n")
    served = fastyaml.try_load(text)
    assert served == yamlsafe.load(text)
    assert served is not None
    assert [e.title for e in load_text(text, "f.yaml").events] == ["1969", "A"]


@pytest.mark.parametrize(
    "written",
    [
        "x-tab:\n  -\ty\n",  # a tab after '-': PyYAML refuses it
        "x-anchor: &é v\n",  # anchor names: PyYAML takes ASCII letters, digits, '-' and '_'
        "x-anchor: &a:b v\n",
        'x-pair: "\\ud83d\\ude00"\n',  # a surrogate pair: one character to YAML 1.2 only
        "x-flow: [?x]\n",  # '?' opens a key in PyYAML's flow context
        "x-flow: [a, :x]\n",
        "x-flow: {a:, b: c}\n",
        "x-flow: [|]\n",  # PyYAML refuses '|' and '>' where a flow scalar starts
        "x-flow: [&a >x]\n",
        "x-flow: {k: ?x}\n",
        "x-flow: [x:?]\n",  # ':' before '?' in flow context: an error to PyYAML
        "x-flow: {k: |#}\n",  # not a block scalar header: '#' starts a comment after a space
        "x-flow: ['':|]\n",  # a value right after a quoted key's ':'
        "x-flow: {k: |\n  }\n",  # a block scalar header inside {...}: text to yaml_rs only
        "x-flow: [a, >-\n  b]\n",
        "x-line: a\u2028b\n",  # a line break to YAML 1.1, a character to YAML 1.2
        "x-line: a\x85b\n",
        "x-deep: " + "[" * 70 + "]" * 70 + "\n",  # nesting past MAX_DEPTH
        "x-tag: !custom v\n",
        "x-merge: {<<: {a: b}}\n",
        "x-doc: a\n---\nevents: []\n",
    ],
)
def test_syntax_the_readers_disagree_on_is_left_to_the_reference(written: str) -> None:
    text = padded(BASE + written)
    assert fastyaml.try_load(text) is None
    assert outcome(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        PAD_COMMENT + BASE + "    summary: |\n",  # yaml_rs: "\n", PyYAML: ""
        PAD_COMMENT + BASE + "    summary: >+ # c\n\n",
        "...\n" + padded(BASE),  # a document end first: yaml_rs reads on, PyYAML refuses
    ],
)
def test_the_ends_of_a_document_are_left_to_the_reference(text: str) -> None:
    assert fastyaml.try_load(text) is None
    assert outcome(text) == reference(text)


@pytest.mark.parametrize("block", ["|\n  > a quote\n", ">-\n  | a | table |\n", "|\n  x\n"])
def test_block_scalars_read_alike(block: str) -> None:
    text = padded(BASE + "    summary: " + block)
    served = fastyaml.try_load(text)
    assert served is None or served == yamlsafe.load(text)
    assert outcome(text) == reference(text)


def test_an_alias_bomb_is_refused_on_both_paths() -> None:
    items = ", ".join(["x"] * 1000)
    refs = ", ".join(["*a"] * 150)
    text = padded(BASE + f"    x-list: &a [{items}]\n    x-bomb: [{refs}]\n")
    assert fastyaml.try_load(text) is None
    result = outcome(text)
    assert isinstance(result, list) and "too many values" in result[0]


def line_301(text_before: str, newline: str) -> tuple[str, int]:
    head = "timezone: UTC" + newline + "events:" + newline
    lines = [f"  - {{title: {text_before} {i}, start: 2025-01-01}}" for i in range(298)]
    return head + newline.join(lines) + newline + "  - title: bad \x1b[2J x" + newline, 301


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("before", ["ascii", "Київ ☀ 😀"])
def test_an_unreadable_character_is_placed_by_line_and_column(
    reader: str, newline: str, before: str
) -> None:
    text, line = line_301(before, newline)
    expected = [f"f.yaml:{line}:16: character U+001B ESC (escape) is not allowed in the file"]
    for variant in (text, padded(text)):
        found = outcome(variant)
        assert isinstance(found, list)
        assert [m.split(";")[0] for m in found] == expected


def test_an_unreadable_character_in_the_first_line(reader: str) -> None:
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load("a: \ufffe\n")
    assert (info.value.line, info.value.column) == (1, 4)
    assert info.value.message == "character U+FFFE is not allowed in the file; remove it"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [", 1, 5),
        ("a: [\n", 2, 1),
        ("éé: {b: 1", 1, 10),
        ("title: t\nevents:\n$", 3, 2),
        ('a: "x\r\n', 2, 1),
    ],
)
def test_an_error_at_the_end_of_the_text_is_placed_inside_it(
    reader: str, text: str, line: int, column: int
) -> None:
    # libyaml puts it at the start of a line after the last when there is no final break
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load(text)
    assert (info.value.line, info.value.column) == (line, column)


def test_the_position_helper_counts_lines_as_yaml_does() -> None:
    text = "a\r\nb\rc\x85d\u2028e\nf"
    assert yamlsafe.position(text, text.index("f")) == (6, 1)
    assert yamlsafe.position(text, text.index("c")) == (3, 1)
    assert yamlsafe.position("abc", 2) == (1, 3)


def test_generated_files_take_the_fast_path() -> None:
    from bench.generate import generate

    text = generate(400, seed=11)
    assert len(text) > fastyaml.MIN_BYTES
    served = fastyaml.try_load(text)
    assert served is not None
    assert served == yamlsafe.load(text)


def test_a_file_with_aliases_is_read_by_the_reference_reader() -> None:
    # yaml_rs reads an alias inside the collection it names as null; the reference refuses it
    recursive = padded(BASE + "    x-list: &s [a, *s]\n")
    assert fastyaml.try_load(recursive) is None
    assert outcome(recursive) == reference(recursive)
    assert "refers to a node that contains it" in str(outcome(recursive))
    root = Path(__file__).resolve().parent.parent
    bundled = (root / "events.yaml").read_text(encoding="utf-8")  # sources reused by alias
    assert len(bundled) > fastyaml.MIN_BYTES
    assert fastyaml.try_load(bundled) is None
    assert outcome(bundled) == reference(bundled)


@pytest.mark.parametrize(
    ("raw", "line", "column", "bad"),
    [
        (b"a: b\rc: d\re: caf\xe9\r", 3, 7, "e9"),  # lines ended by CR alone
        (b"\xef\xbb\xbfa: caf\xe9\n", 1, 7, "e9"),  # after a BOM (offsets count past it)
        (b"a: \xd0\x9a\xd0\xb8\xff\n", 1, 6, "ff"),  # columns count characters, not bytes
    ],
)
def test_a_byte_that_is_not_utf8_is_placed_as_the_reader_counts(
    raw: bytes, line: int, column: int, bad: str
) -> None:
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.decode(raw)
    assert (info.value.line, info.value.column) == (line, column)
    assert info.value.message.startswith(f"byte 0x{bad} is not valid UTF-8")
