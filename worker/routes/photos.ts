// Photos for both apps: POST /v1/photos (raw image body), GET /v1/photos (cursor pagination),
// GET /v1/photos/{id}, DELETE /v1/photos/{id}. The body's size is capped here while it is read;
// what happens to the bytes (checked, normalised, measured, moderated, stored) is photos/upload.ts.
// The photo and its thumbnail live in R2 under users/<id>/ and are only ever handed out as
// short-lived signed links.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { photoPurposes } from "../domain/photo-purposes";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { ApiError, problemResponses } from "../errors";
import { assertAdult } from "../middleware/age-gate";
import { defectSchema, photoFeaturesSchema } from "../imaging/features";
import { selfieAdvice, selfieProblems, type SelfieFacts } from "../domain/selfie";
import { deletePhotoRow, findOwnedPhoto, listPhotos, type PhotoRow, type ShownPhoto } from "../photos/store";
import { uploadPhoto } from "../photos/upload";
import { fileLinker } from "./file-links";
import { json, pageQuery, pageSchema } from "./schemas";
import { defineRoute } from "./define-route";

export const photoRoutes = new OpenAPIHono<AppEnv>();

/** Upload limit. The apps resize to <= 2048 px before uploading, so real uploads are far smaller. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

const photoSchema = z
  .object({
    id: z.uuid(),
    purpose: z.enum(photoPurposes),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    url: z.url().openapi({ description: "Signed link, valid for 15 minutes" }),
    thumbnailUrl: z.url(),
    moderation: z.enum(["passed", "unmoderated"]).openapi({ description: "`unmoderated`: no moderation provider is configured" }),
    checks: z.object({
      faceCount: z.number().int(),
      defects: z.array(defectSchema),
      selfieProblems: z
        .array(z.object({ code: z.string(), message: z.string() }))
        .openapi({ description: "Why it would not work for headshots (empty = usable): a generation from it is refused" }),
      selfieAdvice: z
        .array(z.object({ code: z.string(), message: z.string() }))
        .openapi({ description: "Lesser flaws of a usable selfie: accepted, but the headshots may come out weaker (empty when there are problems)" }),
    }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .openapi("Photo");

// A list's `checks` is three values Postgres picked out of the measurements (photos/store.ts).
const storedChecksSchema = z.preprocess(
  (v) => (typeof v === "string" ? JSON.parse(v) : v),
  z.object({ count: z.number().int().min(0), widthFraction: z.number().nullable(), defects: z.array(defectSchema) }),
);

function factsOfChecks(value: unknown): SelfieFacts | undefined {
  const parsed = storedChecksSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { count, widthFraction, defects } = parsed.data;
  return { faces: { count, primary: widthFraction === null ? null : { widthFraction } }, defects };
}

function factsOfFeatures(value: unknown): SelfieFacts | undefined {
  const parsed = photoFeaturesSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

async function present(c: Pick<Context<AppEnv>, "env" | "req" | "var">, row: ShownPhoto, facts: SelfieFacts | undefined) {
  const link = fileLinker(c, 900);
  const [url, thumbnailUrl] = await Promise.all([link(row.r2Key), link(row.thumbnailKey ?? row.r2Key)]);
  return {
    id: row.id,
    purpose: row.purpose,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    url,
    thumbnailUrl,
    moderation: row.moderation,
    checks: {
      faceCount: facts?.faces.count ?? 0,
      defects: [...(facts?.defects ?? [])],
      selfieProblems: facts ? selfieProblems(facts) : [],
      selfieAdvice: facts ? selfieAdvice(facts) : [],
    },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Reads the body, refusing more than `max` bytes without buffering them all. */
async function readCapped(req: Request, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new ApiError("payload_too_large", `Photos are limited to ${max / 1024 / 1024} MB.`);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `Photos are limited to ${max / 1024 / 1024} MB.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

const upload = defineRoute({
  method: "post",
  path: "/v1/photos",
  tags: ["Photos"],
  summary: "Upload a photo (the raw JPEG, PNG or WebP bytes as the body, or a `file` field of multipart/form-data)",
  description: "Up to 15 MB. HEIC is refused with 415. The stored copy is upright, at most 2048 px, without metadata (EXIF/GPS removed).",
  auth: "user",
  request: {
    query: z.object({ purpose: z.enum(photoPurposes).default("dating") }),
    body: {
      required: true,
      content: {
        "image/jpeg": { schema: z.string().openapi({ format: "binary" }) },
        "image/png": { schema: z.string().openapi({ format: "binary" }) },
        "image/webp": { schema: z.string().openapi({ format: "binary" }) },
        // A plain schema, not zod: a zod one would have the framework parse every upload as a form.
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: { file: { type: "string", format: "binary", description: "The photo (what a web form or `curl -F file=@photo.jpg` sends)" } },
          },
        },
      },
    },
  },
  responses: {
    201: json(photoSchema, "Stored and measured"),
    ...problemResponses(
      "unauthenticated",
      "invalid_token",
      "payload_too_large",
      "empty_file",
      "unsupported_image_type",
      "image_dimensions_too_large",
      "corrupt_image",
      "image_rejected",
      "validation_failed",
      "age_verification_required",
      "under_age",
    ),
  },
});

/** The photo's bytes: the body itself, or the `file` field of a multipart form (web forms, curl -F). */
async function uploadedBytes(req: Request): Promise<Uint8Array> {
  const raw = await readCapped(req, MAX_UPLOAD_BYTES);
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return raw;
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { "content-type": type } }).formData();
  } catch {
    throw new ApiError("validation_failed", "The multipart body could not be read: send the photo as a `file` field, or the raw bytes as the body.");
  }
  const file: unknown = form.get("file");
  if (typeof file === "string" || !(file instanceof Blob)) {
    throw new ApiError("validation_failed", "Send the photo as a `file` field of the form, or the raw bytes as the body.", {
      errors: [{ path: "file", message: "required: the photo file" }],
    });
  }
  return new Uint8Array(await file.arrayBuffer());
}

photoRoutes.openapi(upload, async (c) => {
  const { purpose } = c.req.valid("query");
  const { userId } = c.var.auth;
  // The dating product is 18+: nothing of a minor's is read, measured or stored for it.
  if (purpose === "dating") await assertAdult(c.env, userId);
  const { row, features } = await uploadPhoto(c.var.services, { userId, purpose, bytes: await uploadedBytes(c.req.raw) });
  return c.json(await present(c, row, features), 201);
});

const list = defineRoute({
  method: "get",
  path: "/v1/photos",
  tags: ["Photos"],
  summary: "Your photos, newest first (cursor pagination)",
  auth: "user",
  request: { query: pageQuery({ default: 20, max: 50 }).extend({ purpose: z.enum(photoPurposes).optional() }) },
  responses: {
    200: json(pageSchema(photoSchema, "PhotoPage"), "A page of photos"),
    ...problemResponses("unauthenticated", "invalid_token", "validation_failed", "invalid_cursor"),
  },
});

photoRoutes.openapi(list, async (c) => {
  const { purpose, limit, cursor } = c.req.valid("query");
  // One statement: the HTTP path (one round trip, no connection setup).
  const page = await listPhotos(c.var.services.read(), c.var.auth.userId, { purpose, limit, cursor });
  return c.json({ items: await Promise.all(page.items.map((r) => present(c, r, factsOfChecks(r.checks)))), nextCursor: page.next }, 200);
});

async function owned(c: { var: AppEnv["Variables"] }, id: string): Promise<PhotoRow> {
  const row = await findOwnedPhoto(c.var.services.db(), c.var.auth.userId, id);
  if (!row) throw new ApiError("not_found", "No such photo.");
  return row;
}

const get = defineRoute({
  method: "get",
  path: "/v1/photos/{id}",
  tags: ["Photos"],
  summary: "One photo, with fresh signed links",
  auth: "user",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(photoSchema, "The photo"), ...problemResponses("unauthenticated", "invalid_token", "not_found") },
});

photoRoutes.openapi(get, async (c) => {
  const row = await owned(c, c.req.valid("param").id);
  return c.json(await present(c, row, factsOfFeatures(row.features)), 200);
});

const remove = defineRoute({
  method: "delete",
  path: "/v1/photos/{id}",
  tags: ["Photos"],
  summary: "Delete a photo (and its analyses)",
  auth: "user",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: "Deleted" }, ...problemResponses("unauthenticated", "invalid_token", "not_found") },
});

photoRoutes.openapi(remove, async (c) => {
  const row = await owned(c, c.req.valid("param").id);
  await c.env.PHOTOS.delete([row.r2Key, ...(row.thumbnailKey ? [row.thumbnailKey] : [])]);
  await deletePhotoRow(c.var.services.db(), row.id);
  return c.body(null, 204);
});
