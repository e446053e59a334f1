// Storing an uploaded photo, the steps POST /v1/photos takes between the bytes and the row:
// checked before anything is decoded (type sniffed from the bytes, header dimensions), then
// normalised (upright, <= 2048 px, re-encoded, no metadata), measured by the local imaging core
// (a dating photo's faces embedded too, for the set's identity),
// moderated, put in R2 under users/<id>/ with its thumbnail, and only then recorded in Postgres.
// Nothing is stored for a photo that fails a step, and no object outlives a failed insert.
import type { ServiceContext } from "../context";
import { ApiError } from "../errors";
import { embedPhotoFaces } from "../dating/set-faces";
import { analyzePhotoWithImage } from "../imaging/analyze";
import { visionOf } from "../imaging/vision";
import { sceneDetection } from "../imaging/objects";
import { readDimensions, sniffImage } from "../imaging/decode";
import { ImagingError } from "../imaging/errors";
import type { PhotoFeatures } from "../imaging/features";
import { imageModerator } from "../providers/moderation";
import { recordEvent } from "../analytics/events";
import { toHex } from "../security/encoding";
import { normalizePhoto } from "./normalize";
import { insertPhoto, type PhotoPurpose, type PhotoRow } from "./store";

/** What the apps show next to a file that is not a photo (the sniffed type is no help to a user). */
export const UNREADABLE_FILE = "That file isn't a photo we can read: upload a JPEG, PNG or WebP.";

/** The imaging core's typed failures, as API problems the apps can explain. */
function imagingProblem(err: ImagingError): ApiError {
  switch (err.code) {
    case "empty_file":
      return new ApiError("empty_file");
    case "unsupported_type":
      return new ApiError(
        "unsupported_image_type",
        err.detectedType === "heic" ? "HEIC photos are not supported yet: choose JPEG when sharing, or set the iPhone camera to 'Most Compatible'." : UNREADABLE_FILE,
      );
    case "image_too_large":
      return new ApiError("payload_too_large", err.message);
    case "dimensions_too_large":
      return new ApiError("image_dimensions_too_large", `${err.message} Resize it to at most 4096 px on the long side.`);
    case "corrupt_image":
      return new ApiError("corrupt_image", "The file is damaged or was cut off during upload; please try again.");
  }
}

export interface Upload {
  userId: string;
  purpose: PhotoPurpose;
  /** The uploaded file as received (its hash is the row's sha256). */
  bytes: Uint8Array;
}

/** Stores one upload; returns the row and the measurements the response shows. */
export async function uploadPhoto(s: ServiceContext, upload: Upload): Promise<{ row: PhotoRow; features: PhotoFeatures }> {
  const { userId, purpose, bytes: raw } = upload;
  let normalized: Awaited<ReturnType<typeof normalizePhoto>>;
  let features: PhotoFeatures;
  try {
    // Cheap checks first: magic bytes and header dimensions, before any pixel is decoded.
    const sniffed = sniffImage(raw);
    if (sniffed.type === "empty") throw new ImagingError("empty_file", "empty", "empty");
    readDimensions(raw);
    normalized = await normalizePhoto(raw, s.env.IMAGES);
    const analysed = await analyzePhotoWithImage(normalized.jpeg, sceneDetection(s.env, s.log));
    features = analysed.features;
    // A dating photo's faces are embedded now, while the photo is decoded: every analysis of the
    // set then compares stored vectors (dating/set-faces.ts). Not reaching the vision Worker costs
    // nothing but that saving: the analysis embeds the photo itself.
    if (purpose === "dating" && features.faces.count > 0) {
      try {
        features = { ...features, faceEmbeddings: await embedPhotoFaces(visionOf(s.env), analysed.work, features) };
      } catch (err) {
        s.log.warn("face embeddings at upload failed; the analysis will embed this photo", { message: err instanceof Error ? err.message : String(err) });
      }
    }
  } catch (err) {
    if (err instanceof ImagingError) throw imagingProblem(err);
    throw err;
  }
  // Moderated before anything is stored. A rejection is counted, the image is not kept.
  const moderation = await imageModerator(s.config, s.log).moderateImage(normalized.jpeg, "image/jpeg");
  if (moderation.status === "rejected") {
    await recordEvent(s.db(), { userId, type: "photo_rejected", properties: { categories: moderation.categories, provider: moderation.provider, purpose } });
    throw new ApiError("image_rejected", "This photo can't be used: it appears to contain content our rules do not allow. Choose another photo.");
  }
  const id = crypto.randomUUID();
  const key = `users/${userId}/photos/${id}.jpg`;
  const thumbnailKey = `users/${userId}/photos/${id}.thumb.jpg`;
  await Promise.all([
    s.env.PHOTOS.put(key, normalized.jpeg, { httpMetadata: { contentType: "image/jpeg" } }),
    s.env.PHOTOS.put(thumbnailKey, normalized.thumbnail, { httpMetadata: { contentType: "image/jpeg" } }),
  ]);
  try {
    const row = await insertPhoto(s.db(), {
      id,
      userId,
      purpose,
      r2Key: key,
      thumbnailKey,
      contentType: "image/jpeg",
      width: normalized.width,
      height: normalized.height,
      bytes: normalized.jpeg.byteLength,
      sha256: toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", raw))),
      moderation: moderation.status === "passed" ? "passed" : "unmoderated",
      features,
    });
    return { row, features };
  } catch (err) {
    // No row, no objects: never leave an orphan in the bucket.
    await s.env.PHOTOS.delete([key, thumbnailKey]);
    throw err;
  }
}
