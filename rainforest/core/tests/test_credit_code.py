import pytest

from rainforest.core import credit_code


@pytest.mark.parametrize(
    "code",
    ["914403001922038216", "91330100799655058B", "9144030071526726XG", "91140702MA0K7Q2R8H"],
)
def test_it_accepts_the_worked_examples_of_gb_32100(code):
    assert credit_code.problem(code) is None


def test_it_rejects_a_credit_code_with_a_wrong_check_digit():
    assert credit_code.problem("914403001922038217") == "统一社会信用代码校验位错误：第18位应为 6，实为 7"


def test_it_rejects_a_code_of_the_wrong_length():
    assert credit_code.problem("9114070") == "统一社会信用代码应为18位，实为7位"


def test_it_rejects_letters_outside_the_alphabet():
    assert (
        credit_code.problem("91140702MA0K7Q2ROH")
        == "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z，第3-8位须为数字）"
    )


def test_full_width_characters_and_spaces_are_normalised():
    assert credit_code.normalise(" ９１１４０７０２ｍａ０ｋ７ｑ２ｒ８ｈ ") == "91140702MA0K7Q2R8H"


def test_the_second_check_of_the_organisation_code_matches_the_worked_example():
    assert credit_code.organisation_check_character("MA0K7Q2R") == "8"
    assert credit_code.organisation_code_warning("91140702MA0K7Q2R8H") is None


def test_build_makes_the_synthetic_yuci_code():
    assert credit_code.build("91", "140702", "MA0K7Q2R") == "91140702MA0K7Q2R8H"
