// Every cached API read has its key here, so a mutation names exactly what it makes stale.
// Keys are prefixes of each other on purpose: invalidating `photos.all` refreshes every photo list.
import type { productLine } from "../config";

type ProductLine = typeof productLine;

export const queryKeys = {
  photos: {
    all: ["photos"] as const,
    list: (purpose: "dating" | "selfie") => ["photos", purpose] as const,
  },
  analyses: {
    all: ["analyses"] as const,
    latest: ["analyses", "latest"] as const,
    one: (id: string) => ["analyses", id] as const,
  },
  bios: { all: ["bios"] as const },
  dashboard: { all: ["dashboard"] as const },
  balance: { all: ["balance"] as const },
  catalogue: (line: ProductLine) => ["catalogue", line] as const,
  styles: { all: ["styles"] as const },
  generations: { all: ["generations"] as const },
};
