// Build-time settings: which product this binary is (app.config.ts `extra.variant`) and where
// the API lives (EXPO_PUBLIC_API_URL is inlined by the bundler at build/export time).
import Constants from "expo-constants";

export type Variant = "dating" | "headshots";

export const variant: Variant = Constants.expoConfig?.extra?.variant === "headshots" ? "headshots" : "dating";

export const apiBaseUrl = (process.env.EXPO_PUBLIC_API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");

export const appVersion = Constants.expoConfig?.version ?? "0.0.0";

export const productLine = variant;
