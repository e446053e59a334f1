// WCAG 2.2 AA contrast for every colour pair the design system draws, in both schemes and for
// both products' accents: 4.5:1 for text, 3:1 for the edges of controls.
import { accents, palettes, type Scheme } from "../theme";

/** Relative luminance of an sRGB colour written #RRGGBB (WCAG 2.x definition). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [foreground, background] as the components use them.
const textPairs = [
  ["text", "background"], // Text
  ["text", "surface"], // Card, Choices
  ["textMuted", "background"],
  ["textMuted", "surface"],
  ["accent", "background"], // Back link, ghost buttons
  ["accent", "surface"], // secondary buttons
  ["onAccent", "accent"], // primary buttons, selected chips
  ["text", "accentSoft"], // info Notice
  ["danger", "dangerSoft"], // error Notice
  ["danger", "surface"], // field errors
  ["danger", "background"],
  ["onDanger", "danger"], // danger buttons
  ["success", "successSoft"],
  ["success", "surface"],
  ["warning", "warningSoft"], // warning Notice, offline banner
  ["warning", "surface"],
] as const;

const controlPairs = [
  ["controlBorder", "surface"], // text field, chip edges
  ["accent", "surface"], // focused field, selected tile
  ["accent", "accentSoft"], // progress bar fill on its track
] as const;

describe.each(["light", "dark"] as Scheme[])("%s scheme", (scheme) => {
  describe.each(["dating", "headshots"] as const)("%s accent", (product) => {
    const colors: Record<string, string> = { ...palettes[scheme], ...accents[scheme][product] };
    it.each(textPairs)("%s on %s is at least 4.5:1", (fg, bg) => {
      expect(contrast(colors[fg]!, colors[bg]!)).toBeGreaterThanOrEqual(4.5);
    });
    it.each(controlPairs)("%s against %s is at least 3:1", (fg, bg) => {
      expect(contrast(colors[fg]!, colors[bg]!)).toBeGreaterThanOrEqual(3);
    });
  });
});

describe("contrast", () => {
  it("matches the WCAG reference values", () => {
    expect(contrast("#000000", "#FFFFFF")).toBeCloseTo(21, 5);
    expect(contrast("#FFFFFF", "#FFFFFF")).toBe(1);
    expect(contrast("#767676", "#FFFFFF")).toBeCloseTo(4.54, 2);
  });
});
