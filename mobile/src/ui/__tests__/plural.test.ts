import { balanceSentence, credits, plural, withCost } from "../plural";

describe("counts in words", () => {
  it("is singular for exactly one, plural otherwise", () => {
    expect([0, 1, 2, 12].map(credits)).toEqual(["0 credits", "1 credit", "2 credits", "12 credits"]);
    expect(plural(1, "photo")).toBe("1 photo");
    expect(plural(3, "photo")).toBe("3 photos");
    expect(plural(2, "person", "people")).toBe("2 people");
  });

  it("puts the cost in a paid action's title", () => {
    expect(withCost("Analyse 2 photos", 1)).toBe("Analyse 2 photos · 1 credit");
    expect(withCost("Generate", 2)).toBe("Generate · 2 credits");
  });

  it("says the balance before spending", () => {
    expect(balanceSentence({ credits: 1, unlimited: false })).toBe("You have 1 credit.");
    expect(balanceSentence({ credits: 0, unlimited: false })).toBe("You have 0 credits.");
    expect(balanceSentence({ credits: 0, unlimited: true })).toBe("Unlimited plan: no credits needed.");
  });
});
