"""2.5.1 parental benefit: the 40/60 rule and who is in the population."""

import pandas as pd
import pytest

from indikatorbok.indicators import ind_2_5_1 as ind


def rows(child, woman, man, first=1, sexes=("K", "M")):
    return [{"birth_year": 2023, "child_id": child, "parent_id": f"{child}{s}{i}",
             "parent_sex": s, "first_joint_child": first, "days": d}
            for i, (s, d) in enumerate(zip(sexes, (woman, man), strict=True))]


def categorise(woman, man):
    c = ind.couples(pd.DataFrame(rows("b", woman, man)))
    return ind.split_category(c.woman, c.man).iloc[0]


class TestSplitCategory:
    @pytest.mark.parametrize(("woman", "man", "expected"), [
        (40, 60, "fp_jamstallt"),        # exactly 40 %: equal
        (60, 40, "fp_jamstallt"),        # exactly 60 %: equal
        (160, 240, "fp_jamstallt"),
        (50, 50, "fp_jamstallt"),
        (39.75, 60.25, "fp_man"),        # just below 40 %: the man has more than 60 %
        (60.25, 39.75, "fp_kvinna"),     # just above 60 %
        (300, 0, "fp_kvinna"),
        (0, 300, "fp_man"),
    ])
    def test_edges(self, woman, man, expected):
        assert categorise(woman, man) == expected

    def test_float_noise_does_not_move_an_edge(self):
        # 0.1 + 0.2 style noise: 40 % computed from sums of quarter days stays exact.
        assert categorise(0.25 * 640, 0.25 * 960) == "fp_jamstallt"


class TestCouples:
    def test_zero_days_couple_is_left_out(self):
        assert ind.couples(pd.DataFrame(rows("z", 0, 0))).empty

    def test_one_parent_with_zero_days_is_kept(self):
        assert len(ind.couples(pd.DataFrame(rows("a", 200, 0)))) == 1

    def test_later_child_is_left_out(self):
        assert ind.couples(pd.DataFrame(rows("l", 100, 100, first=0))).empty

    def test_same_sex_couple_is_left_out(self):
        assert ind.couples(pd.DataFrame(rows("s", 100, 100, sexes=("K", "K")))).empty

    def test_single_parent_is_left_out(self):
        single = pd.DataFrame(rows("e", 100, 100)[:1])
        assert ind.couples(single).empty

    def test_each_couple_once(self):
        df = pd.DataFrame(rows("a", 100, 100) + rows("b", 10, 300) + rows("c", 0, 0))
        c = ind.couples(df)
        assert c.index.tolist() == ["a", "b"]
        assert c.loc["b"].tolist() == [10, 300]
