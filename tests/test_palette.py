"""The figures' colours stay apart for readers with colour-vision deficiency, and labels
on bars are legible (WCAG contrast)."""

from itertools import combinations

import matplotlib.text
import numpy as np
import pytest

from indikatorbok import plots

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 10  # CIE76: clearly different side by side


def linear(hex_colour):
    rgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def lab(lin_rgb):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(lin_rgb, 0, 1)
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_series_colours_stay_apart(vision):
    colours = [*plots.PALETTE, *plots.FIXED.values()]  # any two may meet in one figure
    colours = list(dict.fromkeys(colours))
    seen = {c: lab(SIMULATIONS[vision] @ linear(c)) for c in colours}
    closest = min((float(np.linalg.norm(seen[a] - seen[b])), a, b)
                  for a, b in combinations(colours, 2))
    assert closest[0] >= MIN_DELTA_E, closest


def contrast(a, b):
    la, lb = (float(np.array([0.2126, 0.7152, 0.0722]) @ linear(c)) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@pytest.mark.parametrize("colour", [*plots.PALETTE, *plots.FIXED.values()])
def test_labels_on_bars_are_legible(colour):
    assert contrast(colour, plots._label_colour(colour)) >= 4.5


def test_women_and_men_keep_their_colours():
    fixed = plots.FIXED
    assert plots.colours(["Samtliga", "Kvinnor", "Män"]) == \
        [fixed["Samtliga"], fixed["Kvinnor"], fixed["Män"]]
    assert plots.colours(["Män", "Kvinnor"]) == [fixed["Män"], fixed["Kvinnor"]]
    assert not set(plots.colours(["Inrikes", "Utrikes"])) & set(fixed.values())


def test_a_figure_for_a_phone_is_drawn_narrow_with_its_text_at_full_size():
    fig = plots.grouped_bars([str(y) for y in range(2020, 2026)],
                             {"Kvinnor": [30.0] * 6, "Män": [20.0] * 6, "Samtliga": [25.0] * 6},
                             "percent", "Procent")
    sizes = {t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()}
    plots.narrow(fig)
    assert fig.get_size_inches()[0] == plots.NARROW_INCHES
    fig.draw_without_rendering()  # laid out: nothing falls outside the canvas
    width = fig.bbox.width
    for t in fig.findobj(matplotlib.text.Text):
        if t.get_text() and t.get_visible():
            box = t.get_window_extent()
            assert box.x0 >= -1 and box.x1 <= width + 1, t.get_text()
    # 18 bars: their value labels would overlap and are left to the table; no text shrinks
    assert not [t for t in fig.axes[0].texts if isinstance(t, matplotlib.text.Annotation)]
    assert {t.get_fontsize() for t in fig.findobj(matplotlib.text.Text)
            if t.get_text()} <= sizes
