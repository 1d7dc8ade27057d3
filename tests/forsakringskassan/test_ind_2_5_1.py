"""2.5.1 parental benefit: the 40/60 rule and who is in the population."""

import sys

import pandas as pd
import pytest

from indikatorbok import scan
from tests.conftest import analysis_on


@pytest.fixture(scope="module")
def parts(fk):
    """The analyses of the indicator's parts that split a benefit between a couple."""
    parts = fk.catalog["2.5.1"].parts
    return [analysis_on(fk, "2.5.1", {}, part=i) for i, part in enumerate(parts)
            if part.builder == "couple_split"]


class Definition:
    """The indicator's queries with the definition's parameters: couples per band and
    category, as the indicator counts them in the registers."""

    def __init__(self, parts):
        self.module = sys.modules[type(parts[0]).__module__]
        self.queries = {key: q for part in parts for key, q in part.queries().items()}

    def counts(self, extract, benefit="fp") -> pd.DataFrame:
        return self.module.category_counts(extract, self.queries[benefit],
                                           list(self.module.CATEGORIES["days"]))

    def couples(self, extract, benefit="fp") -> int:
        return int(self.counts(extract, benefit).to_numpy().sum())

    def category(self, extract, benefit="fp") -> str:
        """The one couple's category."""
        totals = self.counts(extract, benefit).sum()
        assert totals.sum() == 1
        return totals.idxmax()


@pytest.fixture(scope="module")
def ind(parts) -> Definition:
    return Definition(parts)


def frame(records):
    return scan.from_frame(pd.DataFrame(records))


def rows(child, woman, man, first=1, sexes=("K", "M")):
    return [{"birth_year": 2023, "child_id": child, "parent_id": f"{child}{s}{i}",
             "parent_sex": s, "first_joint_child": first, "days": d}
            for i, (s, d) in enumerate(zip(sexes, (woman, man), strict=True))]


def categorise(ind, woman, man):
    return ind.category(frame(rows("b", woman, man)))


class TestSplitCategory:
    @pytest.mark.parametrize(("woman", "man", "expected"), [
        (40, 60, "jamstallt"),        # exactly 40 %: equal
        (60, 40, "jamstallt"),        # exactly 60 %: equal
        (160, 240, "jamstallt"),
        (50, 50, "jamstallt"),
        (39.75, 60.25, "man"),        # just below 40 %: the man has more than 60 %
        (60.25, 39.75, "kvinna"),     # just above 60 %
        (300, 0, "kvinna"),
        (0, 300, "man"),
    ])
    def test_edges(self, ind, woman, man, expected):
        assert categorise(ind, woman, man) == expected

    def test_float_noise_does_not_move_an_edge(self, ind):
        # 0.1 + 0.2 style noise: 40 % computed from sums of quarter days stays exact.
        assert categorise(ind, 0.25 * 640, 0.25 * 960) == "jamstallt"


class TestCouples:
    def test_zero_days_couple_is_left_out(self, ind):
        assert ind.couples(frame(rows("z", 0, 0))) == 0

    def test_one_parent_with_zero_days_is_kept(self, ind):
        assert ind.category(frame(rows("a", 200, 0))) == "kvinna"

    def test_later_child_is_left_out(self, ind):
        assert ind.couples(frame(rows("l", 100, 100, first=0))) == 0

    def test_same_sex_couple_is_left_out(self, ind):
        assert ind.couples(frame(rows("s", 100, 100, sexes=("K", "K")))) == 0

    def test_single_parent_is_left_out(self, ind):
        single = pd.DataFrame(rows("e", 100, 100)[:1])
        assert ind.couples(scan.from_frame(single)) == 0

    def test_each_couple_once_in_its_category(self, ind):
        df = pd.DataFrame(rows("a", 100, 100) + rows("b", 10, 300) + rows("c", 0, 0))
        counts = ind.counts(scan.from_frame(df)).sum()
        assert counts.to_dict() == {"jamstallt": 1, "kvinna": 0, "man": 1}


class TestTemporaryParentalBenefit:
    def frame(self, *couples):
        return pd.DataFrame([
            {"year": 2025, "couple_id": cid, "parent_id": f"{cid}{s}", "parent_sex": s,
             "joint_custody_with_one": custody, "days": d}
            for cid, w, m, custody in couples for s, d in (("K", w), ("M", m))])

    def test_only_joint_custody_with_one_other(self, ind):
        extract = scan.from_frame(self.frame(("a", 4, 4, 1), ("b", 4, 4, 0)))
        assert ind.couples(extract, "tfp") == 1

    def test_no_days_used_is_left_out(self, ind):
        assert ind.couples(scan.from_frame(self.frame(("z", 0, 0, 1))), "tfp") == 0

    @pytest.mark.parametrize(("total", "band"), [
        (0.25, "t5"), (5, "t5"), (5.25, "t10"), (10, "t10"), (15, "t15"), (15.25, "over15")])
    def test_day_bands(self, ind, total, band):
        counts = ind.counts(scan.from_frame(self.frame(("a", total, 0, 1))), "tfp")
        assert counts.index.tolist() == [band]
        assert counts.loc[band, "kvinna"] == 1


class TestPayments:
    def frame(self, *children, benefit="omvardnadsbidrag"):
        return pd.DataFrame([
            {"year": 2025, "benefit": benefit, "child_id": cid, "parent_id": f"{cid}{s}",
             "parent_sex": s, "joint_custody_with_one": custody, "amount": a}
            for cid, w, m, custody in children for s, a in (("K", w), ("M", m))])

    @pytest.mark.parametrize(("woman", "man", "expected"), [
        (30000, 30000, "jamstallt"), (30000.4, 30000, "jamstallt"), (30001, 30000, "kvinna"),
        (60000, 0, "kvinna"), (0, 60000, "man"), (20000, 40000, "man")])
    def test_equal_means_the_same_amount(self, ind, woman, man, expected):
        assert ind.category(scan.from_frame(self.frame(("a", woman, man, 1))), "ob") == expected

    def test_unknown_amount_leaves_the_couple_out(self, ind):
        df = self.frame(("a", 100, 100, 1), ("b", 100, float("nan"), 1))
        assert ind.couples(scan.from_frame(df), "ob") == 1

    def test_other_custody_and_other_benefit_left_out(self, ind):
        df = pd.concat([self.frame(("a", 100, 100, 0)),
                        self.frame(("b", 100, 100, 1), benefit="merkostnadsersattning_barn")])
        assert ind.couples(scan.from_frame(df), "ob") == 0
        assert ind.couples(scan.from_frame(df), "meb") == 1
