"""1.2.3: participations in the gender-equality courses."""

import pandas as pd

from indikatorbok.indicators import ind_1_2_3 as ind


def test_counts_web_and_teacher_led_but_not_violence_courses():
    df = pd.DataFrame({"course": ["jam_webb_fk", "jam_webb_jamy", "jam_larledd", "vald_webb",
                                  "vald_larledd", "jam_larledd"]})
    assert ind.SPEC.participations(df) == {"deltagare": 4, "webb": 2, "lararledd": 2}


def test_a_person_on_two_courses_counts_twice():
    df = pd.DataFrame({"person_id": ["p1", "p1"], "course": ["jam_webb_jamy", "jam_larledd"]})
    assert ind.SPEC.participations(df)["deltagare"] == 2
