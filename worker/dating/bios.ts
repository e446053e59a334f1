// Writing a set of bios (POST /v1/dating/bios), the paid part of the bio flow: the user's facts
// are checked and cleaned before any credit is held, then (through billing/spend.ts) the credit is
// reserved, the bios written and stored, and the credit committed; a failure releases it. The
// bio_generated event is recorded after, and never costs the user their bios.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { spend } from "../billing/spend";
import { creditCosts } from "../domain/catalogue";
import type { BioSetData, StoredBioReview } from "../db/schema";
import { cleanFacts, hasUsableFacts, refusedFact, type BioFacts, type BioStyle, type FactWarning } from "../domain/bio-facts";
import { reviewBio } from "../domain/bio-review";
import type { DatingPlatform } from "../domain/platforms";
import { BioRefusedByModel, writeBios, type BioSet } from "../providers/bios";
import { insertBios, type BioRow } from "../analytics/dating-store";
import { recordEvent } from "../analytics/events";
import { forwardInBackground } from "../analytics/forwarder";
import { describeError } from "../log";

export interface BioSetRequest {
  platform: DatingPlatform;
  style: BioStyle;
  variants: number;
  /** As the user sent them: refused or cleaned here. */
  facts: BioFacts;
}

export interface WrittenBioSet {
  /** Who wrote the set, and the fallback from the model if there was one. */
  set: BioSet;
  /** The stored bios, one per variant, in order. */
  rows: BioRow[];
  setId: string;
  creditsCharged: number;
  warnings: FactWarning[];
}

export async function writeBioSet(s: ServiceContext, userId: string, req: BioSetRequest): Promise<WrittenBioSet> {
  const { config, log } = s;
  // Checked before any credit is held: these requests never cost anything.
  const refused = refusedFact(req.facts);
  if (refused) {
    throw new ApiError("bio_content_refused", `${refused.field} contains ${refused.reason} content.`, {
      errors: [{ path: refused.field, message: `${refused.reason} content is not allowed` }],
    });
  }
  const { facts, warnings } = cleanFacts(req.facts);
  if (!hasUsableFacts(facts)) {
    throw new ApiError("validation_failed", "Nothing usable is left after removing contact details and instructions.", {
      errors: [{ path: "facts", message: "give at least one interest or specific about yourself" }],
    });
  }

  const setId = crypto.randomUUID();
  let delivered: { set: BioSet; rows: BioRow[]; charged: number };
  try {
    // No Idempotency-Key here: every request is a new set, paid for once it is stored.
    delivered = await spend(s, { userId, amount: creditCosts.bioSet, key: `bios:${crypto.randomUUID()}`, ttlSeconds: config.RESERVATION_TTL_SECONDS }, async (reservation) => {
      const set = await writeBios(config, { facts, style: req.style, platform: req.platform, variants: req.variants }, log);
      const provider = set.provider;
      const rows = await insertBios(
        s.db(),
        set.bios.map((bio, variant) => ({
          userId,
          bioText: bio.text,
          bioStyle: req.style,
          platform: req.platform,
          psychologyAnalysis: { ...reviewBio(bio.text, req.platform), adjustments: bio.adjustments } satisfies StoredBioReview,
          abTestData: { batchId: setId, variant, provider, hingePrompt: bio.hingePrompt, facts, regenerations: 0 } satisfies BioSetData,
        })),
      );
      return { set, rows, charged: reservation.amount };
    });
  } catch (err) {
    // The reservation is released already: no credit is taken for work that did not happen.
    if (err instanceof BioRefusedByModel) throw new ApiError("bio_content_refused", "The writer declined these facts. Rephrase them and try again.");
    throw err;
  }
  const { set, rows } = delivered;

  try {
    const event = await recordEvent(s.db(), {
      userId,
      type: "bio_generated",
      properties: {
        platform: req.platform,
        style: req.style,
        variants: rows.length,
        provider: set.provider,
        fallback: set.fallback?.reason ?? null,
        bioIds: rows.map((r) => r.id),
      },
    });
    forwardInBackground(config, s.waitUntil, [event], log);
  } catch (err) {
    // Analytics must never cost the user their bios.
    log.warn("recording bio_generated failed", describeError(err));
  }
  return { set, rows, setId, creditsCharged: delivered.charged, warnings };
}
