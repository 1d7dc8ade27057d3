"""Swedish text helpers: number formats and generated phrases that follow the data."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence

NBSP = "\u00a0"
MISSING = ".."  # Swedish official statistics: not available or too uncertain to publish
IMPOSSIBLE = "."  # cannot occur

SYMBOL_LEGEND = {
    MISSING: "uppgift saknas eller är för osäker för att redovisas",
    IMPOSSIBLE: "uppgift kan inte förekomma",
}


def missing(value: float | None) -> bool:
    """A value not published (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float, decimals: int = 0) -> str:
    """Swedish number: space between thousands, decimal comma.

    >>> number(1900), number(12.5, 1), number(-3)
    ('1\\xa0900', '12,5', '−3')
    """
    if missing(value):
        return MISSING
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    sign = "−" if value < 0 and round(abs(value), decimals) != 0 else ""
    return sign + text


def percent(value: float, decimals: int = 0) -> str:
    """Table style: ``39 %``."""
    if missing(value):
        return MISSING
    return f"{number(value, decimals)}{NBSP}%"


def percent_words(value: float, decimals: int = 0) -> str:
    """Prose style: ``39 procent``."""
    return f"{number(value, decimals)} procent"


ROUNDING_WORDS = {1: "heltal", 10: "tiotal", 100: "hundratal", 1000: "tusental"}


def with_value(name: str, value: str) -> str:
    """A name with its value in a sentence: in brackets, or after a colon when the name
    already ends in brackets.

    >>> with_value("kvinnor", "55 procent")
    'kvinnor (55 procent)'
    >>> with_value("psykiatriska diagnoser (F00–F99)", "55 procent")
    'psykiatriska diagnoser (F00–F99): 55 procent'
    """
    return f"{name}: {value}" if name.rstrip().endswith(")") else f"{name} ({value})"


def rounded_to(step: int, plural: bool = False) -> str:
    """``avrundat till närmaste hundratal`` (``avrundade`` with ``plural``: "Antalen är …").

    >>> rounded_to(100), rounded_to(1000, plural=True)
    ('avrundat till närmaste hundratal', 'avrundade till närmaste tusental')
    """
    return f"{'avrundade' if plural else 'avrundat'} till närmaste {ROUNDING_WORDS[step]}"


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]


def day_month(day: dt.date) -> str:
    """``30 november``."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def date(day: dt.date) -> str:
    """``7 december 2026``.

    >>> date(dt.date(2026, 12, 7))
    '7 december 2026'
    """
    return f"{day_month(day)} {day.year}"


def join(items: Sequence[str], word: str = "och") -> str:
    """``a, b och c`` (or another ``word`` before the last, e.g. ``eller``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def year_span(years: Sequence[int]) -> str:
    """``2020–2023`` for consecutive years, else a joined list."""
    ys = sorted(set(years))
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return join([str(y) for y in ys])


def points(difference: float) -> str:
    """A difference of two shares: ``1 procentenhet``, ``3 procentenheter``."""
    return count(difference, "procentenhet", "procentenheter")


def count(n: int, singular: str, plural: str) -> str:
    """``1 indikator``, ``3 indikatorer``."""
    return f"{number(n)} {singular if n == 1 else plural}"


_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
          "tolv")


def in_words(n: int) -> str:
    """A count in running text: words up to twelve (common gender), digits above.

    >>> in_words(3), in_words(1), in_words(44)
    ('tre', 'en', '44')
    """
    return _WORDS[n] if 0 <= n < len(_WORDS) else number(n)


# Characters with a meaning in Markdown or MyST (emphasis, code, roles and substitutions,
# links, headings, lists, tables, HTML and entities, fences, comments, maths).
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=^%])")


# Markup an analyst's text may not contain: HTML tags, comments and entities; code and
# fences; roles, directives and substitutions; links; colon fences; maths.
_REFUSED = re.compile(r"<\s*[A-Za-z!/?][^<>]{0,40}>?|&#?\w+;|`+|\{[^{}]{0,30}\}?|\}|"
                      r"\]\s*\(|:::|\$")


def markup(analysts_text: str) -> list[str]:
    """The markup found in an analyst's text, which the build refuses: such texts are plain
    prose (every other mark with a meaning in Markdown is escaped by :func:`plain`). Hidden
    characters count as markup too: control, format (bidirectional overrides, zero-width
    marks) and private-use characters, which change what a reader sees without showing.

    >>> markup("Se <script>x</script> och {include}`/etc/passwd`.")
    ['<script>', '</script>', '{include}', '`']
    >>> markup("Kvinnor (och män) fick 2–3 dagar; 50/50 är målet.")
    []
    >>> markup("Ökade\u202e kraftigt\u200b.")
    ['U+202E RIGHT-TO-LEFT OVERRIDE', 'U+200B ZERO WIDTH SPACE']
    """
    hidden = [f"U+{ord(c):04X} {unicodedata.name(c, 'PRIVATE USE')}" for c in analysts_text
              if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") and c not in "\n\t"]
    return list(dict.fromkeys([*(m.group() for m in _REFUSED.finditer(analysts_text)),
                               *hidden]))


def plain(analysts_text: str) -> str:
    """An analyst's text as plain text in Markdown and MyST: every mark that could start
    markup, a role, a directive, a link or HTML is escaped, so that none takes effect (the
    text reads the same).

    >>> print(plain("<b>Se {download}`x`</b> [länk](a) #1, 2020–2025."))
    \\<b\\>Se \\{download\\}\\`x\\`\\</b\\> \\[länk\\]\\(a\\) \\#1, 2020–2025\\.
    """
    return _MARKUP.sub(r"\\\1", analysts_text)


# A typed number: digits that are not a year (1900–2099) on their own.
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0]\d+)*")
_YEAR = re.compile(r"(19|20)\d\d")


def typed_numbers(content: str) -> list[str]:
    """Numbers typed into an analyst's text (years are allowed).

    >>> typed_numbers("Sedan 2022 har 33 procent, eller 1 200 personer, svarat.")
    ['33', '1 200']
    """
    return [m.group() for m in _NUMBER.finditer(content) if not _YEAR.fullmatch(m.group())]


def lower_first(phrase: str) -> str:
    """A label used inside a sentence: ``Skador (S00–T98)`` -> ``skador (S00–T98)``.

    >>> lower_first("Psykiatriska diagnoser (F00–F99)")
    'psykiatriska diagnoser (F00–F99)'
    """
    return phrase[:1].lower() + phrase[1:]
