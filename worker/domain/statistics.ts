// The statistical tests behind "is profile version A really getting more matches than B, or is
// it luck?" (the dating insights that use them are domain/dating-insights.ts). Pure functions, no
// dependencies, exact where exact is cheap:
//
// - Matches per version are modelled as a Poisson process over the days the version was live.
// - Frequentist: the exact conditional test. Given n = xA + xB matches in total, under "same
//   rate" xA ~ Binomial(n, tA / (tA + tB)); the two-sided p-value sums the probabilities of every
//   outcome no more likely than the one seen (the rule R's binom.test / poisson.test use).
// - Bayesian: each rate gets a flat prior, so the posterior is Gamma(x + 1, t). With X ~ Gamma(a)
//   and Y ~ Gamma(c), X / (X + Y) ~ Beta(a, c), so P(λA > λB) = 1 − I_q(a, c) with
//   q = tA / (tA + tB); for whole-number shapes I_q(a, c) = P(Binomial(a + c − 1, q) ≥ a). No
//   sampling, no seed: the same numbers always give the same probability.

// --- special functions ----------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** ln P(X = k) for X ~ Binomial(n, p). */
export function logBinomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

function logSumExp(xs: number[]): number {
  const max = Math.max(...xs);
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - max);
  return max + Math.log(s);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const terms: number[] = [];
  for (let i = 0; i <= k; i++) terms.push(logBinomialPmf(i, n, p));
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/**
 * Exact two-sided binomial test of X = k against Binomial(n, p): the total probability of all
 * outcomes at most as likely as k (relative tolerance 1e-7 for ties, as in R's binom.test).
 */
export function binomialTestTwoSided(k: number, n: number, p: number): number {
  if (n === 0) return 1;
  const observed = logBinomialPmf(k, n, p);
  const cutoff = observed + Math.log1p(1e-7);
  const terms: number[] = [];
  for (let i = 0; i <= n; i++) {
    const l = logBinomialPmf(i, n, p);
    if (l <= cutoff) terms.push(l);
  }
  return Math.min(1, Math.exp(logSumExp(terms)));
}

// --- comparing two rates --------------------------------------------------------------------

export interface RateSample {
  /** Events counted (e.g. matches). */
  events: number;
  /** Exposure they were counted over, in days. */
  exposure: number;
}

export interface RateTest {
  rateA: number;
  rateB: number;
  /** rateA / rateB (Infinity when B has none, null when neither has any). */
  rateRatio: number | null;
  /** Two-sided p-value of the exact conditional test of equal rates. */
  pValue: number;
}

function assertSample(s: RateSample) {
  if (!Number.isInteger(s.events) || s.events < 0) throw new RangeError("events must be a whole number ≥ 0");
  if (!(s.exposure > 0)) throw new RangeError("exposure must be > 0");
}

/** Exact conditional (binomial) test that two Poisson rates are equal. */
export function poissonRateTest(a: RateSample, b: RateSample): RateTest {
  assertSample(a);
  assertSample(b);
  const n = a.events + b.events;
  const share = a.exposure / (a.exposure + b.exposure);
  const rateA = a.events / a.exposure;
  const rateB = b.events / b.exposure;
  return {
    rateA,
    rateB,
    rateRatio: n === 0 ? null : rateB === 0 ? Infinity : rateA / rateB,
    pValue: binomialTestTwoSided(a.events, n, share),
  };
}

export interface GammaPrior {
  /** Whole number, so the exact Beta-binomial identity applies. */
  shape: number;
  /** In days; 0 is the flat (improper) prior, proper once any exposure is seen. */
  rate: number;
}

export const flatPrior: GammaPrior = { shape: 1, rate: 0 };

/** P(λA > λB) under independent Gamma posteriors, computed exactly (see the file comment). */
export function probabilityAHigher(a: RateSample, b: RateSample, prior: GammaPrior = flatPrior): number {
  assertSample(a);
  assertSample(b);
  if (!Number.isInteger(prior.shape) || prior.shape < 1 || prior.rate < 0) throw new RangeError("prior shape must be a whole number ≥ 1 and rate ≥ 0");
  const shapeA = a.events + prior.shape;
  const shapeB = b.events + prior.shape;
  const rateA = a.exposure + prior.rate;
  const rateB = b.exposure + prior.rate;
  const q = rateA / (rateA + rateB);
  return binomialCdf(shapeA - 1, shapeA + shapeB - 1, q);
}

// --- exposure -------------------------------------------------------------------------------

export interface Period {
  /** ISO dates (YYYY-MM-DD), both days included. */
  start: string;
  end: string;
}

const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** Days covered by the periods, counting a day once however many periods include it. */
export function coveredDays(periods: readonly Period[]): number {
  const spans = periods.map((p) => [dayNumber(p.start), dayNumber(p.end)] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [s, e] of spans) {
    if (Number.isNaN(curStart) || s > curEnd + 1) {
      if (!Number.isNaN(curStart)) total += curEnd - curStart + 1;
      curStart = s;
      curEnd = e;
    } else curEnd = Math.max(curEnd, e);
  }
  if (!Number.isNaN(curStart)) total += curEnd - curStart + 1;
  return total;
}

export const periodsOverlap = (a: Period, b: Period) => a.start <= b.end && b.start <= a.end;
