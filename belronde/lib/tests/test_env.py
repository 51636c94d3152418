import pytest

from belronde.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("YES", True), ("1", True), ("off", False), ("0", False), ("", None)],
)
def test_env_bool_reads_the_usual_words(raw, expected):
    assert env_bool("X", None, {"X": raw}) is expected  # type: ignore[arg-type]


def test_env_bool_refuses_a_typo():
    with pytest.raises(ConfigurationError, match="X='maybe' is not a boolean"):
        env_bool("X", False, {"X": "maybe"})


def test_env_int_and_list_and_str():
    assert env_int("N", 3, environ={}) == 3
    assert env_int("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(ConfigurationError):
        env_int("N", 3, environ={"N": "seven"})
    with pytest.raises(ConfigurationError):
        env_int("N", 3, minimum=5, environ={"N": "4"})
    assert env_list("L", [], {"L": "a.be, b.be"}) == ["a.be", "b.be"]
    with pytest.raises(ConfigurationError):
        env_list("L", [], {"L": "a,,b"})
    with pytest.raises(ConfigurationError, match="must be set"):
        env_str("S", None, {})
