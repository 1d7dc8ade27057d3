"""A chart's SVG: drawn once when saved, and the SVG matplotlib's own saving gives."""

import io

import pytest
from matplotlib.figure import Figure

from indikatorbok import plots

CHARTS = {
    "grouped": lambda: plots.grouped_bars(["2024", "2025"], {"Kvinnor": [40.0, 60.0],
                                                             "Män": [55.5, 44.5]},
                                          "percent", "Procent"),
    "narrow": lambda: plots.narrow(plots.grouped_bars(["2024", "2025"], {"Kvinnor": [1.0, 2.0]},
                                                      "number", "Antal")),
    "horizontal": lambda: plots.horizontal_bars(["Ja", "Nej", "Vet ej"], [50.5, 30.0, 19.5],
                                                "percent", "Procent"),
    "stacked": lambda: plots.stacked_shares(["1950", "1960"], {"Ja": [60.0, 40.0],
                                                              "Nej": [40.0, 60.0]}),
}


@pytest.mark.parametrize("chart", CHARTS)
def test_a_chart_is_drawn_once_and_saved_as_matplotlib_saves_it(chart, monkeypatch):
    saved = io.StringIO()
    CHARTS[chart]().savefig(saved, format="svg", metadata={"Date": None, "Creator": None})
    fig, draws, real = CHARTS[chart](), [], Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda f, renderer: draws.append(f) or real(f, renderer))
    assert plots.to_svg(fig) == saved.getvalue()
    assert len(draws) == 1
