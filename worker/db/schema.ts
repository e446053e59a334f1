// The single source of row types for both products. Follows the seed's tables, merged where the
// two original backends overlapped (users, purchases, analytics_events), with timestamptz
// throughout. Migrations in migrations/ are generated from this file by drizzle-kit.
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { generationStatuses } from "../domain/generation";
import { photoPurposes } from "../domain/photo-purposes";
import type { HeadshotQuality } from "../domain/headshot-quality";
import type { BioFacts } from "../domain/bio-facts";
import type { BioReview } from "../domain/bio-review";
import type { BioAdjustment } from "../domain/bio-screen";
import { datingPlatforms, type HingePrompt } from "../domain/platforms";
import type { VisionJudgement, VisionStatus } from "../domain/photo-judgement";
import type { Detail, DetailKey, PhotoScore, ScoreCap, Suggestion } from "../domain/photo-scoring";
import type { Platform, SetRecommendation } from "../domain/photo-set";
import type { UserInPhoto } from "../domain/set-identity";
import type { Defect, SceneObject } from "../imaging/features";

/** Millisecond precision: cursors carry JS Dates, so microseconds would make pages skip rows. */
const createdAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
const in30Days = sql`now() + interval '30 days'`;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** AES-256-GCM envelope `v1.<kid>.<iv>.<ciphertext>`; see worker/security/field-crypto.ts. */
    emailEncrypted: text("email_encrypted").notNull(),
    /** HMAC-SHA256 of the normalised email: lookup and uniqueness without the plaintext. */
    emailIndex: text("email_index").notNull(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** Null for accounts created through Sign in with Apple / Google without a password. */
    passwordHash: text("password_hash"),
    appleSub: text("apple_sub"),
    googleSub: text("google_sub"),
    /** The dating product is 18+: the age gate reads this. */
    dateOfBirth: date("date_of_birth"),
    /** When the one allowed correction of the date of birth was made (domain/date-of-birth.ts). */
    dateOfBirthCorrectedAt: timestamp("date_of_birth_corrected_at", { withTimezone: true }),
    nameEncrypted: text("name_encrypted"),
    // Dating Profile Optimizer
    gender: text("gender"),
    datingPreferences: jsonb("dating_preferences").$type<Record<string, unknown>>(),
    // Shared entitlement mirror; the UserAccount Durable Object is where it changes.
    subscriptionTier: text("subscription_tier", { enum: ["free", "credits", "unlimited"] })
      .notNull()
      .default("free"),
    subscriptionExpiresAt: timestamp("subscription_expires_at", { withTimezone: true }),
    subscriptionProductId: text("subscription_product_id"),
    /** Event time (ms) of the newest entitlement change mirrored here (see domain/ledger.ts). */
    entitlementWatermark: bigint("entitlement_watermark", { mode: "number" }).notNull().default(0),
    // LinkedIn Headshot Generator
    jobTitle: text("job_title"),
    industry: text("industry"),
    totalGenerations: integer("total_generations").notNull().default(0),
    // Second factor: the secret is encrypted like the email; pending until confirmed.
    totpSecretEncrypted: text("totp_secret_encrypted"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** Last accepted TOTP time step: a code is accepted once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }).notNull().default(0),
    /** Keyed hashes of the unused two-factor recovery codes (see accounts/second-factor.ts). */
    totpRecoveryCodes: jsonb("totp_recovery_codes").$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_index_key").on(t.emailIndex), uniqueIndex("users_apple_sub_key").on(t.appleSub), uniqueIndex("users_google_sub_key").on(t.googleSub)],
);

/** A login on one device: the family of rotating refresh tokens. Revoking it logs the device out. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason", { enum: ["logout", "logout_all", "refresh_token_reuse", "password_change", "erase"] }),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

/** Opaque refresh tokens, stored as SHA-256 hashes. Each is used once, then replaced. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("refresh_tokens_token_hash_key").on(t.tokenHash), index("refresh_tokens_session_id_idx").on(t.sessionId)],
);

/**
 * Append-only credit ledger: the system of record for every balance change. A balance is the sum
 * of `delta` for a user. `idempotency_key` is unique so a replayed operation cannot apply twice.
 */
export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    delta: integer("delta").notNull(),
    reason: text("reason").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    reference: jsonb("reference").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credit_ledger_idempotency_key_key").on(t.idempotencyKey), index("credit_ledger_user_id_idx").on(t.userId)],
);

/** Uploaded photos (dating photos and selfies), normalised and stored in R2 under users/<id>/. */
export const photos = pgTable(
  "photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: photoPurposes }).notNull(),
    r2Key: text("r2_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    moderation: text("moderation", { enum: ["passed", "unmoderated"] }).notNull(),
    /**
     * Local measurements (exposure, sharpness, faces...) computed at upload: a PhotoFeatures of
     * some FEATURES_VERSION. Left `unknown` on purpose: readers validate it with
     * photoFeaturesSchema and re-measure rows from older versions.
     */
    features: jsonb("features").$type<unknown>(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(in30Days),
  },
  (t) => [index("photos_user_id_idx").on(t.userId, t.createdAt), index("photos_expires_at_idx").on(t.expiresAt)],
);

/** One analysis request over 1-9 photos: the set recommendation lives here, per-photo results in photo_analyses. */
export const analysisRuns = pgTable(
  "analysis_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: datingPlatforms }),
    status: text("status", { enum: ["processing", "completed", "failed"] })
      .notNull()
      .default("processing"),
    /** Which analyser produced it: "local" (on-device metrics only) or the vision model's name. */
    provider: text("provider").notNull(),
    /** The recommended set per platform analysed (one, or all three). */
    recommendation: jsonb("recommendation").$type<Partial<Record<Platform, SetRecommendation>>>(),
    reservationId: text("reservation_id"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(in30Days),
  },
  (t) => [
    index("analysis_runs_user_id_idx").on(t.userId, t.createdAt),
    index("analysis_runs_expires_at_idx").on(t.expiresAt),
    uniqueIndex("analysis_runs_reservation_id_key").on(t.reservationId),
  ],
);

/** Where one photo of an analysis landed in a platform's recommended set. */
export interface PlatformPlacement {
  /** 1-based position in the order; null when it is not in it. */
  position: number | null;
  lead: boolean;
  /** Why it was dropped from the set, if it was. */
  dropped: string | null;
}

/** What else the analysis of one photo found. Every field is optional: rows from before a field existed lack it. */
export interface AnalysisInsights {
  vision?: VisionStatus;
  judgement?: VisionJudgement | null;
  photoType?: PhotoScore["photoType"];
  photoTypeSource?: PhotoScore["photoTypeSource"];
  clearSoloFace?: boolean;
  /** Faces found (stored from the identity change on; older rows read 0). */
  faceCount?: number;
  /** Which face is the user, across the set (domain/set-identity.ts). */
  user?: UserInPhoto;
  defects?: Defect[];
  scoreCap?: ScoreCap | null;
  /** Scene objects found (imaging/objects.ts); null when not looked for. Older rows lack it. */
  objects?: Pick<SceneObject, "label" | "category" | "score">[] | null;
}

export const photoAnalyses = pgTable(
  "photo_analyses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => analysisRuns.id, { onDelete: "cascade" }),
    photoId: uuid("photo_id").references(() => photos.id, { onDelete: "cascade" }),
    /** R2 key of the analysed photo (the seed called it photo_url; never a public URL). */
    photoKey: text("photo_key").notNull(),
    overallScore: integer("overall_score"),
    detailedScores: jsonb("detailed_scores").$type<Record<DetailKey, Detail>>(),
    platformOptimization: jsonb("platform_optimization").$type<Partial<Record<Platform, PlatformPlacement>>>(),
    improvementSuggestions: jsonb("improvement_suggestions").$type<Suggestion[]>(),
    aiInsights: jsonb("ai_insights").$type<AnalysisInsights>(),
    analysisStatus: text("analysis_status", { enum: ["pending", "processing", "completed", "failed"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(in30Days),
  },
  (t) => [index("photo_analyses_user_id_idx").on(t.userId, t.createdAt), index("photo_analyses_expires_at_idx").on(t.expiresAt)],
);

/** A bio's review as stored; bios from before scores carried their reasons lack `reasons` (and are reviewed again). */
export interface StoredBioReview extends Omit<BioReview, "reasons"> {
  reasons?: BioReview["reasons"];
  adjustments: BioAdjustment[];
}

/** Which set a bio belongs to and its place in it (the A/B bookkeeping of a bio set). */
export interface BioSetData {
  batchId: string;
  variant: number;
  provider: string;
  hingePrompt: HingePrompt | null;
  /** The cleaned facts the set was written from; absent on sets from before rewrites. */
  facts?: BioFacts;
  /** Rewrites used by the whole set. */
  regenerations?: number;
  /** The Idempotency-Key of this bio's latest rewrite: a retry returns the bio instead of rewriting again. */
  regenerationKey?: string;
  edited?: boolean;
}

export const generatedBios = pgTable(
  "generated_bios",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    bioText: text("bio_text").notNull(),
    bioStyle: text("bio_style").notNull(),
    platform: text("platform").notNull(),
    psychologyAnalysis: jsonb("psychology_analysis").$type<StoredBioReview>(),
    abTestData: jsonb("a_b_test_data").$type<BioSetData>(),
    createdAt: createdAt(),
  },
  (t) => [index("generated_bios_user_id_idx").on(t.userId, t.createdAt)],
);

/** What was live on a dating platform, and when: the unit of A/B comparison. */
export const profileVersions = pgTable(
  "profile_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    platform: text("platform", { enum: ["tinder", "bumble", "hinge"] }).notNull(),
    photoIds: jsonb("photo_ids").$type<string[]>().notNull().default([]),
    bioId: uuid("bio_id").references(() => generatedBios.id, { onDelete: "set null" }),
    bioText: text("bio_text"),
    liveFrom: date("live_from").notNull(),
    liveTo: date("live_to"),
    createdAt: createdAt(),
  },
  (t) => [index("profile_versions_user_id_idx").on(t.userId, t.platform)],
);

export const successMetrics = pgTable(
  "success_metrics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    matchesCount: integer("matches_count").notNull().default(0),
    conversationsCount: integer("conversations_count").notNull().default(0),
    datesCount: integer("dates_count").notNull().default(0),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    profileVersion: text("profile_version"),
    profileVersionId: uuid("profile_version_id").references(() => profileVersions.id, { onDelete: "cascade" }),
    bioId: uuid("bio_id"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("success_metrics_user_id_idx").on(t.userId, t.platform),
    check("success_metrics_counts_nonnegative", sql`${t.matchesCount} >= 0 and ${t.conversationsCount} >= 0 and ${t.datesCount} >= 0`),
  ],
);

/** Purchases from both stores: Stripe on the web, RevenueCat (App Store / Play) in the apps. */
export const purchases = pgTable(
  "purchases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `sandbox`: the offline checkout used when no Stripe key is configured (never in production). */
    provider: text("provider", { enum: ["stripe", "revenuecat", "sandbox"] }).notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    revenuecatTransactionId: text("revenuecat_transaction_id"),
    productId: text("product_id").notNull(),
    amountCents: integer("amount_cents"),
    currency: text("currency").default("USD"),
    /** Null for an unlimited subscription (the seed's 'unlimited'). */
    creditsPurchased: integer("credits_purchased"),
    /** Credits taken back by refunds so far (partial refunds arrive as several events). */
    refundedCredits: integer("refunded_credits").notNull().default(0),
    purchaseStatus: text("purchase_status").notNull().default("pending"),
    purchaseDate: timestamp("purchase_date", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("purchases_stripe_payment_intent_id_key").on(t.stripePaymentIntentId),
    uniqueIndex("purchases_revenuecat_transaction_id_key").on(t.revenuecatTransactionId),
    index("purchases_user_id_idx").on(t.userId, t.createdAt),
  ],
);

/** Every payment webhook received, deduplicated on the provider's event id. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider", { enum: ["stripe", "revenuecat", "replicate"] }).notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    userId: uuid("user_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    outcome: text("outcome"),
  },
  (t) => [uniqueIndex("webhook_events_provider_event_id_key").on(t.provider, t.eventId)],
);

/** Client and server analytics. No foreign key (seed): events may precede an account. */
export const analyticsEvents = pgTable(
  "analytics_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id"),
    eventType: text("event_type").notNull(),
    eventProperties: jsonb("event_properties").$type<Record<string, unknown>>(),
    sessionId: text("session_id"),
    platform: text("platform"),
    createdAt: createdAt(),
  },
  (t) => [index("analytics_events_user_id_idx").on(t.userId), index("analytics_events_type_idx").on(t.eventType, t.createdAt)],
);

export const styleTemplates = pgTable("style_templates", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  previewUrl: text("preview_url"),
  industryFocus: text("industry_focus").array(),
  formalityLevel: text("formality_level"),
  subscriptionRequired: boolean("subscription_required").notNull().default(false),
  sortOrder: integer("sort_order").notNull().default(0),
  isActive: boolean("is_active").notNull().default(true),
  // What rendering needs.
  prompt: text("prompt"),
  negativePrompt: text("negative_prompt"),
  background: text("background"),
  attire: text("attire"),
  /** Replicate model (owner/name) used for this style; per style because licences differ. */
  model: text("model"),
  /** Parameters of the local preview renderer (background gradient, grading, framing). */
  renderParams: jsonb("render_params").$type<StyleRenderParams>(),
  /** Changes whenever the style changes: the styles list's ETag is derived from it. */
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface StyleRenderParams {
  backgroundTop: string;
  backgroundBottom: string;
  /** -1 (cool) .. 1 (warm) */
  warmth: number;
  /** 0.8 .. 1.3 */
  contrast: number;
  /** 0 (monochrome) .. 1.3 */
  saturation: number;
  /** Face width as a fraction of the output width. */
  faceWidth: number;
}

export interface PredictionRecord {
  id: string;
  status: string;
  /** Which requested image this prediction renders (absent on rows from before likeness checks: its index). */
  slot?: number;
  /** 0 for the first render of a slot, 1 for its one re-render. */
  attempt?: number;
  /** Set when its render failed the likeness check: why, and the likeness measured (if a face was found). */
  rejected?: WithheldImage["reason"];
  likeness?: number | null;
}

export interface GenerationOutput {
  key: string;
  thumbnailKey: string;
  width: number;
  height: number;
  /** Cosine similarity of the render's face to the closest reference selfie (null on rows from before the check). */
  likeness?: number | null;
}

export interface WithheldImage {
  slot: number;
  reason: "no_face" | "multiple_faces" | "mismatch";
  /** The better of the two renders' likeness, when a face was found. */
  likeness: number | null;
  attempts: number;
}

export const photoGenerations = pgTable(
  "photo_generations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    photoId: uuid("photo_id").references(() => photos.id, { onDelete: "set null" }),
    /** R2 key of the selfie (the seed's original_photo_url; never a public URL). */
    originalPhotoUrl: text("original_photo_url").notNull(),
    styleId: text("style_id").references(() => styleTemplates.id),
    renderer: text("renderer"),
    requestedCount: integer("requested_count").notNull().default(1),
    /**
     * One Replicate prediction per requested image (its `slot`), with its last known status; a
     * render that failed the likeness check gets one more prediction for the same slot (`attempt` 1).
     */
    predictions: jsonb("predictions").$type<PredictionRecord[]>().notNull().default([]),
    /** Every selfie the user gave for this generation (the rendered one, `photoId`, is the best of them). */
    referencePhotoIds: jsonb("reference_photo_ids").$type<string[]>().notNull().default([]),
    /** One face embedding per reference selfie, for the likeness check; computed once by the render job. */
    referenceEmbeddings: jsonb("reference_embeddings").$type<number[][]>(),
    /** Renders held back by the likeness check (after their one re-render), and why. */
    withheld: jsonb("withheld").$type<WithheldImage[]>().notNull().default([]),
    /** Credits given back when the generation finished (undelivered or withheld images, in whole sets). */
    creditsRefunded: integer("credits_refunded").notNull().default(0),
    reservationId: text("reservation_id"),
    progress: integer("progress"),
    failureReason: text("failure_reason"),
    attempts: integer("attempts").notNull().default(0),
    /** R2 keys of every delivered image and its thumbnail, with its likeness to the selfies. */
    outputs: jsonb("outputs").$type<GenerationOutput[]>(),
    generationStatus: text("generation_status", { enum: generationStatuses }).notNull().default("pending"),
    processingStartedAt: timestamp("processing_started_at", { withTimezone: true }),
    processingCompletedAt: timestamp("processing_completed_at", { withTimezone: true }),
    /** 0-100 from the local measurement of the delivered images (domain/headshot-quality.ts), not a model's confidence. */
    localQualityScore: integer("local_quality_score"),
    /** The local measurement of each delivered image (domain/headshot-quality.ts). */
    qualityMetrics: jsonb("quality_metrics").$type<{ images: HeadshotQuality[] }>(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(in30Days),
  },
  (t) => [
    index("photo_generations_user_id_idx").on(t.userId, t.createdAt),
    index("photo_generations_status_idx").on(t.generationStatus),
    uniqueIndex("photo_generations_reservation_id_key").on(t.reservationId),
  ],
);

/** Expo push tokens of the user's devices (completion notifications). */
export const pushTokens = pgTable(
  "push_tokens",
  {
    token: text("token").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: ["ios", "android", "web"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("push_tokens_user_id_idx").on(t.userId)],
);

/** Single-use tokens sent by email (verification, password reset), stored hashed. */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email", "reset_password"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    /** For an email change: the new address, encrypted like users.email. */
    emailEncrypted: text("email_encrypted"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("auth_tokens_token_hash_key").on(t.tokenHash), index("auth_tokens_user_id_idx").on(t.userId, t.purpose)],
);

/** Audit log of security-relevant events, shown to the user. */
export const securityEvents = pgTable(
  "security_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("security_events_user_id_idx").on(t.userId, t.createdAt)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type CreditLedgerEntry = typeof creditLedger.$inferSelect;
