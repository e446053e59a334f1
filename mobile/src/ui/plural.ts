// Counts in words, one rule for both apps: "1 credit", "0 credits", "2 credits".

/** `count` and the noun, singular only for exactly one. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const credits = (count: number) => plural(count, "credit");

/** The title of a paid action, so the cost is read before the tap: "Analyse · 1 credit". */
export const withCost = (action: string, cost: number) => `${action} · ${credits(cost)}`;

/** The balance a paid action is about to spend from. */
export const balanceSentence = (balance: { credits: number; unlimited: boolean }) =>
  balance.unlimited ? "Unlimited plan: no credits needed." : `You have ${credits(balance.credits)}.`;
