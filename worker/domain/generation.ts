// Headshot generation states and the only moves allowed between them. Webhooks and queue
// retries arrive late, twice and out of order: a state never moves backwards, and a finished
// generation never changes again.

export const generationStatuses = ["pending", "queued", "processing", "succeeded", "failed", "canceled"] as const;
export type GenerationStatus = (typeof generationStatuses)[number];

const rank: Record<GenerationStatus, number> = { pending: 0, queued: 1, processing: 2, succeeded: 3, failed: 3, canceled: 3 };

export const isFinal = (s: GenerationStatus) => rank[s] === 3;

/** Statuses a generation may be in for a move to `to` to apply (for conditional SQL updates). */
export function priorStatuses(to: GenerationStatus): GenerationStatus[] {
  if (isFinal(to)) return generationStatuses.filter((s) => !isFinal(s));
  return generationStatuses.filter((s) => rank[s] < rank[to] || (s === to && to === "processing"));
}

export function canMove(from: GenerationStatus, to: GenerationStatus): boolean {
  return priorStatuses(to).includes(from);
}

/** What the user sees for a failure: actionable, never a stack trace. */
export const failureMessages = {
  provider_failed: "The image model could not render this photo. Your credit was refunded; try another selfie.",
  provider_timeout: "The image model took too long. Your credit was refunded; please try again.",
  canceled: "You canceled this generation. Your credit was refunded.",
  retries_exhausted: "We could not start the render after several attempts. Your credit was refunded.",
  photo_missing: "The selfie for this generation was deleted before it could be rendered. Your credit was refunded.",
  likeness_withheld:
    "None of the renders looked enough like you, even after a second try each, so we held them back and refunded your credits. A sharp, front-facing selfie in even light helps.",
} as const;

export type FailureReason = keyof typeof failureMessages;
