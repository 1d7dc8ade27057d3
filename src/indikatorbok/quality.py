"""The edition's quality declaration (Kvalitetsdeklaration), in the five components of
Statistics Sweden's quality concept for official statistics (SCB-FS 2016:17): relevance,
accuracy, timeliness and punctuality, accessibility and clarity, comparability and
coherence.

Every statement comes from the programme's configuration or from the edition's own facts:
the sources and the years delivered, the survey designs, part years and numbers invited
each year's delivery gives, the indicators' findings (units, tests, changes not compared
and why) and the disclosure audit (cells withheld, by rule). No sentence is written per
programme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from indikatorbok import audit, result, sources, stats, text
from indikatorbok.catalog import id_order
from indikatorbok.editions import Folder
from indikatorbok.findings import Findings
from indikatorbok.programme import Edition

PAGE = "kvalitet.md"  # in the book's root
TITLE = "Kvalitetsdeklaration"

# What an indicator's headline measures, in the sentence listing the edition's measures.
MEASURES = {"percent": "andelar i procent", "count": "antal", "ratio": "oddskvoter",
            "index": "index från 0 till 100", "flag": "uppgifter ja eller nej"}
# The withheld cells by the audit's rule, in the sentence counting them.
WITHHELD = {"small": "för att antalet är mindre än {min_cell}",
            "complement": "för att de annars skulle röja en annan skyddad uppgift",
            "carried": "för att de skyddades i förra utgåvan",
            "share": "för att andelen bygger på ett skyddat antal eller för få svarande"}


@dataclass(frozen=True)
class Source:
    """One source of the edition as delivered: its title, what it is (a survey, a sample
    of cases or a register), the years with a file, per year its survey design and, for a
    part year, the day it ends, the indicators that use it, and the years whose delivery
    says how many were invited."""

    name: str
    title: str
    kind: str  # survey, sample or register
    years: tuple[int, ...]
    designs: dict[int, str]
    part_years: dict[int, str]
    indicators: tuple[str, ...]
    invited: tuple[int, ...] = ()  # the years whose delivery says how many were invited


KIND_WORDS = {"survey": "enkät", "sample": "urval av ärenden",
              "register": "register eller verksamhetsuppföljning, alla i populationen"}


def delivered(edition: Edition) -> list[Source]:
    """The edition's sources with the years delivered, in the contracts' order."""
    prog, found = edition.programme, []
    users: dict[str, list[str]] = {}
    for ind_id in prog.catalog.computed():
        for source in prog.catalog.indicators[ind_id].sources:
            users.setdefault(source, []).append(ind_id)
    for name in prog.sources():
        spec = prog.schema(name)
        years = tuple(y for y in edition.years
                      if sources.find_file(edition.data_dir, y, spec) is not None)
        deliveries = {y: edition.delivery(y) for y in years}
        kind = "survey" if spec.survey else "sample" if spec.sample else "register"
        found.append(Source(
            name, spec.title, kind, years,
            {y: d.survey_design[name] for y, d in deliveries.items() if name in d.survey_design},
            {y: d.period_end_text(name) for y, d in deliveries.items()
             if d.period_end_text(name)},
            tuple(users.get(name, ())),
            tuple(y for y, d in deliveries.items() if name in d.invited)))
    return found


def _ids(ids) -> str:
    return text.join(sorted(ids, key=id_order))


def _source_line(s: Source) -> str:
    designs = [f"{sources.SURVEY_DESIGNS[d].lower()} {text.year_span(ys)}"
               for d in sources.SURVEY_DESIGNS
               if (ys := [y for y, given in s.designs.items() if given == d])]
    years = text.year_span(s.years) if s.years else "inga år i utgåvan"
    used = f" Används för {_ids(s.indicators)}." if s.indicators else ""
    return (f"- **{s.title}** ({KIND_WORDS[s.kind]}"
            f"{'; ' + text.join(designs) if designs else ''}). "
            f"År: {years}.{used}")


def relevance(edition: Edition, computed: dict[str, Findings], delivered: list[Source]
              ) -> list[str]:
    prog = edition.programme
    cat, groupings = prog.catalog, prog.groupings
    followed = sum(i.followed for i in cat.indicators.values())
    units = Counter(f.unit for f in computed.values())
    measures = [f"{MEASURES.get(u, u)} ({n})" for u, n in units.most_common()]
    nouns = [g.noun for key, g in groupings.items() if key != "sex"]
    return [
        "## 1 Relevans", "",
        "### 1.1 Ändamål och informationsbehov", "",
        f"Boken följer upp {prog.config['agency_genitive']} arbete med "
        f"jämställdhetsintegrering under {text.year_span(edition.years)}. Planen har "
        f"{text.count(len(cat.goals), 'mål', 'mål')}. För varje mål beskriver en effektkedja "
        f"vad myndigheten gör och vad det ska leda till, och indikatorerna mäter kedjans "
        f"steg: {len(cat.indicators)} indikatorer, "
        + ("alla uppföljda" if followed == len(cat.indicators)
           else f"varav {followed} följs upp")
        + ". Boken vänder sig till regeringen, myndighetens ledning och medarbetare och "
        "alla som vill veta om myndigheten behandlar kvinnor och män likvärdigt.", "",
        *(f"- Mål {g.id}. {g.title.rstrip('.')}." for g in cat.goals), "",
        "### 1.2 Statistikens innehåll", "",
        f"Utgåvan bygger på {text.count(len(delivered), 'underlag', 'underlag')}. Varje "
        "underlag beskriver en population: de svarande i en enkät, eller de personer, "
        "ärenden eller aktiviteter som ett register eller en verksamhetsuppföljning "
        "omfattar. Vilken population en indikator avser står i metodavsnittet på dess sida.",
        "", *(_source_line(s) for s in delivered), "",
        f"Utgåvans {len(computed)} indikatorer redovisar som främsta resultat "
        f"{text.join(measures)}." if computed else "Utgåvan redovisar ännu inga resultat.",
        "",
        "Alla resultat redovisas för kvinnor och män där underlaget gör det möjligt"
        + (f", och i vissa indikatorer också efter {text.join(nouns)}." if nouns else "."),
        "",
        f"Referenstiden är kalenderåret, {text.year_span(edition.years)}"
        + (", utom för dessa delar av år:" if part_years(delivered) else "."),
        *part_year_lines(delivered),
        ""]


def part_years(delivered: list[Source]) -> dict[tuple[int, str], list[str]]:
    """The sources delivered for part of a year, by the year and the day it ends."""
    found: dict[tuple[int, str], list[str]] = {}
    for s in delivered:
        for year, day in s.part_years.items():
            found.setdefault((year, day), []).append(s.title)
    return dict(sorted(found.items()))


def part_year_lines(delivered: list[Source]) -> list[str]:
    lines = [f"- {year}, 1 januari–{day}: {'; '.join(titles)}."
             for (year, day), titles in part_years(delivered).items()]
    return ["", *lines, ""] if lines else [""]


def nonresponse(surveys: list[Source]) -> str:
    """What the edition can say of its surveys' non-response."""
    if not surveys:
        return "Utgåvan har inga enkäter och därför inget svarsbortfall."
    given = [f"{s.title} {text.year_span(s.invited)}" for s in surveys if s.invited]
    lacking = [f"{s.title} {text.year_span(y)}" for s in surveys
               if (y := [y for y in s.years if y not in s.invited])]
    said = (f"Svarsfrekvensen, andelen som svarade av dem som fick enkäten, står i "
            f"metodavsnittet på indikatorernas sidor för {'; '.join(given)}. "
            if given else "")
    if lacking:
        said += (f"För {'; '.join(lacking)} anger leveransen inte hur många som fick enkäten, "
                 "så svarsfrekvensen kan inte redovisas. " if given else
                 "Leveranserna anger inte hur många som fick enkäterna, så svarsfrekvensen kan "
                 "inte redovisas. ")
    return said + ("Konfidensintervallen speglar bara den slumpmässiga osäkerheten bland dem "
                   "som svarade, inte skillnader mellan dem som svarade och dem som inte "
                   "gjorde det.")


def accuracy(edition: Edition, computed: dict[str, Findings], delivered: list[Source],
             withheld: list[audit.Withheld]) -> list[str]:
    prog = edition.programme
    policy, rules = prog.policy, stats.Rules.of(prog.policy)
    surveys = [s for s in delivered if s.kind == "survey" and s.years]
    sampled = [f"{s.title} ({text.year_span(years)})" for s in delivered
               if (years := s.years if s.kind == "sample"
                   else [y for y, d in s.designs.items() if d == "urval"])]
    intervals = sorted((i for i, f in computed.items()
                        if any(c[0].endswith(result.LOWER) for c in f.cells)), key=id_order)
    kinds = {s.name: s.kind for s in delivered}
    registers = {i for i in computed if (names := prog.catalog.indicators[i].sources)
                 and all(kinds.get(s) == "register" for s in names)}
    by_test = Counter(t["name"] for f in computed.values() for t in f.tests)
    register_tests = Counter(t["name"] for i in registers for t in computed[i].tests)

    def compared(counts: Counter) -> str:
        return text.join([f"{name} i {text.count(n, 'jämförelse', 'jämförelser')}"
                          for name, n in sorted(counts.items())])

    why = {rule: WITHHELD.get(rule, rule).format(min_cell=policy.min_cell)
           for rule in {w.rule for w in withheld}}
    by_rule = Counter(w.rule for w in withheld).most_common()
    lines = [
        "## 2 Tillförlitlighet", "",
        "### 2.1 Tillförlitlighet totalt", "",
        prog.text("data_synthetic" if edition.synthetic else "data_real").strip(), "",
        "Varje fil kontrolleras mot en beskrivning av vad den ska innehålla (kolumner, "
        "typer, koder, tillåtna värden och nycklar) innan något beräknas. Utgåvan bygger "
        f"på {text.count(sum(len(s.years) for s in delivered), 'fil', 'filer')}, och alla "
        "klarade kontrollen; en fil som inte gör det stoppar hela utgåvan.", "",
        "### 2.2 Osäkerhetskällor", "",
        "**Urval.** " + (f"Dessa underlag bygger på urval: {'; '.join(sampled)}."
                         if sampled else "Inget underlag i utgåvan bygger på urval.")
        + (f" Enkätandelarna i {text.count(len(intervals), 'indikator', 'indikatorer')} "
           f"({_ids(intervals)}) redovisas med {rules.level} procents konfidensintervall "
           "(Wilsons metod)." if intervals else "")
        + " Enkäter som är totalundersökningar, register och verksamhetsuppföljning "
        "omfattar alla i populationen och har inget urvalsfel.", "",
        "**Bortfall.** " + nonresponse(surveys), "",
        "**Prövningar.** " + (
            f"Skillnader och förändringar prövas på {text.number(policy.alpha * 100)} "
            f"procents signifikansnivå: {compared(by_test)}."
            if by_test else "Utgåvan prövar inga skillnader eller förändringar.")
        + (" Ett antal ur ett register, där alla räknas, prövas inte när det förändras: "
           "det finns ingen slumpmässig osäkerhet att pröva. Andelar och skillnader i "
           f"registeruppgifter prövas ändå ({compared(register_tests)}): ett års utfall "
           "ses då som ett av många möjliga, och prövningen visar om "
           "skillnaden är större än vad slumpen ensam brukar ge." if register_tests else ""),
        "",
        "**Röjandeskydd.** "
        f"Grupper med färre än {policy.min_group} svarande redovisas, jämförs och prövas "
        f"inte, och antal från 1 till {policy.min_cell - 1} visas inte. "
        + (f"I utgåvan skyddas {text.count(len(withheld), 'uppgift', 'uppgifter')}, "
           + (f"alla {why[by_rule[0][0]]}" if len(by_rule) == 1
              else text.join([f"{n} {why[rule]}" for rule, n in by_rule]))
           + ". Alla skyddade uppgifter prövas tillsammans mot allt annat utgåvan "
             "publicerar, också summor och förra utgåvan, så att ingen av dem går att räkna "
             "fram." if withheld else "Ingen uppgift i utgåvan behöver skyddas."), ""]
    lines += ["### 2.3 Preliminär statistik jämförd med slutlig", "",
              "Uppgifterna för de delar av år som anges under 1.2 är preliminära och kan "
              "ändras när hela året redovisas. De jämförs inte med tidigare hela år."
              if part_years(delivered) else
              "Alla uppgifter i utgåvan avser hela år och är slutliga.", ""]
    return lines


def timeliness(edition: Edition, delivered: list[Source]) -> list[str]:
    prog = edition.programme
    years = sorted(int(p.name) for p in prog.editions_dir.iterdir()
                   if p.is_dir() and p.name.isdigit())
    return [
        "## 3 Aktualitet och punktlighet", "",
        "### 3.1 Framställningstid", "",
        f"Utgåvan {edition.year} tas fram när årets underlag har levererats och "
        f"kontrollerats, och redovisar uppgifter till och med {edition.year}.", "",
        "### 3.2 Frekvens", "",
        f"Boken ges ut för ett år i taget. Programmet har utgåvor för "
        f"{text.year_span(years)}.", "",
        "### 3.3 Punktlighet", "",
        "Det finns ingen i förväg angiven dag för utgåvan att jämföra publiceringen med.",
        ""]


def accessibility(edition: Edition) -> list[str]:
    prog = edition.programme
    contact, licence = prog.config["contact"], prog.config["licence"]
    legend = prog.policy.legend()
    return [
        "## 4 Tillgänglighet och tydlighet", "",
        "### 4.1 Tillgång till statistiken", "",
        "Boken publiceras som webbplats och som PDF. Alla tabeller finns också i en "
        "Excelfil, som CSV-filer (en för varje indikator, också i ett format för svenskt "
        "Excel) och som ett datapaket som beskriver varje kolumn. Tabellerna får användas "
        f"fritt enligt licensen {licence['title']}.", "",
        "### 4.2 Möjlighet till ytterligare statistik", "",
        f"Frågor om statistiken och önskemål om andra redovisningar tas emot av "
        f"{prog.text('contact')}: {contact['email']}, telefon {contact['phone']}. "
        "Uppgifter om enskilda personer lämnas inte ut.", "",
        "### 4.3 Presentation", "",
        "Varje indikator har en egen sida med ett kort svar, resultattabeller, diagram "
        "med samma värden som tabellen och en beskrivning av metoden. Tabellerna använder "
        "dessa tecken: " + "; ".join(f"{s} = {t}" for s, t in legend.items()) + ".", "",
        "### 4.4 Dokumentation", "",
        "Varje indikatorsida beskriver underlag, population, beräkning och prövningar. "
        "Begreppen förklaras i ett eget avsnitt, och datapaketet beskriver varje kolumn i "
        "CSV-filerna.", ""]


def comparability(edition: Edition, computed: dict[str, Findings]) -> list[str]:
    prog = edition.programme
    breaks = sorted(((i, f.change) for i, f in computed.items()
                     if f.change and f.change.kind == "not_compared"
                     and not (f.latest or {}).get("part_year")),
                    key=lambda pair: id_order(pair[0]))
    rounded = [i for i, f in computed.items() if max(f.rounding.values(), default=1) > 1]
    return [
        "## 5 Jämförbarhet och samanvändbarhet", "",
        "### 5.1 Jämförbarhet över tid", "",
        ("Varje indikator mäts på samma sätt alla år, med dessa undantag, där det senaste "
         "värdet inte jämförs med det föregående:" if breaks else
         "Alla indikatorer i utgåvan mäts på samma sätt alla år de redovisas."), "",
        *(f"- {i}: jämförs inte med {c.previous_year}, eftersom {c.why}." for i, c in breaks),
        *([""] if breaks else []),
        "### 5.2 Jämförbarhet mellan grupper", "",
        "Kvinnor och män, och andra grupper, mäts med samma definitioner och samma "
        f"underlag. Grupper med färre än {prog.policy.min_group} svarande jämförs inte.", "",
        "### 5.3 Samanvändbarhet", "",
        f"Indikatorerna bygger på {prog.config['agency_genitive']} egna underlag och "
        "stäms inte av mot annan statistik i boken.", "",
        "### 5.4 Numerisk överensstämmelse", "",
        "Varje värde beräknas en gång och visas med samma siffror på indikatorns sida, i "
        "sammanfattningen, i tabellbilagan, i Excelfilen och i CSV-filerna. Andelar "
        "avrundas var för sig och summerar därför inte alltid till 100."
        + (f" Antal avrundas i {text.count(len(rounded), 'indikator', 'indikatorer')} "
           f"({_ids(rounded)}), så en summa kan skilja sig något från summan av de "
           "avrundade delarna." if rounded else ""), ""]


def page(edition: Edition, computed: dict[str, Findings], withheld: list[audit.Withheld]
         ) -> str:
    """The quality declaration of the edition."""
    found = delivered(edition)
    lines = [f"# {TITLE}", "",
             f"Här beskrivs kvaliteten i utgåvan {edition.year} på samma sätt som för "
             "officiell statistik, i de fem delar som Statistiska centralbyråns föreskrifter "
             "(SCB-FS 2016:17) anger. Boken är inte officiell statistik. Allt som sägs här "
             "tas fram ur utgåvans egna underlag och resultat.", "",
             *relevance(edition, computed, found),
             *accuracy(edition, computed, found, withheld),
             *timeliness(edition, found),
             *accessibility(edition),
             *comparability(edition, computed)]
    return "\n".join(lines)


def write(edition: Edition, out: Folder, computed: dict[str, Findings],
          withheld: list[audit.Withheld]) -> None:
    """Write the quality declaration of the edition's findings into its book."""
    (out.book / PAGE).write_text(page(edition, computed, withheld), encoding="utf-8")
