"""Rates per 100,000: crude, and age-standardised by the direct method with the
Fay-Feuer gamma confidence interval. Pure functions, no Django.

Direct standardisation (e.g. Boyle P, Parkin DM. Statistical methods for
registries. In: Cancer Registration: Principles and Methods, IARC Sci Publ 95,
1991, ch. 11):

    ASR = Σ r_i·w_i / Σ w_i,   r_i = d_i / n_i   (cases d_i, population n_i)

Dividing by Σw makes the scale of a standard (per 100,000 or per 1,000,000)
irrelevant. With w_i normalised to sum to 1 the ASR estimate y and its variance
v under the Poisson model are

    y = Σ w_i·d_i / n_i,   v = Σ w_i²·d_i / n_i²,   w_M = max_i(w_i / n_i).

The 95 % interval of Fay MP, Feuer EJ, "Confidence intervals for directly
standardized rates: a method based on the gamma distribution", Stat Med
1997;16(7):791-801 (PMID 9131766), treats the ASR as gamma distributed:

    lower = Ginv(alpha/2;   shape = y²/v,              scale = v/y)    (0 if y = 0)
    upper = Ginv(1-alpha/2; shape = (y+w_M)²/(v+w_M²), scale = (v+w_M²)/(y+w_M))

where Ginv(p; shape, scale) is the gamma quantile. For one stratum this is the
exact (Garwood) Poisson interval, which is also what we use for crude rates.

The gamma quantile is the inverse of the regularised lower incomplete gamma
function P(a, x), computed as in Press et al., Numerical Recipes, 3rd ed.,
§6.2 (series and continued fraction) and §6.2.1 (`invgammp`: an initial guess
refined by Halley's method), so that we need no SciPy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PER = 100_000
_EPS = 1e-15
_TINY = 1e-300


@dataclass(frozen=True)
class Rate:
    """A rate per `PER` with its confidence interval."""

    value: float
    lower: float
    upper: float


def regularised_gamma_p(a: float, x: float) -> float:
    """P(a, x): the distribution function of a gamma of shape a, scale 1."""
    if a <= 0:
        raise ValueError("The shape must be positive.")
    if x <= 0:
        return 0.0
    log_prefactor = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        # Series; converges quickly below the mode.
        term = total = 1.0 / a
        denominator = a
        for _ in range(100_000):
            denominator += 1
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return total * math.exp(log_prefactor)
    # Continued fraction for Q = 1 - P (modified Lentz).
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return 1.0 - math.exp(log_prefactor) * h


def gamma_quantile(p: float, shape: float, scale: float = 1.0) -> float:
    """The x with P(shape, x / scale) = p (Numerical Recipes' `invgammp`)."""
    if not 0 <= p <= 1:
        raise ValueError("p must lie in [0, 1].")
    if shape <= 0 or scale <= 0:
        raise ValueError("The shape and scale must be positive.")
    if p == 0:
        return 0.0
    if p == 1:
        return math.inf
    a = shape
    a1 = a - 1
    log_gamma = math.lgamma(a)
    if a > 1:
        log_a1 = math.log(a1)
        factor = math.exp(a1 * (log_a1 - 1) - log_gamma)
        tail = p if p < 0.5 else 1 - p
        t = math.sqrt(-2 * math.log(tail))
        x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
        if p < 0.5:
            x = -x
        x = max(1e-3, a * (1 - 1 / (9 * a) - x / (3 * math.sqrt(a))) ** 3)
    else:
        t = 1 - a * (0.253 + a * 0.12)
        x = (p / t) ** (1 / a) if p < t else 1 - math.log(1 - (p - t) / (1 - t))
    for _ in range(100):
        if x <= 0:
            return 0.0
        error = regularised_gamma_p(a, x) - p
        if a > 1:
            density = factor * math.exp(-(x - a1) + a1 * (math.log(x) - log_a1))
        else:
            # In logs: for a small shape near x = 0 the density overflows.
            density = math.exp(min(700.0, -x + a1 * math.log(x) - log_gamma))
        if density == 0:
            break
        u = error / density
        step = u / (1 - 0.5 * min(1.0, u * ((a - 1) / x - 1)))
        x -= step
        if x <= 0:
            x = 0.5 * (x + step)
        if abs(step) < 1e-13 * x:
            break
    return x * scale


def chi2_quantile(p: float, df: float) -> float:
    """The chi-square quantile: a gamma of shape df/2 and scale 2."""
    return gamma_quantile(p, df / 2, 2.0)


def crude_rate(cases: int, population: int, *, level: float = 0.95) -> Rate:
    """Cases per 100,000 with the exact (Garwood) Poisson interval."""
    if population <= 0:
        raise ValueError("The population at risk must be positive.")
    if cases < 0:
        raise ValueError("Cases cannot be negative.")
    alpha = 1 - level
    lower = gamma_quantile(alpha / 2, cases) / population if cases else 0.0
    upper = gamma_quantile(1 - alpha / 2, cases + 1) / population
    return Rate(value=cases * PER / population, lower=lower * PER, upper=upper * PER)


def direct_standardised_rate(
    cases: Sequence[int],
    populations: Sequence[int],
    weights: Sequence[float],
    *,
    level: float = 0.95,
) -> Rate:
    """The age-standardised rate per 100,000 (direct method) and its Fay-Feuer
    gamma interval; see the module docstring for the formulas."""
    if not (len(cases) == len(populations) == len(weights)) or not cases:
        raise ValueError("Give cases, populations and weights for every group.")
    if any(n <= 0 for n in populations):
        raise ValueError("Every population at risk must be positive.")
    if any(d < 0 for d in cases) or any(w < 0 for w in weights):
        raise ValueError("Cases and weights cannot be negative.")
    total_weight = math.fsum(weights)
    if total_weight <= 0:
        raise ValueError("The weights must not all be zero.")
    w = [weight / total_weight for weight in weights]
    y = math.fsum(wi * d / n for wi, d, n in zip(w, cases, populations, strict=True))
    v = math.fsum(
        wi * wi * d / (n * n) for wi, d, n in zip(w, cases, populations, strict=True)
    )
    w_max = max(wi / n for wi, n in zip(w, populations, strict=True))
    alpha = 1 - level
    lower = gamma_quantile(alpha / 2, y * y / v, v / y) if y > 0 else 0.0
    upper_shape = (y + w_max) ** 2 / (v + w_max**2)
    upper_scale = (v + w_max**2) / (y + w_max)
    upper = gamma_quantile(1 - alpha / 2, upper_shape, upper_scale)
    return Rate(value=y * PER, lower=lower * PER, upper=upper * PER)
