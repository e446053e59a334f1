// The bio flows of the Dating Profile Optimizer.
// - Writing a set (POST /v1/dating/bios), the paid part: the user's facts are checked and cleaned
//   before any credit is held, then (through billing/spend.ts) the credit is reserved, the bios
//   written and stored, and the credit committed; a failure releases it. The bio_generated event
//   is recorded after, and never costs the user their bios.
// - Rewriting one bio of a set from the same facts, free a few times per set, and saving the
//   user's own edit of one, free: both re-score the bio.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { spend } from "../billing/spend";
import { creditCosts } from "../domain/catalogue";
import type { BioSetData, StoredBioReview } from "../db/schema";
import { cleanFacts, hasUsableFacts, refusedFact, type BioFacts, type BioStyle, type FactWarning } from "../domain/bio-facts";
import { reviewBio } from "../domain/bio-review";
import { screenEditedBio } from "../domain/bio-screen";
import { seedOf } from "../domain/bio-composer";
import type { DatingPlatform } from "../domain/platforms";
import { BioRefusedByModel, writeBios, type BioSet } from "../providers/bios";
import { bioSet, insertBios, mergeSetData, updateBio, type BioRow } from "../analytics/dating-store";
import { recordEvent } from "../analytics/events";
import { forwardInBackground } from "../analytics/forwarder";
import { describeError } from "../log";

/** Free rewrites per set: enough to replace a weak variant or two, not a free bio generator. */
export const REGENERATIONS_PER_SET = 3;

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

/** The set's bios and the one addressed, or 404 (someone else's set looks like no set at all). */
async function findVariant(db: Parameters<typeof bioSet>[0], userId: string, setId: string, n: number, forUpdate = false) {
  const rows = await bioSet(db, userId, setId, forUpdate);
  const row = rows.find((r) => r.abTestData?.variant === n);
  if (!row) throw new ApiError("not_found", "No such bio in your sets.");
  return { rows, row, ab: row.abTestData! };
}

export interface BioAddress {
  setId: string;
  /** The bio's variant in its set, from 0. */
  n: number;
}

/**
 * Rewrites one bio of a set from the set's facts, style and platform (same id, re-scored), free
 * REGENERATIONS_PER_SET times per set. With an idempotency key, a retry answers with the
 * rewritten bio and uses one rewrite.
 */
export async function rewriteBio(s: ServiceContext, userId: string, req: BioAddress & { idempotencyKey?: string }): Promise<BioRow> {
  const { config, log } = s;
  const { setId, n, idempotencyKey: key } = req;
  const db = s.db();
  const { rows, row, ab } = await findVariant(db, userId, setId, n);
  if (key && ab.regenerationKey === key) return row;
  if (!ab.facts) throw new ApiError("bio_regeneration_unavailable", "This set was written before bios could be rewritten. Edit it, or write a new set.");
  const used = ab.regenerations ?? 0;
  if (used >= REGENERATIONS_PER_SET)
    throw new ApiError("bio_regeneration_limit", `Each set has ${REGENERATIONS_PER_SET} free rewrites and this one has used them. Edit the bio, or write a new set.`);

  const platform = row.platform as DatingPlatform;
  let set: BioSet;
  try {
    set = await writeBios(
      config,
      {
        facts: ab.facts,
        style: row.bioStyle as BioStyle,
        platform,
        variants: 1,
        replacing: { others: rows.filter((r) => r !== row).map((r) => r.bioText), previous: row.bioText, seed: seedOf({ setId, n, rewrite: used + 1 }) },
      },
      log,
    );
  } catch (err) {
    if (err instanceof BioRefusedByModel) throw new ApiError("bio_content_refused", "The writer declined these facts. Edit the bio instead.");
    throw err;
  }
  const bio = set.bios[0];
  if (!bio) throw new ApiError("bio_regeneration_unavailable", "These facts allow no other bio. Edit this one, or add facts in a new set.");

  // Written outside the lock (a model call takes seconds); counted under it, so concurrent
  // rewrites of one set cannot exceed the limit and a retry with the same key writes once.
  const updated = await db.transaction(async (tx) => {
    const locked = await findVariant(tx, userId, setId, n, true);
    if (key && locked.ab.regenerationKey === key) return locked.row;
    const now = locked.ab.regenerations ?? 0;
    if (now >= REGENERATIONS_PER_SET) throw new ApiError("bio_regeneration_limit", `Each set has ${REGENERATIONS_PER_SET} free rewrites and this one has used them.`);
    await mergeSetData(tx, userId, setId, { regenerations: now + 1 });
    return updateBio(tx, userId, row.id, {
      bioText: bio.text,
      psychologyAnalysis: { ...reviewBio(bio.text, platform), adjustments: bio.adjustments } satisfies StoredBioReview,
      abTestData: { provider: set.provider, hingePrompt: bio.hingePrompt, edited: false, ...(key ? { regenerationKey: key } : {}) },
    });
  });
  if (!updated) throw new ApiError("not_found", "No such bio in your sets.");
  return updated;
}

/**
 * Saves the user's own text for one bio, checked like a written bio: explicit or hateful text is
 * refused, contact details removed, text over the platform's limit refused rather than cut.
 */
export async function editBio(s: ServiceContext, userId: string, req: BioAddress & { text: string }): Promise<BioRow> {
  const db = s.db();
  const { row } = await findVariant(db, userId, req.setId, req.n);
  const platform = row.platform as DatingPlatform;
  const screened = screenEditedBio(req.text, platform);
  if (!screened.ok) {
    if (screened.reason === "content_refused") {
      throw new ApiError("bio_content_refused", `The text contains ${screened.refusal} content.`, {
        errors: [{ path: "text", message: `${screened.refusal} content is not allowed` }],
      });
    }
    const message =
      screened.reason === "over_limit" ? `at most ${screened.maxChars} characters on ${platform.charAt(0).toUpperCase()}${platform.slice(1)}` : "write at least three words";
    throw new ApiError("validation_failed", `The text does not fit: ${message}.`, { errors: [{ path: "text", message }] });
  }
  const updated = await updateBio(db, userId, row.id, {
    bioText: screened.text,
    psychologyAnalysis: { ...reviewBio(screened.text, platform), adjustments: screened.adjustments } satisfies StoredBioReview,
    abTestData: { edited: true },
  });
  if (!updated) throw new ApiError("not_found", "No such bio in your sets.");
  return updated;
}
