// Design tokens shared by both apps. The accent follows the product; everything else is common.
// Colours follow the system's light / dark setting, read once at launch: styles are built at
// module level (StyleSheet.create), so a change of setting shows at the next launch.
// Every text / background pair is checked against WCAG AA in src/ui/__tests__/contrast.test.ts.
import { Appearance } from "react-native";
import { variant } from "../config";

export type Scheme = "light" | "dark";

export const accents = {
  light: {
    dating: { accent: "#C81E52", accentSoft: "#FFF1F4", onAccent: "#FFFFFF" },
    headshots: { accent: "#1F5EFF", accentSoft: "#EEF3FF", onAccent: "#FFFFFF" },
  },
  // Lighter accents on dark surfaces, with dark text on them.
  dark: {
    dating: { accent: "#FF7BA3", accentSoft: "#3D1424", onAccent: "#1A0610" },
    headshots: { accent: "#8AB0FF", accentSoft: "#16254A", onAccent: "#0A1330" },
  },
} as const;

export const palettes = {
  light: {
    background: "#FAFAFB",
    surface: "#FFFFFF",
    text: "#16161D",
    textMuted: "#5B5B6B",
    /** Card edges: decoration only. */
    border: "#DEDEE6",
    /** The edge of a control a person must find (a text field): 3:1 against the surface. */
    controlBorder: "#8A8A99",
    danger: "#B42318",
    dangerSoft: "#FEF3F2",
    onDanger: "#FFFFFF",
    success: "#067647",
    successSoft: "#ECFDF3",
    warning: "#93370D",
    warningSoft: "#FFFAEB",
    overlay: "rgba(0,0,0,0.6)",
  },
  dark: {
    background: "#101016",
    surface: "#1B1B24",
    text: "#F2F2F6",
    textMuted: "#B0B0C0",
    border: "#3A3A48",
    controlBorder: "#7C7C90",
    danger: "#FF8A7A",
    dangerSoft: "#3B1613",
    onDanger: "#1A0503",
    success: "#5DD39A",
    successSoft: "#0F2E1F",
    warning: "#F7B955",
    warningSoft: "#33240E",
    overlay: "rgba(0,0,0,0.7)",
  },
} as const;

export const scheme: Scheme = Appearance.getColorScheme() === "dark" ? "dark" : "light";

export const colors = { ...palettes[scheme], ...accents[scheme][variant] };

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
