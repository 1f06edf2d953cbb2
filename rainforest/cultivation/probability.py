"""The pass probability of a cultivation-pool candidate: a logistic model on four features of its evaluation.

    p = 1 / (1 + exp(−(b₀ + b₁·failing + b₂·rd_gap + b₃·margin + b₄·completeness)))

* `failing` — the number of the rulebook's conditions the firm fails today;
* `rd_gap` — how much of the R&D spend it needs is missing: g ÷ (g + R), g the smallest R&D gap of the
  rulebook's R&D criterion in yuan (HNTE-5, TSME-B), R the R&D spend of the years that criterion reads;
  0 without a gap;
* `margin` — (midpoint of the score range − pass mark) ÷ 10 (0 when the rulebook gives no score);
* `completeness` — the share of criteria that do not say "needs data".

One coefficient set per rulebook family, fitted by Newton's method (IRLS) with a small ridge penalty on the
slopes (so that a history that separates perfectly still gives finite coefficients) on the city's own
history: for each past year Y, the facts as of 1 January Y against whether the firm won the certificate in
Y (`rainforest cultivation calibrate`). The coefficients live in versioned data files
`data/pass-probability-N.toml`; the newest version is used. docs/cultivation.md explains the model.

Pure: no database access here (the history is loaded by `cultivation.selectors.calibration_history`).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Result

DATA_DIR = Path(__file__).resolve().parent / "data"
FILE_PATTERN = re.compile(r"^pass-probability-(\d+)\.toml$")
FEATURES = ("failing", "rd_gap", "margin", "completeness")
TERMS = ("intercept", *FEATURES)
RIDGE = 0.01  # penalty on the slopes (not the intercept): λ/2 · Σ b_j²

# The R&D criterion of each rulebook family and how many accounting years before evaluated_on it reads.
RD_CRITERION = {"hnte": ("HNTE-5", 3), "tech-sme": ("TSME-B", 1)}
NEEDS_DATA = "needs data"


@dataclass(frozen=True, slots=True)
class Features:
    failing: float
    rd_gap: float
    margin: float
    completeness: float

    def vector(self) -> list[float]:
        return [1.0, self.failing, self.rd_gap, self.margin, self.completeness]


def _rd_spend(facts: Facts, years: int) -> Decimal:
    first = facts.evaluated_on.year - years
    total = Decimal(0)
    for record in facts.years:
        if first <= record.year < facts.evaluated_on.year and record.rd_expense is not None:
            total += record.rd_expense
    return total


def features_of(result: Result, facts: Facts) -> Features:
    """The model's features of one evaluation (the result and the facts it was computed from)."""
    family = result.book.family
    conditions = [item for item in result.criteria if item.role == "condition"]
    failing = sum(1 for item in conditions if item.passed is False)
    rd_gap = 0.0
    if family in RD_CRITERION:
        code, years = RD_CRITERION[family]
        amounts = [
            gap.size
            for gap in result.gaps
            if gap.code == code and gap.unit == "yuan" and gap.cost == Cost.SPEND
        ]
        if amounts:
            needed = min(amounts)
            spent = _rd_spend(facts, years)
            rd_gap = float(needed / (needed + spent)) if needed + spent > 0 else 0.0
    margin = 0.0
    if result.score is not None and result.pass_mark is not None:
        low, high = result.score
        margin = ((low + high) / 2 - result.pass_mark) / 10
    known = sum(1 for item in result.criteria if not item.reason.startswith(NEEDS_DATA))
    completeness = known / len(result.criteria) if result.criteria else 0.0
    return Features(float(failing), rd_gap, margin, completeness)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Model:
    """One rulebook family's coefficients, with what they were fitted on."""

    family: str
    coefficients: dict[str, float]
    observations: int = 0
    positives: int = 0
    brier: float | None = None

    def probability(self, features: Features) -> float:
        z = sum(self.coefficients[term] * value for term, value in zip(TERMS, features.vector(), strict=True))
        return _sigmoid(z)


@dataclass(frozen=True)
class ModelSet:
    version: int
    fitted_on: date | None
    source: str
    models: dict[str, Model] = field(default_factory=dict)

    def for_family(self, family: str) -> Model:
        return self.models[family]


# --- fitting ---------------------------------------------------------------------------------------------


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems are 5 × 5)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(a[r][column]))
        if abs(a[pivot][column]) < 1e-300:
            raise ValueError("singular system")
        a[column], a[pivot] = a[pivot], a[column]
        for r in range(column + 1, n):
            factor = a[r][column] / a[column][column]
            if factor:
                for c in range(column, n + 1):
                    a[r][c] -= factor * a[column][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        solution[r] = (a[r][n] - sum(a[r][c] * solution[c] for c in range(r + 1, n))) / a[r][r]
    return solution


def fit(
    rows: Sequence[tuple[Features, bool]], *, ridge: float = RIDGE, iterations: int = 100
) -> dict[str, float]:
    """Maximum (penalised) likelihood coefficients by Newton–Raphson / IRLS:
    b ← b + (XᵀWX + λI′)⁻¹ (Xᵀ(y − p) − λI′b), W = diag(p(1 − p)), I′ the identity without the intercept."""
    if not rows:
        raise ValueError("no observations to fit")
    k = len(TERMS)
    xs = [features.vector() for features, _ in rows]
    ys = [1.0 if outcome else 0.0 for _, outcome in rows]
    # Start from the base rate, so the first step is well behaved.
    rate = min(max(sum(ys) / len(ys), 1e-6), 1 - 1e-6)
    beta = [math.log(rate / (1 - rate))] + [0.0] * (k - 1)
    for _ in range(iterations):
        hessian = [[0.0] * k for _ in range(k)]
        gradient = [0.0] * k
        for x, y in zip(xs, ys, strict=True):
            p = _sigmoid(sum(b * v for b, v in zip(beta, x, strict=True)))
            w = p * (1 - p)
            residual = y - p
            for i in range(k):
                gradient[i] += x[i] * residual
                wx = w * x[i]
                for j in range(i, k):
                    hessian[i][j] += wx * x[j]
        for i in range(k):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        for i in range(1, k):
            hessian[i][i] += ridge
            gradient[i] -= ridge * beta[i]
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return dict(zip(TERMS, beta, strict=True))


def brier(predicted: Sequence[float], observed: Sequence[bool]) -> float:
    """Mean squared difference between the probability and the outcome (0 is perfect, 0.25 a coin)."""
    if not predicted:
        return 0.0
    return sum((p - (1.0 if y else 0.0)) ** 2 for p, y in zip(predicted, observed, strict=True)) / len(
        predicted
    )


@dataclass(frozen=True)
class Bin:
    """One decile of the calibration table: firms ranked by predicted probability, tenth by tenth."""

    decile: int
    count: int
    low: float
    high: float
    predicted: float  # mean predicted probability
    observed: float  # share that won the certificate


def calibration_table(predicted: Sequence[float], observed: Sequence[bool], bins: int = 10) -> list[Bin]:
    pairs = sorted(zip(predicted, observed, strict=True), key=lambda pair: pair[0])
    n = len(pairs)
    table: list[Bin] = []
    for index in range(bins):
        chunk = pairs[index * n // bins : (index + 1) * n // bins]
        if not chunk:
            continue
        table.append(
            Bin(
                decile=index + 1,
                count=len(chunk),
                low=chunk[0][0],
                high=chunk[-1][0],
                predicted=sum(p for p, _ in chunk) / len(chunk),
                observed=sum(1 for _, y in chunk if y) / len(chunk),
            )
        )
    return table


# --- the data files --------------------------------------------------------------------------------------


def model_files(directory: Path = DATA_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in directory.glob("pass-probability-*.toml"):
        match = FILE_PATTERN.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def read_models(path: Path) -> ModelSet:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    models = {}
    for family, values in data["models"].items():
        models[family] = Model(
            family=family,
            coefficients={term: float(values[term]) for term in TERMS},
            observations=int(values.get("observations", 0)),
            positives=int(values.get("positives", 0)),
            brier=float(values["brier"]) if "brier" in values else None,
        )
    fitted_on = data.get("fitted_on")
    return ModelSet(
        version=int(data["version"]),
        fitted_on=fitted_on if isinstance(fitted_on, date) else None,
        source=str(data.get("source", "")),
        models=models,
    )


@cache
def current_models() -> ModelSet:
    """The newest model file's coefficients (read once per process)."""
    files = model_files()
    if not files:
        raise FileNotFoundError(f"no pass-probability-N.toml in {DATA_DIR}")
    return read_models(files[-1][1])


def models_toml(models: ModelSet) -> str:
    lines = [
        "# Pass-probability model of the cultivation pool (rainforest/cultivation/probability.py,",
        "# docs/cultivation.md). Written by `rainforest cultivation calibrate`; do not edit by hand.",
        f"version = {models.version}",
    ]
    if models.fitted_on:
        lines.append(f"fitted_on = {models.fitted_on.isoformat()}")
    lines.append(f'source = "{models.source}"')
    lines.append(f"features = [{', '.join(repr(name).replace(chr(39), chr(34)) for name in FEATURES)}]")
    for family, model in models.models.items():
        lines.append("")
        lines.append(f'[models."{family}"]')
        for term in TERMS:
            lines.append(f"{term} = {model.coefficients[term]:.6f}")
        lines.append(f"observations = {model.observations}")
        lines.append(f"positives = {model.positives}")
        if model.brier is not None:
            lines.append(f"brier = {model.brier:.6f}")
    return "\n".join(lines) + "\n"


def write_models(models: ModelSet, directory: Path = DATA_DIR) -> Path:
    path = directory / f"pass-probability-{models.version}.toml"
    path.write_text(models_toml(models), encoding="utf-8")
    current_models.cache_clear()
    return path
