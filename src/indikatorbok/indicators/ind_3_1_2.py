"""3.1.2 Caseworkers in sickness benefit and maintenance support state that they ask about
violence at a set step of the case handling.

Definition: among return-to-work investigators in sickness benefit, the share asking all or
most persons about violence (answer 1 or 2 of 5); among caseworkers in maintenance support,
the share who inform and ask about threats and violence always or mostly (1 or 2 of 5).
2024 comes from the targeted survey on the work with violence.
"""

from indikatorbok import survey
from indikatorbok.indicators import Context

CASEWORKERS = ("handläggare", "utredare", "beslutsfattare")
TOP, FEW = (1, 2), (4, 5)
SURVEYS = ("staff_survey", "violence_survey")


def return_to_work(df):
    return df["role"].isin(CASEWORKERS) & df["rtw_investigator"].eq(1).fillna(False)


def maintenance_support(df):
    return df["role"].isin(CASEWORKERS) & df["benefit"].eq("underhållsstöd")


SPEC = survey.SeriesIndicator(
    series=(
        survey.SurveySeries(
            "sjukpenning", "Sjukpenning: ställer frågor om våld till samtliga eller de flesta",
            "violence_frequency_rtw", TOP,
            "de handläggare som utreder förutsättningarna för återgång i arbete inom sjukpenning",
            short="Sjukpenning", population=return_to_work, sources=SURVEYS,
            phrase="att de i utredningen ställer frågor om våld till samtliga eller de flesta",
            also=(survey.Share("fa", FEW, "Sjukpenning: ställer frågor om våld till ett fåtal "
                                          "eller aldrig",
                               "att de frågar ett fåtal personer eller aldrig"),)),
        survey.SurveySeries(
            "underhallsstod", "Underhållsstöd: informerar och frågar om hot och våld alltid "
            "eller oftast", "violence_frequency_uhs", TOP, "handläggarna inom underhållsstöd",
            short="Underhållsstöd", population=maintenance_support, sources=SURVEYS,
            phrase="att de alltid eller oftast informerar och frågar om hot och våld"),
    ),
    title="Andel som ställer frågor om våld till samtliga eller de flesta (sjukpenning) eller "
          "alltid eller oftast (underhållsstöd)",
    phrase="att de ställer frågor om våld i det särskilda momentet till samtliga eller de "
           "flesta, respektive alltid eller oftast",
    row_header="Förmån",
)


def compute(ctx: Context):
    return survey.series_indicator(ctx, SPEC)
