"""The rate formulas against published numbers, not against themselves."""

from __future__ import annotations

import pytest

from epidemiology import rates


def test_direct_asr_and_fay_feuer_interval_match_a_published_worked_example():
    # canregtools (R package, Gu et al.), reference page of `ageadjust`
    # (https://gigu003.github.io/canregtools/reference/ageadjust.html), whose
    # default method is the Fay-Feuer gamma interval. Its example prints
    # asr 5394.737, asr_lci 4709.493, asr_uci 6154.046 per 100,000.
    result = rates.direct_standardised_rate(
        [50, 60, 45, 70], [1000, 1200, 1100, 900], [800, 1000, 1100, 900]
    )
    assert result.value == pytest.approx(5394.737, abs=5e-4)
    assert result.lower == pytest.approx(4709.493, abs=5e-4)
    assert result.upper == pytest.approx(6154.046, abs=5e-4)


def test_crude_rate_and_its_exact_interval_match_the_same_worked_example():
    # Same page: cr 5357.143, cr_lci 4679.972, cr_uci 6104.765 (225 cases in
    # 4,200 person-years, gamma = exact Poisson limits).
    result = rates.crude_rate(225, 4200)
    assert result.value == pytest.approx(5357.143, abs=5e-4)
    assert result.lower == pytest.approx(4679.972, abs=5e-4)
    assert result.upper == pytest.approx(6104.765, abs=5e-4)


@pytest.mark.parametrize(
    ("df", "p", "published"),
    [
        # NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4,
        # "Critical values of the chi-square distribution" (3 decimals).
        (1, 0.95, 3.841),
        (1, 0.975, 5.024),
        (10, 0.025, 3.247),
        (10, 0.95, 18.307),
        (10, 0.975, 20.483),
        (100, 0.05, 77.929),
        (100, 0.975, 129.561),
    ],
)
def test_chi_square_quantiles_match_the_published_table(df, p, published):
    assert rates.chi2_quantile(p, df) == pytest.approx(published, abs=5e-4)


def test_crude_interval_of_zero_cases_is_the_published_exact_poisson_limit():
    # epitools `pois.exact` documentation: "When x = 0, for the upper
    # confidence limit pois.exact returns 3.689".
    result = rates.crude_rate(0, 100_000)
    assert (result.lower, round(result.upper, 3)) == (0.0, 3.689)


def test_crude_interval_follows_garwoods_chi_square_limits():
    # Garwood (Biometrika 1936): for x cases the exact limits are
    # chi2(0.025; 2x)/2 and chi2(0.975; 2x + 2)/2. For x = 5 with the NIST table
    # values chi2(0.025; 10) = 3.247 and chi2(0.975; 12) = 23.337:
    result = rates.crude_rate(5, 100_000)
    assert result.lower == pytest.approx(3.247 / 2, abs=5e-4)
    assert result.upper == pytest.approx(23.337 / 2, abs=5e-4)


def test_asr_equals_crude_rate_and_exact_interval_when_the_standard_matches():
    # Fay and Feuer (1997), abstract: the gamma interval is exact "whenever
    # the standard population is proportional to the study population".
    cases = [3, 10, 25, 60]
    populations = [40_000, 30_000, 20_000, 10_000]
    asr = rates.direct_standardised_rate(cases, populations, populations)
    crude = rates.crude_rate(sum(cases), sum(populations))
    assert asr.value == pytest.approx(crude.value)
    assert asr.lower == pytest.approx(crude.lower)
    assert asr.upper == pytest.approx(crude.upper, rel=0.02)


def test_the_scale_of_the_standard_does_not_change_the_asr():
    cases, populations = [5, 20, 40], [50_000, 40_000, 10_000]
    per_hundred_thousand = rates.direct_standardised_rate(
        cases, populations, [50_000, 35_000, 15_000]
    )
    per_million = rates.direct_standardised_rate(
        cases, populations, [500_000, 350_000, 150_000]
    )
    assert per_million == per_hundred_thousand


def test_an_asr_of_zero_cases_has_a_lower_limit_of_zero_and_a_positive_upper():
    result = rates.direct_standardised_rate([0, 0], [1000, 2000], [1, 1])
    assert result.value == 0
    assert result.lower == 0
    assert result.upper > 0


def test_a_missing_population_is_refused():
    with pytest.raises(ValueError, match="positive"):
        rates.direct_standardised_rate([1, 2], [1000, 0], [1, 1])
