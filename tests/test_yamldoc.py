import pytest
import yaml

from clearpost.yamldoc import load_yaml


def test_a_document_reads_as_plain_data() -> None:
    assert load_yaml("id: eu\nweights: {MISSING_FIELD: 10}\nstages: [pre-loading, arrival]\n") == {
        "id": "eu",
        "weights": {"MISSING_FIELD": 10},
        "stages": ["pre-loading", "arrival"],
    }


def test_a_malformed_document_names_the_line_at_fault() -> None:
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml("mapping: 1\nname: x\nfields: {item_id: [")
    assert isinstance(raised.value, yaml.MarkedYAMLError) and raised.value.problem_mark is not None
    assert raised.value.problem_mark.line + 1 == 3


def test_no_python_objects_are_built() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
