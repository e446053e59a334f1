// The dating A/B insights: each profile version's funnel, whether one version really gets more
// matches than another (the tests in domain/statistics.ts), and the best version per platform,
// with a sentence for the user. Pure: the numbers come in, the verdicts go out.
import { coveredDays, poissonRateTest, probabilityAHigher, type Period } from "./statistics";

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
export function compareMatchRates(a: { label: string; matches: number; days: number }, b: { label: string; matches: number; days: number }): Comparison {
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
    ? {
        platform,
        verdict: "clear_winner",
        version: { id: top.id, label: top.label },
        summary: `"${top.label}" is your best ${platform} version (${rate} matches a day), and the lead is not chance.`,
      }
    : {
        platform,
        verdict: "leading",
        version: { id: top.id, label: top.label },
        summary: `"${top.label}" leads on ${platform} (${rate} matches a day), but the gap could still be chance.`,
      };
}
