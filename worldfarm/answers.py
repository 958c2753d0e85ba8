"""Judging an agent's final message: it must state every expected value and none of the competing ones.

A task that asks for information knows the values its answer must state (``Verifier.answer``) and the
values a wrong or hedged answer would state instead (``Verifier.competing``: the same field of the
other rows the question ranges over, other counts, other dates). :func:`judge` reads the message once
and says which expected values it states and which competing ones it states too.

How a message is read:

- **Values copied from the instruction never count.** Dates, numbers, codes (``LA-100185``) and a
  number with the word before it (``Life 20``) that the instruction contains are masked out of the
  message first; an expected value the instruction already contains can never be found, a competing
  one is not held against the answer.
- **Numbers are read the way people write them**: ``$1,234.50``, ``1234.5``, ``1.234,50``,
  ``1 234,50`` with a non-breaking or thin space, number words (``five``, ``twenty-one``).
  A number that can be read in more than one way (``1,234`` without a currency sign, ``244,50``,
  ``20 244.50`` with an ordinary space, ``3/4/2026``, ``350-351``) **fails closed**: it states none of
  its readings for sure, and every one of them as a possible competing value.
- **Dates are dates, never numbers**: ``2026-05-15``, ``May 15, 2026``, ``15 May 2026`` and ``May
  15`` (any year) state the date 2026-05-15 and not the numbers 2026, 5 or 15. Times (``09:30``),
  emails and codes mixing letters and digits are not numbers either.
- **Text** (names, emails, phone numbers) matches as whole words after folding case, accents,
  punctuation and spacing; a phone number matches by its digits.

A value is a number if it reads as one (``"349"``, ``"132.00"``, ``"-5"``), a date if it is an ISO
date, else text.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Kind = Literal["number", "date", "text"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WORDS = {
    word: n
    for n, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
        )
    )
}
TENS = {
    word: 10 * n
    for n, word in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)
}
_WORD_NUMBER = re.compile(rf"\b(?:({'|'.join(TENS)})(?:[- ]({'|'.join(list(WORDS)[1:10])}))?|({'|'.join(WORDS)}))\b")

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
            r"(?P<iso>(?<![\w.])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![\w-]))",
            rf"(?P<mdy>\b(?:{_MONTH})\.?[ \t]+\d{{1,2}}{_ORD}(?:,?[ \t]+\d{{4}})?\b)",
            rf"(?P<dmy>\b\d{{1,2}}{_ORD}[ \t]+(?:of[ \t]+)?(?:{_MONTH})\b\.?(?:,?[ \t]+\d{{4}}\b)?)",
            r"(?P<slash>(?<![\w./])\d{1,2}/\d{1,2}/\d{2,4}(?![\w/]))",
            r"(?P<time>(?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[ap]\.?m\b\.?)?)",
            r"(?P<phone>\+\d[\d[ \t]().-]{6,}\d|\(\d{3}\)[ \t]?\d{3}[-.[ \t]]\d{4})",
            r"(?P<mixed>\b(?:[a-z]+[-_]?\d[\w-]*|\d+[a-z][\w-]*)\b)",
            r"(?P<code>(?<![\w.,])\+?\d+(?:-\d+)+(?![\w]))",
            r"(?P<number>(?<![\w.,-])[-+]?(?:\$[ \t]?)?\d(?:[\d_]|[.,](?=\d))*"  # digits, joined by , . _
            r"(?: \d{3}(?!\d))*(?:[.,]\d+)?(?:%|[ \t]?\$)?(?!\w))",  # groups after plain spaces, decimals, a sign
        ]
    )
)


_CURRENCIES = str.maketrans({sign: "$" for sign in "€£¥₹₩"})


@dataclass(frozen=True)
class Verdict:
    """What a message states: for each expected value whether it is stated, and the competing values it states."""

    found: tuple[bool, ...]
    stated_competing: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return all(self.found) and not self.stated_competing


@dataclass
class Reading:
    """The values a message states for sure, and every value some reading of it could state."""

    text: str
    sure_numbers: set[Decimal] = field(default_factory=set)
    maybe_numbers: set[Decimal] = field(default_factory=set)
    sure_dates: set[str] = field(default_factory=set)
    maybe_dates: set[str] = field(default_factory=set)
    """ISO dates, and ``--MM-DD`` for a date written without its year."""

    def states(self, value: str) -> bool:
        """Whether the message states ``value`` unambiguously."""
        kind, parsed = classify(value)
        if kind == "number":
            return parsed in self.sure_numbers
        if kind == "date":
            return parsed in self.sure_dates or f"--{str(parsed)[5:]}" in self.sure_dates
        return _has_text(self.text, value)

    def may_state(self, value: str) -> bool:
        """Whether some reading of the message states ``value``."""
        kind, parsed = classify(value)
        if kind == "number":
            return parsed in self.maybe_numbers
        if kind == "date":
            return parsed in self.maybe_dates or f"--{str(parsed)[5:]}" in self.maybe_dates
        return _has_text(self.text, value)


def judge(message: str, expected: Sequence[str], competing: Sequence[str] = (), instruction: str = "") -> Verdict:
    """Which ``expected`` values ``message`` states, and which ``competing`` ones it states too, ignoring
    whatever it copied from ``instruction``."""
    copied = _instruction(instruction)
    reading = read(message, copied)
    found = tuple(reading.states(v) and not copied.may_state(v) for v in expected)
    texts = [v for v in expected if classify(v)[0] == "text"]
    blanked = dataclasses.replace(reading, text=_blank(reading.text, texts)) if texts else reading
    stated = tuple(
        v for v in competing if (blanked if _inside(v, texts) else reading).may_state(v) and not copied.may_state(v)
    )
    return Verdict(found=found, stated_competing=stated)


def _inside(value: str, texts: list[str]) -> bool:
    """Whether ``value`` is part of one of ``texts`` ("Standard Clean" of "Standard Clean (Lite)"): then an
    expected name saying it does not state it, so it is looked for with the expected names blanked out."""
    needle = _words(fold(value))
    return bool(needle) and any(_has_words(_words(fold(t)), needle) for t in texts)


@functools.lru_cache(maxsize=256)
def _instruction(text: str) -> Reading:
    """An instruction's reading, shared by every answer judged against it (never changed after reading)."""
    return read(text)


def contains(message: str, expected: str) -> bool:
    """Whether ``message`` states ``expected`` unambiguously (no instruction, no competing values)."""
    return judge(message, [expected]).passed


@functools.lru_cache(maxsize=4096)
def classify(value: str) -> tuple[Kind, Decimal | str]:
    """A verifier value's kind and canonical form: a Decimal, an ISO date, or folded text."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and _valid_date(text):
        return "date", text
    if re.fullmatch(r"[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", text):
        return "number", Decimal(text.replace("$", "").replace(",", ""))
    return "text", fold(text)


def fold(text: str) -> str:
    """Lower case, accents folded to ASCII, digit groups joined by special spaces marked with ``_``."""
    text = re.sub(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}\b)", "_", text)
    text = text.translate(_CURRENCIES)  # every currency sign is a sign of money (kept through the ASCII fold)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return text


def read(message: str, copied: Reading | None = None) -> Reading:
    """Every value ``message`` states; with ``copied`` (the instruction's reading), copied values masked out.

    Tokens never span lines, so only the lines holding something copied are read again: the gate judges
    one long answer against many instructions, and the rest of it is read once per process (cached)."""
    text = _fold_cached(message)
    spans = [span for span in _spans(copied.text) if span in text] if copied is not None else []
    if spans:
        text, values = _read_masked(text, spans)
    else:
        values = _read_text(text)
    reading = Reading(text=text, sure_numbers=set(values[0]), maybe_numbers=set(values[1]))
    reading.sure_dates, reading.maybe_dates = set(values[2]), set(values[3])
    if copied is not None:
        _drop_copied(reading, copied)
    return reading


Values = tuple[frozenset[Decimal], frozenset[Decimal], frozenset[str], frozenset[str]]


@functools.lru_cache(maxsize=64)
def _fold_cached(message: str) -> str:
    return fold(message)


@functools.lru_cache(maxsize=64)
def _read_text(text: str) -> Values:
    return _read_lines(tuple(text.split("\n")))


def _read_masked(text: str, spans: list[str]) -> tuple[str, Values]:
    """``text`` with the spans blanked out of the lines holding them, and what it states: the other lines'
    readings are the text's own (a span never holds a line break)."""
    lines, starts, parts = _split(text)
    hit = {bisect.bisect_right(starts, at) - 1 for span in spans for at in _occurrences(text, span)}
    masked, values = list(lines), list(parts)
    for index in hit:
        masked[index] = _mask(lines[index], spans)
        values[index] = _read_line(masked[index])
    return "\n".join(masked), _union(values)


@functools.lru_cache(maxsize=16)
def _split(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[Values, ...]]:
    """The lines of ``text``, where each starts, and what each states."""
    lines = tuple(text.split("\n"))
    starts = tuple(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    return lines, starts, tuple(_read_line(line) for line in lines)


def _occurrences(text: str, span: str) -> Iterator[int]:
    at = text.find(span)
    while at != -1:
        yield at
        at = text.find(span, at + 1)


def _read_lines(lines: tuple[str, ...]) -> Values:
    return _union([_read_line(line) for line in lines])


def _union(parts: Sequence[Values]) -> Values:
    return (
        frozenset().union(*map(_FIRST, parts)),
        frozenset().union(*map(_SECOND, parts)),
        frozenset().union(*map(_THIRD, parts)),
        frozenset().union(*map(_FOURTH, parts)),
    )


_FIRST, _SECOND, _THIRD, _FOURTH = (operator.itemgetter(i) for i in range(4))


def _drop_copied(reading: Reading, copied: Reading) -> None:
    reading.sure_numbers.difference_update(copied.maybe_numbers)
    reading.maybe_numbers.difference_update(copied.maybe_numbers)
    reading.sure_dates.difference_update(copied.maybe_dates)
    reading.maybe_dates.difference_update(copied.maybe_dates)


@functools.lru_cache(maxsize=4096)
def _read_line(line: str) -> Values:
    reading = Reading(text=line)
    for match in _TOKEN.finditer(line):
        _take(reading, match)
    _number_words(reading, line)
    return (
        frozenset(reading.sure_numbers),
        frozenset(reading.maybe_numbers),
        frozenset(reading.sure_dates),
        frozenset(reading.maybe_dates),
    )


# --- tokens ----------------------------------------------------------------------------------------


def _take(reading: Reading, match: re.Match[str]) -> None:
    kind, token = match.lastgroup, match.group(0)
    if kind == "iso":
        _dates(reading, [_iso(token)])
    elif kind == "mdy" or kind == "dmy":
        _dates(reading, [_named_date(token)])
    elif kind == "slash":
        _dates(reading, _slash_dates(token))
    elif kind == "code" and not token.startswith("+"):
        _numbers(reading, [(Decimal(p),) for p in token.split("-")] + [()])
    elif kind == "number":
        _numbers(reading, _number_readings(token))


def _dates(reading: Reading, options: list[str | None]) -> None:
    valid = [d for d in options if d is not None]
    reading.maybe_dates.update(valid)
    if len(valid) == 1 and len(options) == 1:
        reading.sure_dates.add(valid[0])


def _numbers(reading: Reading, options: list[tuple[Decimal, ...]]) -> None:
    """A token read as each of ``options`` (a tuple of the numbers one reading states)."""
    for option in options:
        reading.maybe_numbers.update(option)
    if options:
        reading.sure_numbers.update(set(options[0]).intersection(*map(set, options[1:])))


def _iso(token: str) -> str | None:
    year, month, day = (int(p) for p in re.split(r"[-/]", token))
    return _date(year, month, day)


def _named_date(token: str) -> str | None:
    words = re.findall(r"[a-z]+|\d+", token)
    month = next(MONTHS[w] for w in words if w in MONTHS)
    numbers = [int(w) for w in words if w.isdigit()]
    day = numbers[0]
    if len(numbers) > 1:
        return _date(numbers[1], month, day)
    return f"--{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def _slash_dates(token: str) -> list[str | None]:
    first, second, year = (int(p) for p in token.split("/"))
    year += 2000 if year < 100 else 0
    options = {_date(year, first, second), _date(year, second, first)} - {None}
    return list(options) if options else [None]


def _date(year: int, month: int, day: int) -> str | None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return text if _valid_date(text) else None


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _number_readings(token: str) -> list[tuple[Decimal, ...]]:
    """The ways a number token can be read, each a tuple of the numbers that reading states."""
    sign = -1 if token.lstrip().startswith("-") else 1
    money = "$" in token  # every currency sign is "$" once folded
    body = re.sub(r"[-+$%]", "", token).strip()
    pieces = body.split(" ")
    if len(pieces) == 1:
        return [(sign * value,) for value in _one_number(body, money)]
    joined = [(sign * value,) for value in _one_number("_".join(pieces), money)]
    separate = tuple(v * (sign if i == 0 else 1) for i, piece in enumerate(pieces) for v in _one_number(piece, money))
    return [*joined, separate]


def _one_number(body: str, money: bool) -> list[Decimal]:
    """The values one run of digits and separators can mean (several when it is ambiguous)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", body):
        european = re.fullmatch(r"\d{1,3}\.\d{3}", body) and not money
        return [Decimal(body), *([Decimal(body.replace(".", ""))] if european else [])]
    if re.fullmatch(r"\d{1,3}(?:_\d{3})+(?:[.,]\d+)?", body):
        return [Decimal(body.replace("_", "").replace(",", "."))]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", body):
        single = body.count(",") == 1 and "." not in body and not money
        return [Decimal(body.replace(",", "")), *([Decimal(body.replace(",", "."))] if single else [])]
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}", body):
        return [Decimal(body.replace(".", "").replace(",", "."))]
    if re.fullmatch(r"\d+,\d{1,2}", body):
        if money and re.fullmatch(r"\d+,\d\d", body):  # "€0,50": nobody groups two digits
            return [Decimal(body.replace(",", "."))]
        return [Decimal(body.replace(",", ".")), *(Decimal(p) for p in body.split(","))]
    return [Decimal(p) for p in re.split(r"[,._]", body) if p]


def _number_words(reading: Reading, text: str) -> None:
    """Numbers written as words: ``five``, ``twenty-one``, ``twenty one``."""
    for match in _WORD_NUMBER.finditer(text):
        tens, unit, alone = match.groups()
        value = Decimal(TENS[tens] + (WORDS[unit] if unit else 0) if tens else WORDS[alone])
        reading.sure_numbers.add(value)
        reading.maybe_numbers.add(value)


# --- masking and text ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _spans(instruction: str) -> tuple[str, ...]:
    """What counts as copied from an (already folded) instruction: codes, emails, and numbers with the word
    before them ("life 20"), longest first."""
    spans = set(re.findall(r"\b[a-z]+[ \t]+\d+(?:\.\d+)?(?![\w/-]|[.,]\d)", instruction))
    spans |= {m.group(0) for m in _TOKEN.finditer(instruction) if m.lastgroup in ("mixed", "code", "email")}
    return tuple(sorted(spans, key=len, reverse=True))


def _mask(text: str, spans: list[str]) -> str:
    """``text`` with every copied span blanked out."""
    for span in spans:
        text = re.sub(rf"(?<![\w.]){re.escape(span)}(?![\w]|[.,]\d)", " | ", text)
    return text


def _blank(text: str, values: list[str]) -> str:
    """``text`` with the whole-word occurrences of ``values`` blanked out, longest first."""
    words = _words(text)
    for value in sorted(values, key=len, reverse=True):
        needle = _words(fold(value))
        if needle:
            words = re.sub(rf"(?<![\w@]){re.escape(needle)}(?![\w@])", " | ", words)
    return words


@functools.lru_cache(maxsize=256)
@functools.lru_cache(maxsize=64)
def _words(text: str) -> str:
    """``text`` as words separated by single spaces (cached: the gate looks for many values in one long answer)."""
    return " ".join(re.sub(r"[^\w@+]+|_", " ", text).split())


def _has_text(text: str, value: str) -> bool:
    needle = fold(value).strip()
    if not needle:
        return False
    digits = re.sub(r"\D", "", needle)
    if len(digits) >= 7 and re.fullmatch(r"[\d\s()+.\-]+", needle):
        return digits in _phone_runs(text)
    return _has_words(_words(text), _words(needle))


def _has_words(words: str, needle: str) -> bool:
    """Whether ``needle`` is in ``words`` as whole words: neither a word character nor ``@`` on either side
    (the plain-text search of ``(?<![\\w@])needle(?![\\w@])``)."""
    start = words.find(needle)
    while start != -1:
        end = start + len(needle)
        if not (start and _word_char(words[start - 1])) and not (end < len(words) and _word_char(words[end])):
            return True
        start = words.find(needle, start + 1)
    return False


def _word_char(char: str) -> bool:
    """What ``[\\w@]`` matches: ``\\w`` is a letter, digit or underscore (str.isalnum, as re decides it)."""
    return char.isalnum() or char in "_@"


@functools.lru_cache(maxsize=64)
def _phone_runs(text: str) -> frozenset[str]:
    runs = re.findall(r"\+?\d[\d\s()+.\-]{5,}\d", text)
    return frozenset({re.sub(r"\D", "", run) for run in runs} | {re.sub(r"\D", "", run)[1:] for run in runs})
