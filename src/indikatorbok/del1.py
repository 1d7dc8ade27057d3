"""Del 1 and the summary, from the analysts' judgements of the edition
(``editions/<year>/del1.yaml`` of the programme) and the indicator pages of the same build:
every number is glued from its indicator page or counted from the data, and every direction
word is written from the data. The analysts' texts may hold no numbers other than years; they
cite a figure by reference to the indicator page that computes it: ``[[3.2.3]]`` is its latest
result with its year, ``[[3.2.3: antal_perioden]]`` one of the values the page offers.

Del 1 follows the programme's effect chain, one part per kind of chain step (the catalog
gives each kind a heading; the analysts may give one that states their finding)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from indikatorbok import assessments, catalog, findings, report, text
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from indikatorbok.yamlfile import checked, read_yaml

FOLDER = "del1"

# A figure cited by reference to its indicator page: [[id]] or [[id: key]].
REFERENCE = re.compile(r"\[\[\s*(\d+(?:\.\d+)+)\s*(?::\s*([a-z_]+)\s*)?\]\]")
# Where a reference stands in an escaped text until a page fills it in (characters of the
# private-use area, which no analyst types and escaping leaves as they are).
_CITED = re.compile("\ue000([^\ue001]*)\ue001")
LATEST = "senaste_varde"


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class StepText(_Fields):
    finding: str | None = None
    text: str | None = None


class Section(_Fields):
    title: str
    text: str


class GoalJudgement(_Fields):
    contributed: bool
    key_indicators: list[str] = Field(min_length=1)
    introduction: str | None = None
    steps: dict[str, StepText] = {}
    sections: list[Section] = []
    judgement: str
    challenge: str


class Del1File(_Fields):
    """What ``editions/<year>/del1.yaml`` holds."""

    edition: int
    copied_from: int | None = None
    goals: dict[str, GoalJudgement]
    lessons: list[str] = []
    continued: list[str] = []


def path_for(edition: Edition) -> Path:
    return edition.programme.edition_dir(edition.year) / "del1.yaml"


def _analyst_texts(raw: dict) -> list[tuple[str, str]]:
    """(where, text) of every text the analysts wrote."""
    out = []
    for g, goal in raw["goals"].items():
        out += [(f"goal {g}: {field}", goal[field]) for field in
                ("introduction", "judgement", "challenge") if goal.get(field)]
        for kind, step in (goal.get("steps") or {}).items():
            out += [(f"goal {g}: steps: {kind}: {field}", step[field]) for field in
                    ("finding", "text") if step.get(field)]
        for n, section in enumerate(goal.get("sections") or (), start=1):
            out += [(f"goal {g}: sections: {n}: {field}", section[field]) for field in
                    ("title", "text") if section.get(field)]
    for field in ("lessons", "continued"):
        out += [(f"{field}: {n}", item) for n, item in enumerate(raw[field], start=1)]
    return out


def load(edition: Edition) -> dict:
    """The edition's judgements, checked: every goal judged, known indicators and chain
    steps, the required texts present, and no number typed in (numbers come from data)."""
    path, year, prog = path_for(edition), edition.year, edition.programme
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the analysts' judgements for the {year} edition are missing: run "
            f"`make new-year PROGRAMME={prog.name} YEAR={year}`, which copies the previous "
            f"edition's, and revise them")
    raw = read_yaml(path)
    checked(path, raw, Del1File)  # fields present, of their types
    cat = prog.catalog
    goals = raw["goals"]
    raw.setdefault("lessons", [])
    raw.setdefault("continued", [])
    problems = [f"goal {g.id} has no judgement" for g in cat.goals if g.id not in goals]
    problems += [f"goal {g}: not a goal of the catalog" for g in goals
                 if g not in {goal.id for goal in cat.goals}]
    for g, goal in goals.items():
        problems += [f"goal {g}: '{field}' is empty" for field in ("judgement", "challenge")
                     if not goal[field].strip()]
        problems += [f"goal {g}: key indicator {i} is not in the catalog"
                     for i in goal["key_indicators"] if i not in cat.indicators]
        problems += [f"goal {g}: steps: unknown chain step {k!r} (one of "
                     f"{', '.join(cat.kinds)})" for k in goal.get("steps") or {}
                     if k not in cat.kinds]
    texts = _analyst_texts(raw)
    computed = set(cat.computed())
    problems += [f"{where}: [[{m.group(1)}]] cites no indicator page (computed "
                 f"indicators: {', '.join(sorted(computed)[:5])}, …)"
                 for where, content in texts for m in REFERENCE.finditer(content)
                 if m.group(1) not in computed]
    prose = [(where, REFERENCE.sub("", content)) for where, content in texts]
    problems += [f"{where}: markup in the text ({', '.join(found)}); write plain prose: "
                 f"no HTML, roles, directives, links or code"
                 for where, content in prose if (found := text.markup(content))]
    problems += [f"{where}: number typed into the text ({', '.join(found)}); cite it "
                 f"from its indicator page instead, as [[id]] or [[id: key]]"
                 for where, content in prose if (found := text.typed_numbers(content))]
    if problems:
        raise ValueError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return _escaped(raw)


def _plain(analysts_text: str) -> str:
    """An analyst's text escaped for Markdown (read as text), its references to figures kept
    for the page to fill in (:func:`cite`)."""
    out, end = [], 0
    for m in REFERENCE.finditer(analysts_text):
        out += [text.plain(analysts_text[end:m.start()]),
                f"\ue000{m.group(1)}:{m.group(2) or LATEST}\ue001"]
        end = m.end()
    return "".join([*out, text.plain(analysts_text[end:])])


def _escaped(raw: dict) -> dict:
    """The judgements with every analysts' text escaped for Markdown (read as text)."""
    for goal in raw["goals"].values():
        for field in ("introduction", "judgement", "challenge"):
            if goal.get(field):
                goal[field] = _plain(goal[field])
        for step in (goal.get("steps") or {}).values():
            for field in ("finding", "text"):
                if step.get(field):
                    step[field] = _plain(step[field])
        for section in goal.get("sections") or ():
            section["title"], section["text"] = (_plain(section["title"]),
                                                 _plain(section["text"]))
    for field in ("lessons", "continued"):
        raw[field] = [_plain(item) for item in raw[field]]
    return raw


def cite(page: str, cat: catalog.Catalog, computed: dict[str, findings.Findings], prefix: str,
         source: Path) -> str:
    """The page with each figure the analysts cited filled in from its indicator page (a
    latest result with its year, and said when a later value is withheld); ``source``: the
    analysts' file, for the error when a cited value does not exist."""
    def figure(m: re.Match) -> str:
        indicator_id, key = m.group(1).split(":")
        ind, known = cat[indicator_id], computed.get(indicator_id)
        if known is None:  # the indicator has no results in this build
            return "(uppgift saknas)"
        if key not in known.glued:
            raise ValueError(
                f"{source}: [[{indicator_id}: {key}]] is not a value indicator "
                f"{indicator_id}'s page offers (it offers: "
                f"{', '.join(known.glued) or 'none in this edition'})")
        value = _glue(ind.notebook, key, prefix)
        if key != LATEST:
            return value
        return f"{value} ({_glue(ind.notebook, 'senaste_ar', prefix)}{_later(known)})"

    return _CITED.sub(figure, page)


def _later(known: findings.Findings, lead: str = ", värdet för {} redovisas inte") -> str:
    """A note when the headline's latest measurement is not shown (withheld or too
    uncertain), so that the latest shown value is older."""
    shown = [y for y, v in known.headline if v is not None]
    later = [y for y, v in known.headline if v is None and shown and y > shown[-1]]
    return lead.format(later[-1]) if later else ""


def _glue(notebook: str, key: str, prefix: str) -> str:
    return f"{{glue:text}}`{prefix}{notebook}.ipynb::{key}:s`"  # :s, text as it is


def key_result(ind: catalog.Indicator, computed: findings.Findings | None, prefix: str) -> str:
    """One line on an indicator's latest result: numbers glued from its page, and the
    change since the previous measurement as the page's findings state it."""
    link = f"[{ind.id} {ind.title}]({prefix}{ind.notebook}.ipynb)"
    if computed is None or not computed.measured_years:
        return f"{link}: inga uppgifter i den här utgåvan."
    line = (f"{link} – {_glue(ind.notebook, 'senaste_resultat', prefix)} "
            f"({_glue(ind.notebook, 'senaste_ar', prefix)}"
            + (f", {computed.latest['part_year']}" if computed.latest
               and computed.latest["part_year"] else "") + ")")
    change = computed.change
    if (not computed.summary and change is not None and computed.latest
            and change.year == computed.latest["year"] and "foregaende_ar" in computed.glued):
        previous = (f"{_glue(ind.notebook, 'foregaende_varde', prefix)} "
                    f"({_glue(ind.notebook, 'foregaende_ar', prefix)})")
        line += change.clause(previous)
    later = _later(computed, ". Värdet för {} redovisas inte, så det senaste redovisade gäller")
    if later:
        line += f"{later} {computed.latest['year']}"
    return line + "."


def _subgoals(goal: catalog.Goal, *, adjective: bool = False) -> str:
    """``delmålet om ekonomisk jämställdhet``, or with ``adjective`` ``det
    jämställdhetspolitiska delmålet …``; plural for several."""
    one = len(goal.national_goals) == 1
    noun = "delmålet" if one else "delmålen"
    if adjective:
        noun = f"{'det' if one else 'de'} jämställdhetspolitiska {noun}"
    return f"{noun} {text.join([n.about for n in goal.national_goals])}"


def contribution(goal: catalog.Goal, contributed: bool) -> str:
    """The contribution judgement as a sentence, naming the national sub-goals."""
    verb = "har bidragit" if contributed else "inte har bidragit"
    return f"Bedömningen är att arbetet {verb} till {_subgoals(goal)}."


def claim(goal: catalog.Goal, contributed: bool) -> str:
    """A Del 1 chapter's title: the goal and what the analysts judge it has contributed.

    >>> from indikatorbok import programme
    >>> claim(programme.load("forsakringskassan").catalog.goals[0], True)
    'Mål 1. Osakliga könsskillnader – arbetet har bidragit till delmålet om ekonomisk jämställdhet'
    """
    verb = "har bidragit" if contributed else "har inte bidragit"
    return f"Mål {goal.id}. {goal.short} – arbetet {verb} till {_subgoals(goal)}"


def assessment_counts(cat: catalog.Catalog, goal: catalog.Goal,
                      assessed: assessments.Assessments, table: str) -> str:
    """How the analysts assessed the goal's followed-up indicators, counted."""
    followed = [i for i in cat.indicators.values() if i.step.goal_id == goal.id and i.followed]
    given = [assessed.indicators.get(i.id) for i in followed]
    counts = {c.label.lower(): given.count(c.key) for c in assessed.policy.categories
              if given.count(c.key)}
    parts = [f"{text.in_words(n)} {'visar ' if k == 0 else ''}{label}"
             for k, (label, n) in enumerate(counts.items())]
    sentences = []
    if parts:
        sentences.append(f"Av målets {text.in_words(len(followed))} uppföljda indikatorer "
                         f"bedömer analytikerna att {text.join(parts)} i linje med målet "
                         f"eller effekten ({table}).")
    if None in given:
        sentences.append(f"För {text.in_words(given.count(None))} saknas bedömning.")
    return " ".join(sentences)


def _chapter(cat: catalog.Catalog, goal: catalog.Goal, judged: dict, computed: dict,
             assessed: assessments.Assessments, unreviewed: list[str], table: str) -> str:
    lines = [f"# {claim(goal, judged['contributed'])}", "", *unreviewed,
             f"*{goal.title}.* Målet ska bidra till {_subgoals(goal, adjective=True)}.", ""]
    if judged.get("introduction"):
        lines += [judged["introduction"], ""]
    steps = judged.get("steps") or {}
    for kind in cat.kinds.values():
        by_step = {s: members for s in goal.steps if s.kind == kind.key
                   if (members := [i for i in cat.members(s) if i.followed])}
        if not by_step:
            continue
        written = steps.get(kind.key) or {}
        lines += [f"## {written.get('finding') or kind.heading}", ""]
        if written.get("text"):
            lines += [written["text"], ""]
        for step, members in by_step.items():
            lines += [f"**{step.id} {step.title}**", ""]
            for ind in members:
                reason = assessed.reasons.get(ind.id)
                lines.append(f"- {key_result(ind, computed.get(ind.id), '../del2/')} "
                             f"Bedömning: {assessed.word(ind)}"
                             + (f" (analytikernas motivering: {text.plain(reason)})"
                                if reason else "") + ".")
            lines.append("")
    for section in judged.get("sections") or ():
        lines += [f"## {section['title']}", "", section["text"], ""]
    lines += ["## Samlad bedömning", "", f"**{contribution(goal, judged['contributed'])}**",
              "", judged["judgement"], "", assessment_counts(cat, goal, assessed, table), "",
              "## Kvarstående utmaning", "", judged["challenge"], ""]
    return "\n".join(lines)


def _summary(cat: catalog.Catalog, raw: dict, computed: dict, edition: Edition,
             unreviewed: list[str]) -> str:
    measured = [i for i, c in computed.items() if c.measured_years]
    goals = len(cat.goals)
    contributed = sum(raw["goals"][g.id]["contributed"] for g in cat.goals)
    within = ("inget av målen" if not contributed else
              f"alla {text.in_words(goals)} mål" if contributed == goals else
              f"{text.in_words(contributed)} av de {text.in_words(goals)} målen")
    period = text.year_span(edition.years)
    lines = ["# Sammanfattning", "", *unreviewed,
             f"Utgåvan {edition.year} redovisar resultat för {period} från "
             f"{text.in_words(len(measured))} indikatorer inom myndighetens "
             f"{text.in_words(goals)} jämställdhetsmål. Enligt analytikernas bedömning har "
             f"arbetet bidragit till de jämställdhetspolitiska delmålen inom {within}. "
             "Siffrorna är desamma som på indikatorsidorna; bedömningarna är "
             "analytikernas.", ""]
    for goal in cat.goals:
        judged = raw["goals"][goal.id]
        lines += [f"## Mål {goal.id}: {goal.short}", "",
                  f"**{contribution(goal, judged['contributed'])}**", "", judged["judgement"],
                  "", "Nyckeltal:", "",
                  *(f"- {key_result(cat[i], computed.get(i), 'del2/')}"
                    for i in judged["key_indicators"]), "",
                  f"Mer i [kapitlet om mål {goal.id}]({FOLDER}/mal_{goal.id}.md).", ""]
    if raw["continued"]:
        lines += ["## Fortsatt arbete", "", *(f"- {item}" for item in raw["continued"]), "",
                  f"Lärdomarna finns i [Lärdomar och fortsatt arbete]({FOLDER}/lardomar.md).",
                  ""]
    return "\n".join(lines)


def follow_up(cat: catalog.Catalog, computed: dict, edition: int) -> str:
    """How much of the planned measurement was done, counted from the edition's data."""
    measured = {i: set(c.measured_years) for i, c in computed.items() if i in cat.indicators}
    statuses = Counter(cat[i].progress(edition, years) for i, years in measured.items())
    missing = Counter(y for i, years in measured.items()
                      for y in set(cat[i].expected_years(edition)) - years)
    done = [f"{text.in_words(statuses[s])} {what}" for s, what in (
        ("done", "mätts alla planerade år"),
        ("partial", "mätts en del av de planerade åren"),
        ("none", "inte mätts något av de planerade åren")) if statuses[s]]
    out = (f"Av utgåvans {text.in_words(len(measured))} indikatorer har {text.join(done)}."
           if done else "")
    if missing:
        worst = sorted(missing, key=lambda y: (-missing[y], y))[:2]
        out += (" Flest planerade mätningar saknas för " + text.join(
            [f"{y} ({text.count(missing[y], 'indikator', 'indikatorer')})" for y in worst])
                + ".")
    return out.strip()


def write(edition: Edition, out: Folder) -> list[Path]:
    """Write the summary (``sammanfattning.md``) and Del 1 (``del1/``) into the edition's
    book, from the analysts' judgements and the results in its data."""
    prog, book, year = edition.programme, out.book, edition.year
    cat = prog.catalog
    raw = load(edition)
    assessed = assessments.load(edition)
    computed = report.read_findings(out.data)
    (book / FOLDER).mkdir(parents=True, exist_ok=True)
    unreviewed = [] if "copied_from" not in raw else [
        "```{admonition} Preliminära bedömningar", ":class: warning",
        f"Bedömningarna är kopierade från årgång {raw['copied_from']} och har ännu inte "
        f"granskats för {year}. Siffrorna är däremot framräknade för {year}.", "```", ""]
    pages = {"sammanfattning.md": _summary(cat, raw, computed, edition, unreviewed)}
    for goal in cat.goals:
        table = f"[tabell {goal.table}](../bilaga/tabell_{goal.table}.md)"
        pages[f"{FOLDER}/mal_{goal.id}.md"] = _chapter(cat, goal, raw["goals"][goal.id],
                                                       computed, assessed, unreviewed, table)
    pages[f"{FOLDER}/index.md"] = "\n".join([
        f"# {prog.text('del1_title')}", "",
        "Ett kapitel per jämställdhetsmål. Varje kapitel börjar med vilka "
        "jämställdhetspolitiska delmål målet ska bidra till och följer sedan effektkedjan: "
        + text.join([k.heading.lower() for k in cat.kinds.values()])
        + ". Under varje del står indikatorernas senaste resultat och analytikernas "
        "bedömning av dem. Kapitlet avslutas med den samlade bedömningen av bidraget till "
        "delmålen och med det som återstår. Varje siffra länkar till indikatorns sida i "
        "del 2.", ""])
    pages[f"{FOLDER}/lardomar.md"] = "\n".join([
        "# Lärdomar och fortsatt arbete", "", "## Lärdomar", "",
        *(f"- {item}" for item in raw["lessons"]), "", "## Uppföljningen", "",
        follow_up(cat, computed, year), "", "## Fortsatt arbete", "",
        *(f"- {item}" for item in raw["continued"]), ""])
    written = []
    for name, content in pages.items():
        path = book / name
        prefix = "../del2/" if "/" in name else "del2/"
        path.write_text(cite(content, cat, computed, prefix, path_for(edition)),
                        encoding="utf-8")
        written.append(path)
    return written
