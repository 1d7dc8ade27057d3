"""Synthetic document corpus for the keyword reviews: short documents in our own Swedish,
with a theme sentence exactly where the report says the documents mention the theme."""

from __future__ import annotations

import pandas as pd

from indikatorbok.api import Spec, bound

sources = bound(__file__)  # this programme's contracts

SOURCE = "documents"
LARGE_DISCRETION = ("aktivitetsersattning", "assistansersattning", "sjukersattning",
                    "sjukpenning", "omvardnadsbidrag", "merkostnadsersattning",
                    "narstaendepenning")
REVIEWED = {  # review year -> document type -> owners (the report's tables)
    2021: {"kvalitetsanalys": ("aktivitetsersattning", "arbetsmarknad", "arbetsskadelivranta",
                               "assistansersattning", "bilstod", "foraldrapenning",
                               "merkostnadsersattning", "omvardnadsbidrag",
                               "rehabiliteringsersattning", "sjukersattning", "sjukpenning",
                               "underhallsstod")},
    2023: {"vagledning": ("aktivitetsersattning", "assistansersattning", "sjukpenning",
                          "sjukersattning", "underhallsstod"),
           "verksamhetsplan": ("avd_sjukforsakring", "avd_funktionsnedsattning")},
    2025: {"vagledning": ("aktivitetsersattning", "assistansersattning", "barnbidrag",
                          "bostadsbidrag", "foraldrapenning", "merkostnadsersattning",
                          "narstaendepenning", "omvardnadsbidrag", "sjukersattning",
                          "sjukpenning", "tillfallig_foraldrapenning", "underhallsstod"),
           "verksamhetsplan": ("avd_barn_familj", "avd_funktionsnedsattning",
                               "avd_sjukforsakring", "avd_gemensamma",
                               "avd_tandvard_arbetsmarknad", "myndigheten")},
}
THEME_TEXT = {
    "stereotypes": "Handläggaren ska se till att varken utredning, beslut eller bemötande "
                   "påverkas av stereotypa föreställningar om kön eller om andra "
                   "diskrimineringsgrunder.",
    "quality": "Analysen redovisar könsskillnader i nyckeltalen och prövar om de kan förklaras "
               "av ärendenas sammansättning.",
    "equal_use_plan": "Avdelningen bidrar till de jämställdhetspolitiska målen genom att sprida "
                      "kunskap om vad olika sätt att fördela föräldraledigheten betyder för "
                      "kvinnors och mäns ekonomi.",
    "equal_use_guidance": "Ersättningen ska göra det möjligt för båda föräldrarna att förena "
                          "förvärvsarbete och familjeliv, och texten talar genomgående om den "
                          "andra föräldern.",
    "violence": "Vid utredningen ska handläggaren ställa frågor om våld i nära relationer, "
                "dokumentera svaret och vid behov hänvisa till stöd.",
    "no_priority": "Av prioriteringsskäl planeras inga större förändringar av arbetet med "
                   "jämställdhetsintegrering under planperioden.",
}


def _themes(year: int, doc_type: str, owner: str) -> list[str]:
    """Where the report finds each theme (guidance, plans and analyses as reviewed)."""
    themes = []
    if doc_type == "kvalitetsanalys":
        themes.append("quality")
    if doc_type == "vagledning" and owner in LARGE_DISCRETION:
        themes.append("stereotypes")
    if doc_type == "vagledning" and owner == "foraldrapenning":
        themes.append("equal_use_guidance")
    if doc_type == "vagledning" and owner in ("sjukpenning", "underhallsstod",
                                              "aktivitetsersattning"):
        themes.append("violence")
    if doc_type == "verksamhetsplan" and owner == "avd_barn_familj":
        themes.append("equal_use_plan")
    if doc_type == "verksamhetsplan" and owner == "avd_funktionsnedsattning" and year >= 2025:
        themes.append("no_priority")
    return themes


FILLER = (
    "Dokumentet beskriver hur ärendena ska utredas och vilka uppgifter som behövs för beslut.",
    "Handläggaren dokumenterar sina överväganden så att beslutet går att följa i efterhand.",
    "Här redogörs för de bestämmelser som styr rätten till ersättning och hur de tillämpas.",
    "Målen för perioden gäller kortare handläggningstider och en jämnare kvalitet.",
    "Den digitala självbetjäningen ska byggas ut och de manuella momenten minska.",
    "Resultaten följs upp varje kvartal och redovisas för ledningsgruppen.",
    "Samverkan med vården och arbetsgivarna beskrivs i ett eget avsnitt.",
)
TITLES = {"vagledning": "Vägledning", "verksamhetsplan": "Verksamhetsplan",
          "kvalitetsanalys": "Kvalitetsanalys"}


def documents(spec: Spec) -> pd.DataFrame | None:
    if spec.year not in REVIEWED:
        return None
    rng = spec.rng(SOURCE)
    owners = sources.schema(SOURCE).columns["owner"].codes
    rows = []
    for doc_type, members in REVIEWED[spec.year].items():
        for owner in members:
            paragraphs = list(rng.choice(FILLER, size=4, replace=False))
            for theme in _themes(spec.year, doc_type, owner):
                paragraphs.insert(int(rng.integers(0, len(paragraphs) + 1)), THEME_TEXT[theme])
            rows.append({"year": spec.year,
                         "document_id": f"FK-{spec.year}-{len(rows) + 1:04d}",
                         "doc_type": doc_type, "owner": owner,
                         "title": f"{TITLES[doc_type]} {spec.year}: {owners[owner]}",
                         "text": "\n\n".join(paragraphs)})
    return pd.DataFrame(rows)
