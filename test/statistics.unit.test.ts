// The A/B statistics against numbers computed independently of our code.
//
// Expected values come from two sources:
// - by hand, where the arithmetic is short (written out next to the assertion);
// - Python 3 standard library only, with a different method from ours: exact rational binomial
//   sums (fractions.Fraction + math.comb) for the tests, and Simpson integration of the Gamma
//   posterior densities (not the Beta-binomial identity we use) for P(λA > λB). The script:
//
//   python3 - <<'EOF'
//   from math import comb, exp, log, lgamma
//   from fractions import Fraction
//   def binom_two_sided(k, n, p):
//       p = Fraction(p); pm = [comb(n, i) * p**i * (1-p)**(n-i) for i in range(n+1)]
//       d = pm[k] * Fraction(1 + Fraction(1, 10**7)); return float(sum(x for x in pm if x <= d))
//   def p_a_higher(xa, ta, xb, tb, steps=200000):   # ∫ f_A(x) F_B(x) dx, Simpson's rule
//       a, b, c, d = xa + 1, ta, xb + 1, tb
//       hi = max((a + 12 * a**0.5 + 12) / b, (c + 12 * c**0.5 + 12) / d); h = hi / steps
//       fA = lambda x: 0.0 if x <= 0 else exp(a*log(b) + (a-1)*log(x) - b*x - lgamma(a))
//       def FB(x):
//           if x <= 0: return 0.0
//           s, term = 0.0, exp(-d*x)
//           for k in range(c):
//               if k > 0: term *= d*x/k
//               s += term
//           return 1 - s
//       return h/3 * sum((1 if i in (0, steps) else 4 if i % 2 else 2) * fA(i*h) * FB(i*h) for i in range(steps+1))
//   print(binom_two_sided(7, 20, Fraction(3, 10)))        # 0.6294979666766777
//   print(binom_two_sided(30, 45, Fraction(1, 2)))        # 0.035697803555194696
//   print(binom_two_sided(25, 37, Fraction(2, 3)))        # 1.0
//   print(binom_two_sided(480, 880, Fraction(1, 2)))      # 0.007707305043339141
//   print(binom_two_sided(12, 22, Fraction(1, 2)))        # 0.8318119049072266
//   print(p_a_higher(30, 10, 15, 10))                     # 0.9870519591032538
//   print(p_a_higher(25, 14, 12, 7))                      # 0.5151137127344048
//   print(p_a_higher(12, 10, 10, 10))                     # 0.6611802577971436
//   print(p_a_higher(480, 30, 400, 30, 400000))           # 0.9965002721830771
//   EOF
import { describe, expect, it } from "vitest";
import { binomialCdf, binomialTestTwoSided, coveredDays, logGamma, periodsOverlap, poissonRateTest, probabilityAHigher } from "../worker/domain/statistics";
import { buildInsights, compareMatchRates, minimumEvidence, versionPerformance } from "../worker/domain/dating-insights";

describe("special functions", () => {
  it("logGamma matches factorials", () => {
    // Γ(n + 1) = n!: 0! = 1, 4! = 24, 10! = 3628800, 20! = 2432902008176640000
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 9);
    expect(Math.exp(logGamma(11))).toBeCloseTo(3628800, 3);
    expect(logGamma(21)).toBeCloseTo(Math.log(2432902008176640000), 10);
    // Γ(1/2) = √π
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
  });

  it("binomial CDF by hand", () => {
    // Binomial(4, 1/2): P(X ≤ 1) = (1 + 4) / 16 = 0.3125; P(X ≤ 2) = 11/16
    expect(binomialCdf(1, 4, 0.5)).toBeCloseTo(0.3125, 12);
    expect(binomialCdf(2, 4, 0.5)).toBeCloseTo(11 / 16, 12);
    // Binomial(3, 0.2): P(X ≤ 0) = 0.8³ = 0.512
    expect(binomialCdf(0, 3, 0.2)).toBeCloseTo(0.512, 12);
    expect(binomialCdf(-1, 3, 0.2)).toBe(0);
    expect(binomialCdf(3, 3, 0.2)).toBe(1);
  });
});

describe("exact two-sided binomial test", () => {
  it("by hand on Binomial(4, 1/2)", () => {
    // k = 0: outcomes as unlikely as 0 are 0 and 4, each 1/16 -> 2/16
    expect(binomialTestTwoSided(0, 4, 0.5)).toBeCloseTo(0.125, 12);
    // k = 1: P = 4/16; outcomes with P ≤ 4/16 are 0, 1, 3, 4 -> 10/16
    expect(binomialTestTwoSided(1, 4, 0.5)).toBeCloseTo(0.625, 12);
    // k = 2 is the mode: every outcome qualifies
    expect(binomialTestTwoSided(2, 4, 0.5)).toBeCloseTo(1, 12);
  });

  it("matches exact rational sums from Python", () => {
    expect(binomialTestTwoSided(7, 20, 0.3)).toBeCloseTo(0.6294979666766777, 10);
    expect(binomialTestTwoSided(30, 45, 0.5)).toBeCloseTo(0.035697803555194696, 10);
    expect(binomialTestTwoSided(480, 880, 0.5)).toBeCloseTo(0.007707305043339141, 10);
  });

  it("n = 0 is no evidence at all", () => {
    expect(binomialTestTwoSided(0, 0, 0.3)).toBe(1);
  });
});

describe("conditional Poisson rate test", () => {
  it("by hand: 3 events in a day against none in a day", () => {
    // n = 3, share 1/2, k = 3: P(3) = 1/8 and only 0 and 3 are that unlikely -> 0.25
    const t = poissonRateTest({ events: 3, exposure: 1 }, { events: 0, exposure: 1 });
    expect(t.pValue).toBeCloseTo(0.25, 12);
    expect(t.rateRatio).toBe(Infinity);
  });

  it("equal exposure: 30 vs 15 matches over 10 days each", () => {
    const t = poissonRateTest({ events: 30, exposure: 10 }, { events: 15, exposure: 10 });
    expect(t.rateA).toBe(3);
    expect(t.rateB).toBe(1.5);
    expect(t.rateRatio).toBe(2);
    expect(t.pValue).toBeCloseTo(0.035697803555194696, 10);
  });

  it("unequal exposure conditions on the exposure share", () => {
    // 25 matches in 14 days vs 12 in 7: n = 37, share 14/21 = 2/3, and 25 is the modal outcome
    expect(poissonRateTest({ events: 25, exposure: 14 }, { events: 12, exposure: 7 }).pValue).toBeCloseTo(1, 10);
    expect(poissonRateTest({ events: 12, exposure: 10 }, { events: 10, exposure: 10 }).pValue).toBeCloseTo(0.8318119049072266, 10);
  });

  it("refuses nonsense", () => {
    expect(() => poissonRateTest({ events: -1, exposure: 3 }, { events: 1, exposure: 3 })).toThrow(RangeError);
    expect(() => poissonRateTest({ events: 1, exposure: 0 }, { events: 1, exposure: 3 })).toThrow(RangeError);
  });
});

describe("P(λA > λB), exact", () => {
  it("by hand: no events, 1 day vs 2 days is Exp(1) vs Exp(2), so P = 2/(1+2)", () => {
    expect(probabilityAHigher({ events: 0, exposure: 1 }, { events: 0, exposure: 2 })).toBeCloseTo(2 / 3, 12);
  });

  it("by symmetry, identical data gives one half", () => {
    expect(probabilityAHigher({ events: 17, exposure: 9 }, { events: 17, exposure: 9 })).toBeCloseTo(0.5, 12);
  });

  it("matches numerical integration of the posteriors in Python", () => {
    expect(probabilityAHigher({ events: 30, exposure: 10 }, { events: 15, exposure: 10 })).toBeCloseTo(0.9870519591032538, 8);
    expect(probabilityAHigher({ events: 25, exposure: 14 }, { events: 12, exposure: 7 })).toBeCloseTo(0.5151137127344048, 8);
    expect(probabilityAHigher({ events: 12, exposure: 10 }, { events: 10, exposure: 10 })).toBeCloseTo(0.6611802577971436, 8);
    expect(probabilityAHigher({ events: 480, exposure: 30 }, { events: 400, exposure: 30 })).toBeCloseTo(0.9965002721830771, 7);
  });

  it("A and B swapped sum to one", () => {
    const a = { events: 23, exposure: 11 };
    const b = { events: 31, exposure: 12 };
    expect(probabilityAHigher(a, b) + probabilityAHigher(b, a)).toBeCloseTo(1, 12);
  });
});

describe("exposure and funnels", () => {
  it("counts each covered day once", () => {
    // 1-7 March (7 days) and 5-10 March overlap on 5-7: the union is 1-10 March, 10 days
    expect(
      coveredDays([
        { start: "2026-03-01", end: "2026-03-07" },
        { start: "2026-03-05", end: "2026-03-10" },
      ]),
    ).toBe(10);
    // Adjacent periods join: 1-3 and 4-6 -> 6 days; a gap day is not counted: + 8-8 -> 7
    expect(
      coveredDays([
        { start: "2026-03-04", end: "2026-03-06" },
        { start: "2026-03-01", end: "2026-03-03" },
        { start: "2026-03-08", end: "2026-03-08" },
      ]),
    ).toBe(7);
    // Across a month end (Feb 2026 has 28 days): 27 Feb - 2 Mar = 4 days
    expect(coveredDays([{ start: "2026-02-27", end: "2026-03-02" }])).toBe(4);
    expect(coveredDays([])).toBe(0);
  });

  it("detects overlapping periods (ends included)", () => {
    expect(periodsOverlap({ start: "2026-03-01", end: "2026-03-07" }, { start: "2026-03-07", end: "2026-03-09" })).toBe(true);
    expect(periodsOverlap({ start: "2026-03-01", end: "2026-03-07" }, { start: "2026-03-08", end: "2026-03-09" })).toBe(false);
  });

  it("sums counts, divides by covered days, and reports the funnel", () => {
    const perf = versionPerformance([
      { start: "2026-03-01", end: "2026-03-07", matches: 14, conversations: 7, dates: 2 },
      { start: "2026-03-08", end: "2026-03-10", matches: 6, conversations: 3, dates: 0 },
    ]);
    // 20 matches, 10 conversations, 2 dates over 10 days
    expect(perf).toMatchObject({ matches: 20, conversations: 10, dates: 2, days: 10 });
    expect(perf.perDay).toEqual({ matches: 2, conversations: 1, dates: 0.2 });
    expect(perf.funnel).toEqual({ matchToConversation: 0.5, conversationToDate: 0.2, matchToDate: 0.1 });
    expect(versionPerformance([]).funnel).toEqual({ matchToConversation: null, conversationToDate: null, matchToDate: null });
  });
});

describe("verdicts", () => {
  it("calls a real difference, with the numbers behind it", () => {
    const c = compareMatchRates({ label: "Spring", matches: 30, days: 10 }, { label: "Winter", matches: 15, days: 10 });
    expect(c.verdict).toBe("a_higher");
    expect(c.pValue).toBeCloseTo(0.035697803555194696, 10);
    expect(c.probabilityAHigher).toBeCloseTo(0.9870519591032538, 8);
    expect(c.summary).toContain('"Spring" gets more matches: 3.0 vs 1.5 matches a day');
    expect(c.summary).toContain("4%");
    const flipped = compareMatchRates({ label: "Winter", matches: 15, days: 10 }, { label: "Spring", matches: 30, days: 10 });
    expect(flipped.verdict).toBe("b_higher");
    expect(flipped.summary).toContain('"Spring" gets more matches');
  });

  it("says when a gap could be chance", () => {
    const c = compareMatchRates({ label: "A", matches: 12, days: 10 }, { label: "B", matches: 10, days: 10 });
    expect(c.verdict).toBe("no_clear_difference");
    expect(c.summary).toMatch(/^No clear difference yet: 1\.2 vs 1\.0 matches a day\. A gap this large happens by chance 83% of the time; the chance "A" is really better is 66%/);
  });

  it("says 'not enough data yet' below the documented threshold, whatever the numbers", () => {
    expect(minimumEvidence).toEqual({ days: 7, matches: 10 });
    const fewDays = compareMatchRates({ label: "A", matches: 60, days: 6 }, { label: "B", matches: 10, days: 10 });
    expect(fewDays).toMatchObject({ verdict: "not_enough_data", pValue: null, probabilityAHigher: null });
    expect(fewDays.summary).toContain('"A" has 6 days and 60 matches');
    expect(compareMatchRates({ label: "A", matches: 9, days: 30 }, { label: "B", matches: 40, days: 30 }).verdict).toBe("not_enough_data");
    expect(compareMatchRates({ label: "A", matches: 10, days: 7 }, { label: "B", matches: 10, days: 7 }).verdict).toBe("no_clear_difference");
  });
});

describe("insights across versions", () => {
  const versions = [
    { id: "00000000-0000-4000-8000-000000000002", label: "New photos", platform: "tinder", liveFrom: "2026-03-11" },
    { id: "00000000-0000-4000-8000-000000000001", label: "Original", platform: "tinder", liveFrom: "2026-03-01" },
    { id: "00000000-0000-4000-8000-000000000003", label: "Hinge v1", platform: "hinge", liveFrom: "2026-03-01" },
  ];
  const metrics = [
    { versionId: versions[1]!.id, start: "2026-03-01", end: "2026-03-10", matches: 15, conversations: 6, dates: 1 },
    { versionId: versions[0]!.id, start: "2026-03-11", end: "2026-03-20", matches: 30, conversations: 12, dates: 3 },
    { versionId: versions[2]!.id, start: "2026-03-01", end: "2026-03-03", matches: 2, conversations: 1, dates: 0 },
  ];

  it("orders versions by when they went live and compares within a platform only", () => {
    const r = buildInsights(versions, metrics);
    expect(r.versions.map((v) => v.label)).toEqual(["Original", "Hinge v1", "New photos"]);
    expect(r.comparisons).toHaveLength(1);
    expect(r.comparisons[0]).toMatchObject({ platform: "tinder", a: { label: "Original" }, b: { label: "New photos" }, verdict: "b_higher" });
    expect(r.comparisons[0]!.pValue).toBeCloseTo(0.035697803555194696, 10);
    expect(r.versions.find((v) => v.label === "Hinge v1")).toMatchObject({ days: 3, enoughData: false });
  });

  it("names a clear winner only when it beats every other version", () => {
    const r = buildInsights(versions, metrics);
    expect(r.best).toEqual([
      expect.objectContaining({ platform: "tinder", verdict: "clear_winner", version: { id: versions[0]!.id, label: "New photos" } }),
      expect.objectContaining({ platform: "hinge", verdict: "single_version", version: null }),
    ]);
    const close = buildInsights(versions.slice(0, 2), [
      { ...metrics[0]!, matches: 12 },
      { ...metrics[1]!, matches: 10 },
    ]);
    expect(close.best[0]).toMatchObject({ verdict: "leading", version: { label: "Original" } });
    const early = buildInsights(versions.slice(0, 2), [{ ...metrics[0]!, end: "2026-03-04" }, metrics[1]!]);
    expect(early.best[0]).toMatchObject({ verdict: "not_enough_data", version: null });
  });
});
