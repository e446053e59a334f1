// Is profile version A really getting more matches than B, or is it luck? Pure functions, no
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
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
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

// --- a version's funnel and the verdict between two versions -------------------------------

export interface FunnelCounts {
  matches: number;
  conversations: number;
  dates: number;
}

export interface VersionPerformance extends FunnelCounts {
  days: number;
  perDay: FunnelCounts;
  /** Conversations per match and dates per conversation; null when the step had nothing. */
  funnel: { matchToConversation: number | null; conversationToDate: number | null; matchToDate: number | null };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (x: number, y: number) => (y === 0 ? null : round(x / y));

export function versionPerformance(rows: readonly (FunnelCounts & Period)[]): VersionPerformance {
  const matches = rows.reduce((s, r) => s + r.matches, 0);
  const conversations = rows.reduce((s, r) => s + r.conversations, 0);
  const dates = rows.reduce((s, r) => s + r.dates, 0);
  const days = coveredDays(rows);
  const perDay = (x: number) => (days === 0 ? 0 : round(x / days));
  return {
    matches,
    conversations,
    dates,
    days,
    perDay: { matches: perDay(matches), conversations: perDay(conversations), dates: perDay(dates) },
    funnel: {
      matchToConversation: ratio(conversations, matches),
      conversationToDate: ratio(dates, conversations),
      matchToDate: ratio(dates, matches),
    },
  };
}

/**
 * Below these a comparison says "not enough data yet" whatever the numbers: a week smooths out
 * weekday/weekend swings, and with fewer than 10 matches one lucky day decides everything.
 */
export const minimumEvidence = { days: 7, matches: 10 } as const;
/** Two-sided significance level for calling a difference real. */
export const significanceLevel = 0.05;

export const verdicts = ["not_enough_data", "a_higher", "b_higher", "no_clear_difference"] as const;
export type Verdict = (typeof verdicts)[number];

export interface Comparison {
  verdict: Verdict;
  summary: string;
  rateA: number;
  rateB: number;
  rateRatio: number | null;
  pValue: number | null;
  probabilityAHigher: number | null;
}

const pct = (x: number) => (x < 0.001 ? "<0.1%" : x > 0.999 ? ">99.9%" : `${(x * 100).toFixed(x < 0.01 || x > 0.99 ? 1 : 0)}%`);
const perDayText = (x: number) => x.toFixed(x < 1 ? 2 : 1);

/** Compares match rates of two versions and says, in plain words, whether the gap is real. */
export function compareMatchRates(
  a: { label: string; matches: number; days: number },
  b: { label: string; matches: number; days: number },
): Comparison {
  const rateA = a.days > 0 ? a.matches / a.days : 0;
  const rateB = b.days > 0 ? b.matches / b.days : 0;
  const short = [a, b].filter((v) => v.days < minimumEvidence.days || v.matches < minimumEvidence.matches);
  if (short.length > 0) {
    return {
      verdict: "not_enough_data",
      summary:
        `Not enough data yet: each version needs at least ${minimumEvidence.days} days and ${minimumEvidence.matches} matches (` +
        short.map((v) => `"${v.label}" has ${v.days} day${v.days === 1 ? "" : "s"} and ${v.matches} match${v.matches === 1 ? "" : "es"}`).join("; ") +
        ").",
      rateA: round(rateA),
      rateB: round(rateB),
      rateRatio: null,
      pValue: null,
      probabilityAHigher: null,
    };
  }
  const sa = { events: a.matches, exposure: a.days };
  const sb = { events: b.matches, exposure: b.days };
  const test = poissonRateTest(sa, sb);
  const pA = probabilityAHigher(sa, sb);
  const real = test.pValue < significanceLevel;
  const [hi, lo, pHi] = rateA >= rateB ? [a, b, pA] : [b, a, 1 - pA];
  const rates = `${perDayText(hi.matches / hi.days)} vs ${perDayText(lo.matches / lo.days)} matches a day`;
  const summary = real
    ? `"${hi.label}" gets more matches: ${rates}. A gap this large would happen by chance ${pct(test.pValue)} of the time, ` +
      `and there is a ${pct(pHi)} chance its true match rate is higher.`
    : `No clear difference yet: ${rates}. A gap this large happens by chance ${pct(test.pValue)} of the time; ` +
      `the chance "${hi.label}" is really better is ${pct(pHi)}. Keep collecting.`;
  return {
    verdict: real ? (rateA > rateB ? "a_higher" : "b_higher") : "no_clear_difference",
    summary,
    rateA: round(rateA),
    rateB: round(rateB),
    rateRatio: test.rateRatio === null || !Number.isFinite(test.rateRatio) ? test.rateRatio : round(test.rateRatio),
    pValue: test.pValue,
    probabilityAHigher: pA,
  };
}

// --- insights over many versions ------------------------------------------------------------

export interface VersionInput {
  id: string;
  label: string;
  platform: string;
  liveFrom: string;
}

export interface VersionMetricsInput extends FunnelCounts, Period {
  versionId: string;
}

export interface VersionInsight extends VersionPerformance {
  id: string;
  label: string;
  platform: string;
  enoughData: boolean;
}

export interface PairComparison extends Comparison {
  platform: string;
  a: { id: string; label: string };
  b: { id: string; label: string };
}

export const bestVerdicts = ["clear_winner", "leading", "not_enough_data", "single_version"] as const;
export type BestVerdict = (typeof bestVerdicts)[number];

export interface BestVersion {
  platform: string;
  verdict: BestVerdict;
  version: { id: string; label: string } | null;
  summary: string;
}

export interface Insights {
  versions: VersionInsight[];
  comparisons: PairComparison[];
  best: BestVersion[];
}

/**
 * Per-version funnels, every pairwise match-rate comparison within a platform (the earlier
 * version is A), and per platform the best version: a clear winner only when it beats every
 * other version with enough data at the significance level.
 */
export function buildInsights(versions: readonly VersionInput[], metrics: readonly VersionMetricsInput[]): Insights {
  const ordered = [...versions].sort((x, y) => (x.liveFrom === y.liveFrom ? x.id.localeCompare(y.id) : x.liveFrom < y.liveFrom ? -1 : 1));
  const insights: VersionInsight[] = ordered.map((v) => {
    const perf = versionPerformance(metrics.filter((m) => m.versionId === v.id));
    return { id: v.id, label: v.label, platform: v.platform, ...perf, enoughData: perf.days >= minimumEvidence.days && perf.matches >= minimumEvidence.matches };
  });

  const comparisons: PairComparison[] = [];
  const best: BestVersion[] = [];
  for (const platform of [...new Set(insights.map((v) => v.platform))]) {
    const group = insights.filter((v) => v.platform === platform);
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        comparisons.push({ platform, a: { id: a.id, label: a.label }, b: { id: b.id, label: b.label }, ...compareMatchRates(a, b) });
      }
    }
    best.push(bestOf(platform, group, comparisons));
  }
  return { versions: insights, comparisons, best };
}

function bestOf(platform: string, group: VersionInsight[], comparisons: PairComparison[]): BestVersion {
  if (group.length === 1) {
    return { platform, verdict: "single_version", version: null, summary: `Only one ${platform} version so far: record another to compare.` };
  }
  const ready = group.filter((v) => v.enoughData);
  if (ready.length < 2) {
    return {
      platform,
      verdict: "not_enough_data",
      version: null,
      summary: `Not enough data yet on ${platform}: at least two versions need ${minimumEvidence.days} days and ${minimumEvidence.matches} matches each.`,
    };
  }
  const top = ready.reduce((x, y) => (y.matches / y.days > x.matches / x.days ? y : x));
  const beatsAll = ready
    .filter((v) => v !== top)
    .every((other) => {
      const c = comparisons.find((p) => (p.a.id === top.id && p.b.id === other.id) || (p.a.id === other.id && p.b.id === top.id))!;
      return c.verdict === (c.a.id === top.id ? "a_higher" : "b_higher");
    });
  const rate = (top.matches / top.days).toFixed(1);
  return beatsAll
    ? { platform, verdict: "clear_winner", version: { id: top.id, label: top.label }, summary: `"${top.label}" is your best ${platform} version (${rate} matches a day), and the lead is not chance.` }
    : { platform, verdict: "leading", version: { id: top.id, label: top.label }, summary: `"${top.label}" leads on ${platform} (${rate} matches a day), but the gap could still be chance.` };
}
