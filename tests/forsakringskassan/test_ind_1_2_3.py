"""1.2.3: participations in the gender-equality courses."""

import pandas as pd

from tests.conftest import analysis_on


def participations(fk, df):
    return analysis_on(fk, "1.2.3", {"hr_training": {2025: df}}).participations(df)


def test_counts_web_and_teacher_led_but_not_violence_courses(fk):
    df = pd.DataFrame({"course": ["jam_webb_fk", "jam_webb_jamy", "jam_larledd", "vald_webb",
                                  "vald_larledd", "jam_larledd"]})
    assert participations(fk, df) == {"deltagare": 4, "webb": 2, "lararledd": 2}


def test_a_person_on_two_courses_counts_twice(fk):
    df = pd.DataFrame({"person_id": ["p1", "p1"], "course": ["jam_webb_jamy", "jam_larledd"]})
    assert participations(fk, df)["deltagare"] == 2
