from indikatorbok import text


class TestNumber:
    def test_thousands_and_decimal_comma(self):
        assert text.number(1900) == "1\u00a0900"
        assert text.number(12.5, 1) == "12,5"
        assert text.number(-3) == "−3"
        assert text.number(float("nan")) == text.MISSING

    def test_percent_styles(self):
        assert text.percent(39) == "39\u00a0%"
        assert text.percent_words(39) == "39 procent"


class TestPhrases:
    def test_join(self):
        assert text.join(["a"]) == "a"
        assert text.join(["a", "b", "c"]) == "a, b och c"

    def test_year_span(self):
        assert text.year_span([2020, 2021, 2022, 2023]) == "2020–2023"
        assert text.year_span([2022, 2025]) == "2022 och 2025"

    def test_change_directions(self):
        from indikatorbok.findings import Test, change

        def said(current, previous, p=None):
            test = None if p is None else Test("z-test", p, 0.05)
            return change("percent", 2025, 2022, current, previous, test=test).sentence()

        assert "minskning med 6 procentenheter" in said(33, 39, 0.01)
        assert "ökning med 1 procentenhet " in said(21, 20)
        assert "oförändrat" in said(20, 20)
        assert "ingen statistiskt säkerställd" in said(35, 33, 0.3)


def test_swedish_slips_stay_fixed():
    """Patterns readers caught: a plural count rounded, a value after a bracketed name,
    small counts in words."""
    from indikatorbok import text

    assert f"Antalen är {text.rounded_to(100, plural=True)}." == \
        "Antalen är avrundade till närmaste hundratal."
    assert ") (" not in text.with_value("psykiatriska diagnoser (F00–F99)", "55 procent")
    assert f"resultat från {text.in_words(2)} studier" == "resultat från två studier"


def test_every_unit_has_words_for_a_sentence():
    from indikatorbok import report
    from indikatorbok.result import UNITS

    assert set(report.UNIT_WORDS) == set(UNITS)
