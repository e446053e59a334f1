// Design tokens shared by both apps. The accent follows the product; everything else is common.
import { variant } from "../config";

const accents = {
  dating: { accent: "#C81E52", accentSoft: "#FFF1F4", onAccent: "#FFFFFF" },
  headshots: { accent: "#1F5EFF", accentSoft: "#EEF3FF", onAccent: "#FFFFFF" },
} as const;

export const colors = {
  ...accents[variant],
  background: "#FAFAFB",
  surface: "#FFFFFF",
  text: "#16161D",
  textMuted: "#5B5B6B",
  border: "#DEDEE6",
  danger: "#B42318",
  dangerSoft: "#FEF3F2",
  success: "#067647",
  successSoft: "#ECFDF3",
  warning: "#93370D",
  warningSoft: "#FFFAEB",
  overlay: "rgba(0,0,0,0.6)",
} as const;

export const spacing = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24, xxl: 32 } as const;

export const radius = { sm: 8, md: 12, lg: 16, pill: 999 } as const;

/** Sizes at the default text size; the system font-size setting scales them (up to 2x). */
export const type = {
  title: { fontSize: 28, lineHeight: 34, fontWeight: "700" },
  heading: { fontSize: 20, lineHeight: 26, fontWeight: "600" },
  body: { fontSize: 16, lineHeight: 22, fontWeight: "400" },
  label: { fontSize: 15, lineHeight: 20, fontWeight: "600" },
  caption: { fontSize: 13, lineHeight: 18, fontWeight: "400" },
} as const;

export type TextVariant = keyof typeof type;

/** Content never gets wider than this on a desktop browser or tablet. */
export const maxContentWidth = 720;

/** Buttons and other targets are at least this tall (WCAG 2.5.5 / platform guidelines). */
export const minTouchTarget = 48;
