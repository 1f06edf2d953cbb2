import math
import random
from datetime import date
from decimal import Decimal

import pytest

from rainforest.cultivation.pool import (
    EXPIRING,
    RE_REGISTER,
    build_pool,
    candidates_queryset,
    pool_for,
    reasons_for,
    shortfalls_of,
)
from rainforest.cultivation.probability import (
    TERMS,
    Features,
    Model,
    ModelSet,
    brier,
    calibration_table,
    features_of,
    fit,
    models_toml,
    read_models,
)
from rainforest.cultivation.selectors import hnte_expiring, tech_sme_due
from rainforest.cultivation.tests.helpers import MODEL, firm, year
from rainforest.eligibility.engine import evaluate
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory

# --- ranking on hand-built facts --------------------------------------------------------------------------

RD_SHORT = firm()  # fails HNTE-5 only: R&D must rise by 86.2万元
STAFF_SHORT = firm(  # fails HNTE-4 only: 12 of 150 in S&T; R&D at 6%
    years=(
        year(2022, 2800, 168, tech_staff=12),
        year(2023, 3200, 192, tech_staff=12),
        year(2024, 3724, 224, tech_staff=12),
    )
)
FAR = firm(  # fails HNTE-4, HNTE-5 and HNTE-6
    years=(
        year(2022, 2800, 60, tech_staff=5, hitech=0.3),
        year(2023, 3200, 60, tech_staff=5, hitech=0.3),
        year(2024, 3724, 60, tech_staff=5, hitech=0.3),
    )
)


def test_the_pool_ranks_the_cheapest_gap_first_and_the_firm_failing_most_last():
    pool = build_pool(
        rulebook="hnte", facts_by_enterprise={1: FAR, 2: RD_SHORT, 3: STAFF_SHORT}, model=MODEL["hnte"]
    )
    assert [(c.enterprise_id, c.failing) for c in pool] == [(3, 1), (2, 1), (1, 3)]


def test_a_row_says_what_the_firm_lacks_in_yuan():
    (shortfall,) = shortfalls_of(evaluate(RD_SHORT, "hnte"))
    assert (shortfall.code, shortfall.text, shortfall.yuan, shortfall.persons) == (
        "HNTE-5",
        "近三年研发费用需增加86.2万元，方可达到5%",
        Decimal("862000.00"),
        0,
    )


def test_a_row_says_what_the_firm_lacks_in_people():
    (shortfall,) = shortfalls_of(evaluate(STAFF_SHORT, "hnte"))
    assert (shortfall.code, shortfall.text, shortfall.persons) == (
        "HNTE-4",
        "需将3名职工调整为科技人员，方可达到10%",
        3,
    )


def test_a_candidate_sums_its_gaps_over_the_failing_conditions():
    (candidate,) = build_pool(rulebook="hnte", facts_by_enterprise={7: FAR}, model=MODEL["hnte"])
    assert [s.code for s in candidate.shortfalls] == ["HNTE-4", "HNTE-5", "HNTE-6"]  # reassign, spend, grow
    assert (candidate.persons_needed, candidate.yuan_needed) == (10, Decimal("30992000.00"))


def test_the_features_of_the_h1_case():
    features = features_of(evaluate(RD_SHORT, "hnte"), RD_SHORT)
    assert features.failing == 1.0
    assert features.rd_gap == pytest.approx(862000 / (862000 + 4000000))


def test_the_probability_is_the_logistic_of_the_features():
    model = MODEL["hnte"]
    features = Features(failing=1.0, rd_gap=0.2, margin=-0.5, completeness=0.8)
    z = 0.5 - 2.0 - 3.0 * 0.2 + 0.3 * -0.5 + 1.0 * 0.8
    assert model.probability(features) == pytest.approx(1 / (1 + math.exp(-z)))


# --- calibration ------------------------------------------------------------------------------------------


def _synthetic(coefficients, n, seed):
    rng = random.Random(seed)
    model = Model("hnte", coefficients)
    rows = []
    for _ in range(n):
        features = Features(
            failing=float(rng.randint(0, 3)),
            rd_gap=rng.random() * 0.5,
            margin=rng.uniform(-3, 2),
            completeness=rng.uniform(0.5, 1.0),
        )
        rows.append((features, rng.random() < model.probability(features)))
    return rows


def test_the_fit_recovers_known_coefficients_from_a_synthetic_history():
    known = {"intercept": -1.0, "failing": -1.5, "rd_gap": -2.0, "margin": 0.8, "completeness": 1.5}
    fitted = fit(_synthetic(known, 20000, seed=3))
    for term in TERMS:
        assert fitted[term] == pytest.approx(known[term], abs=0.35), term


def test_the_fitted_model_predicts_exactly_the_same_on_fixed_data():
    rows = [
        (Features(0.0, 0.0, 1.0, 1.0), True),
        (Features(0.0, 0.1, 0.5, 1.0), True),
        (Features(0.0, 0.0, -0.5, 0.9), False),
        (Features(1.0, 0.2, -1.0, 0.8), False),
        (Features(1.0, 0.0, 0.2, 0.9), True),
        (Features(2.0, 0.3, -2.0, 0.7), False),
        (Features(0.0, 0.0, 0.0, 0.6), False),
        (Features(1.0, 0.1, 0.8, 1.0), True),
    ]
    model = Model("hnte", fit(rows))
    predicted = [round(model.probability(features), 6) for features, _ in rows]
    assert predicted == [0.996581, 0.92554, 0.012922, 0.008494, 0.96116, 0.000213, 0.095646, 0.999444]


def test_the_calibration_table_splits_the_firms_into_deciles_by_prediction():
    predicted = [i / 20 for i in range(20)]
    observed = [i >= 10 for i in range(20)]
    table = calibration_table(predicted, observed)
    assert [(row.decile, row.count, row.observed) for row in table] == [
        (d, 2, 0.0 if d <= 5 else 1.0) for d in range(1, 11)
    ]
    assert table[0].predicted == pytest.approx(0.025)


def test_the_brier_score_is_the_mean_squared_error():
    assert brier([0.8, 0.3], [True, False]) == pytest.approx((0.04 + 0.09) / 2)


def test_the_model_file_reads_back_what_was_written(tmp_path):
    models = ModelSet(
        7, date(2025, 6, 1), "test", {"hnte": Model("hnte", dict.fromkeys(TERMS, 0.25), 10, 3, 0.1)}
    )
    path = tmp_path / "pass-probability-7.toml"
    path.write_text(models_toml(models), encoding="utf-8")
    again = read_models(path)
    assert (again.version, again.models["hnte"].coefficients, again.models["hnte"].positives) == (
        7,
        dict.fromkeys(TERMS, 0.25),
        3,
    )


# --- candidates and alerts from the registry -------------------------------------------------------------

DAY = date(2025, 6, 1)


def _certificate(enterprise, kind, issued_on, year=None):
    return Certificate.objects.create(
        enterprise=enterprise,
        kind=kind,
        issued_on=issued_on,
        expires_on=Certificate.default_expiry(kind, issued_on, year),
        year=year,
        number=f"N{enterprise.pk}{issued_on:%Y%m%d}",
    )


@pytest.fixture
def registry(db):
    firms = {
        name: EnterpriseFactory(name=name)
        for name in ("held", "expiring", "renewed", "never", "tsme-2024", "tsme-2025")
    }
    _certificate(firms["held"], CertificateKind.HNTE, date(2023, 11, 20))
    _certificate(firms["expiring"], CertificateKind.HNTE, date(2022, 11, 20))
    _certificate(firms["renewed"], CertificateKind.HNTE, date(2022, 3, 1))
    _certificate(firms["renewed"], CertificateKind.HNTE, date(2025, 2, 27))
    _certificate(firms["tsme-2024"], CertificateKind.TECH_SME, date(2024, 4, 12), 2024)
    _certificate(firms["tsme-2025"], CertificateKind.TECH_SME, date(2024, 4, 12), 2024)
    _certificate(firms["tsme-2025"], CertificateKind.TECH_SME, date(2025, 4, 12), 2025)
    return firms


def _names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_hnte_candidates_are_firms_without_a_certificate_valid_at_the_year_end(registry):
    candidates = candidates_queryset(Enterprise.objects.all(), rulebook="hnte", day=DAY)
    assert _names(candidates) == ["expiring", "never", "tsme-2024", "tsme-2025"]


def test_tech_sme_candidates_are_firms_not_registered_this_year(registry):
    candidates = candidates_queryset(Enterprise.objects.all(), rulebook="tech-sme", day=DAY)
    assert _names(candidates) == ["expiring", "held", "never", "renewed", "tsme-2024"]


def test_renewals_say_why_they_are_in_the_pool(registry):
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    assert reasons_for(ids, rulebook="hnte", day=DAY) == {registry["expiring"].pk: EXPIRING}
    assert reasons_for(ids, rulebook="tech-sme", day=DAY) == {
        registry["tsme-2024"].pk: RE_REGISTER,
        registry["tsme-2025"].pk: RE_REGISTER,
    }


def test_alerts_list_expiring_certificates_not_yet_won_again(registry, city):
    assert [a.enterprise.name for a in hnte_expiring(city, DAY)] == ["expiring"]


def test_alerts_list_last_years_tech_smes_not_registered_again(registry, city):
    assert [a.enterprise.name for a in tech_sme_due(city, DAY)] == ["tsme-2024"]


def test_the_pool_from_the_registry_uses_the_bulk_facts_with_a_constant_number_of_queries(
    registry, django_assert_max_num_queries
):
    models = ModelSet(1, None, "test", MODEL)
    with django_assert_max_num_queries(8):
        pool = pool_for(Enterprise.objects.all(), rulebook="hnte", day=DAY, models=models)
    assert sorted(c.enterprise.name for c in pool) == ["expiring", "never", "tsme-2024", "tsme-2025"]
