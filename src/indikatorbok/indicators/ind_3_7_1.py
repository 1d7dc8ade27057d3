"""3.7.1 The number of reports from the agency to social services when a child is suspected
of being harmed increases.

Definition: reports of concern to social services registered in the agency's diary, per
year; and, from the 2025 staff survey, the reasons given by caseworkers who made such a
report (the share ticking each reason; several reasons possible).
"""

from indikatorbok import counts, survey
from indikatorbok.indicators import Context
from indikatorbok.result import IndicatorResult, combine

REPORTS = counts.child_reports("anmalan_socialnamnd", "socialnämnden", period_rounding=100)

REASONS = (
    ("reason_witnesses", "Anledning: barnet bevittnar våld i familjen",
     "att barnet bevittnar våld mot någon i familjen"),
    ("reason_exposed", "Anledning: barnet är utsatt för våld i hemmet",
     "att barnet är utsatt för våld i hemmet"),
    ("reason_parenting", "Anledning: förälder klarar inte sitt föräldraansvar",
     "att en förälder inte klarar av sitt föräldraansvar"),
)

SURVEY = survey.SeriesIndicator(
    series=tuple(
        survey.SurveySeries(code, label, "concern_report_reasons", (code,),
                            "de handläggare som har gjort en orosanmälan",
                            short=label.split(": ", 1)[1].capitalize(),
                            phrase=f"att de misstänkte {phrase}")
        for code, label, phrase in REASONS),
    title="Anledning till orosanmälan bland handläggare som har gjort en anmälan. Flera svar "
          "möjliga",
    phrase="",
    row_header="Anledning",
    groupings=(),
)


def compute(ctx: Context) -> IndicatorResult:
    return combine(counts.count_indicator(ctx, REPORTS), survey.series_indicator(ctx, SURVEY))
