"""Disclosure control of register tables: small cells withheld, and enough other cells that
none of them follows from a published total."""

import sys

import numpy as np
import pandas as pd
import pytest

from indikatorbok.builders.shares import Shares
from tests.conftest import RULES, analysis_on


@pytest.fixture
def shares(fk):
    from types import SimpleNamespace

    return Shares(SimpleNamespace(stats=RULES, programme=fk))


@pytest.fixture
def ind_2_5_1(fk):
    """2.5.1's part on temporary parental benefit (a split of days, by band of days)."""
    return analysis_on(fk, "2.5.1", {}, part=1)


def table(rows):
    return pd.DataFrame(rows, columns=[f"c{j}" for j in range(len(rows[0]))])


def derivable(counts: pd.DataFrame, mask: pd.DataFrame, column_totals: bool) -> bool:
    """Whether any withheld cell is the only withheld cell of a line with a published total."""
    lines = [mask.to_numpy()] + ([mask.to_numpy().T] if column_totals else [])
    return any(line.sum() == 1 for m in lines for line in m)


class TestWithheldCells:
    def test_no_small_cell_withholds_nothing(self):
        assert not RULES.withheld_cells(table([[50, 60, 70]])).to_numpy().any()

    def test_zero_is_not_a_small_cell(self):
        assert not RULES.withheld_cells(table([[0, 60, 70]])).to_numpy().any()

    @pytest.mark.parametrize("small", range(1, RULES.min_cell))
    def test_small_cell_and_the_smallest_other_are_withheld(self, small):
        mask = RULES.withheld_cells(table([[small, 90, 60]]))
        assert mask.to_numpy().tolist() == [[True, False, True]]

    def test_secondary_prefers_a_non_zero_cell(self):
        mask = RULES.withheld_cells(table([[3, 0, 60, 80]]))
        assert mask.to_numpy().tolist() == [[True, False, True, False]]

    def test_column_totals_spread_suppression_to_another_row(self):
        counts = table([[2, 30, 60], [40, 50, 70], [45, 55, 65]])
        mask = RULES.withheld_cells(counts, column_totals=True)
        assert mask.to_numpy().sum() == 4
        assert mask.iloc[0, 0] and mask.iloc[0, 1]
        assert not derivable(counts, mask, column_totals=True)

    @pytest.mark.parametrize("seed", range(30))
    def test_no_withheld_cell_follows_from_a_total(self, seed):
        rng = np.random.default_rng(seed)
        counts = table(rng.choice([0, 1, 2, 3, 4, 7, 20, 90], size=(4, 3)).tolist())
        for column_totals in (False, True):
            mask = RULES.withheld_cells(counts, column_totals)
            small = (counts > 0) & (counts < RULES.min_cell)
            assert (mask | ~small).all().all()  # every small cell withheld
            # a line can only keep a single withheld cell when it has no other cell to give
            assert not derivable(counts, mask, column_totals) or counts.shape[1] == 1


class TestRegisterShares:
    @pytest.mark.parametrize(("successes", "n", "shown"), [
        (0, 80, True), (1, 80, False), (4, 80, False), (5, 80, True), (76, 80, False),
        (80, 80, True), (3, 40, False),
    ])
    def test_share_or_complement_small(self, successes, n, shown):
        assert RULES.register_proportion(successes, n).shown is shown

    def test_a_group_withheld_takes_another_with_it(self):
        # Women 3 of 100, men 40 of 100, all 43 of 200 published: women's 3 would follow
        # from all minus men, so men's share is withheld as well.
        props = {("K", 2025): RULES.proportion(3, 100), ("M", 2025): RULES.proportion(40, 100)}
        shown = {k: p.shown for k, p in RULES.withheld_shares(props, True).items()}
        assert shown == {("K", 2025): False, ("M", 2025): False}

    def test_survey_shares_are_not_cell_suppressed(self, shares):
        frames = {2025: pd.DataFrame({"answer": [1] * 2 + [0] * 98})}
        rows, props = shares.series("x", "andel", "Andel", frames, lambda d: d["answer"].eq(1))
        assert props[("", 2025)].shown and rows["value"].iloc[0] == 2

    def test_register_share_series_blanks_withheld_groups(self, shares):
        df = pd.DataFrame({"sex": ["K"] * 100 + ["M"] * 100,
                           "hit": [1] * 3 + [0] * 97 + [1] * 40 + [0] * 60})
        rows, props = shares.series("x", "andel", "Andel", {2025: df},
                                    lambda d: d["hit"].eq(1), "sex", register=True)
        assert rows["value"].isna().all() and rows["n"].isna().all()
        assert "röja uppgifter om enskilda" in shares.difference(props, "sex", 2025).sentence()


class TestParentalBenefitCells:
    def test_small_category_and_its_partner_are_withheld(self, ind_2_5_1):
        categories = sys.modules[type(ind_2_5_1).__module__].CATEGORIES["days"]
        counts = pd.Series({"jamstallt": 60, "kvinna": 37, "man": 3})
        hidden = ind_2_5_1.withheld(counts, list(categories)).iloc[0]
        assert hidden.to_dict() == {"jamstallt": False, "kvinna": True, "man": True}
        rows = pd.concat(ind_2_5_1.category_rows("tfp", {2025: counts}))
        assert rows["value"].isna().tolist() == [False, True, True]  # in DAY_CATEGORIES order

    def test_bands_by_category_protect_the_published_distribution(self, ind_2_5_1):
        keys = list(sys.modules[type(ind_2_5_1).__module__].CATEGORIES["days"])
        counts = pd.DataFrame({"jamstallt": [50, 60], "kvinna": [40, 45], "man": [2, 30]},
                              index=["t5", "t10"])  # band t5: man small
        mask = ind_2_5_1.withheld(counts, keys)
        # Within t5 man and the next smallest; the man column then needs a second cell.
        assert mask.loc["t5"].to_dict() == {"jamstallt": False, "kvinna": True, "man": True}
        assert mask["man"].all()
        assert not derivable(counts, mask.loc[counts.index], column_totals=True)
