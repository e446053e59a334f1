// What a stored photo is for: one list, read by the drizzle schema's column enum and by the
// photo routes' zod schemas (so the database, validation and OpenAPI cannot disagree).
export const photoPurposes = ["dating", "selfie"] as const;
export type PhotoPurpose = (typeof photoPurposes)[number];
