"""Indicators reported in words (4.2.1): the analysts' examples are plain prose, checked
before anything is computed."""

from __future__ import annotations

import pytest
import yaml

from indikatorbok.builders import texts
from indikatorbok.indicators import DefinitionError
from indikatorbok.programme import ProgrammeError
from tests.test_del1 import PAYLOADS


def written(tmp_path, examples) -> object:
    path = tmp_path / texts.FILE
    path.write_text(yaml.safe_dump({"edition": 2018, "indicators": {"4.2.1": examples}},
                                   allow_unicode=True), encoding="utf-8")
    return path


def test_examples_are_read(tmp_path):
    given = [{"title": "Samtal om deltid", "text": "Stöd för samtal om deltid (och pension)."}]
    assert texts._examples(written(tmp_path, given), "4.2.1") == given


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_is_refused(tmp_path, payload):
    path = written(tmp_path, [{"title": "Exempel", "text": payload}])
    with pytest.raises(DefinitionError, match="1: markup in the text"):
        texts._examples(path, "4.2.1")


@pytest.mark.parametrize(("examples", "message"), [
    ([{"title": "Exempel", "text": "Över 300 deltog."}], r"number typed into the text \(300\)"),
    ([{"title": "Exempel"}], r"indicators\.4\.2\.1\.0\.text: is missing"),
    ([{"title": "Exempel", "text": ["en lista"]}], r"0\.text: input should be a valid string"),
    ("en text", r"indicators\.4\.2\.1: input should be a valid list"),
])
def test_bad_examples_are_refused(tmp_path, examples, message):
    with pytest.raises(ValueError, match=message):
        texts._examples(written(tmp_path, examples), "4.2.1")


def test_invalid_yaml_is_refused_with_its_line(tmp_path):
    path = tmp_path / texts.FILE
    path.write_text("indicators:\n  '4.2.1': [\n", encoding="utf-8")
    with pytest.raises(ProgrammeError, match="not valid YAML on line"):
        texts._examples(path, "4.2.1")
