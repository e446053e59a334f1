// Photo uploads with progress. fetch() cannot report upload progress, so this one call uses
// XMLHttpRequest, with the same token handling as the typed client (one refresh + retry on 401).
import { refreshAccessToken, validAccessToken } from "../auth/session";
import { apiBaseUrl } from "../config";
import { apiErrorFrom, networkError } from "./errors";
import type { paths } from "./schema";
import type { Photo, PhotoPurpose } from "./types";

/** Typed against the schema: renaming the route on the server breaks the build here. */
const route: keyof paths = "/v1/photos";

export interface UploadOptions {
  fileUri: string;
  purpose: PhotoPurpose;
  contentType?: "image/jpeg" | "image/png" | "image/webp";
  onProgress?: (fraction: number) => void;
}

async function readBody(uri: string): Promise<Blob> {
  const res = await globalThis.fetch(uri);
  return res.blob();
}

function send(url: string, body: Blob, contentType: string, token: string | null, onProgress?: (f: number) => void) {
  return new Promise<{ status: number; text: string; retryAfter: string | null }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", contentType);
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader("retry-after") });
    xhr.onerror = () => reject(networkError());
    xhr.ontimeout = () => reject(networkError());
    xhr.send(body);
  });
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** POST /v1/photos with the image as the raw body; resolves to the stored Photo. */
export async function uploadPhoto({ fileUri, purpose, contentType = "image/jpeg", onProgress }: UploadOptions): Promise<Photo> {
  const body = await readBody(fileUri);
  const url = `${apiBaseUrl}${route}?purpose=${purpose}`;
  let res = await send(url, body, contentType, await validAccessToken().catch(() => null), onProgress);
  if (res.status === 401 && (parse(res.text) as { code?: string } | undefined)?.code === "invalid_token") {
    const fresh = await refreshAccessToken().catch(() => null);
    if (fresh) res = await send(url, body, contentType, fresh, onProgress);
  }
  if (res.status < 200 || res.status >= 300) throw apiErrorFrom(parse(res.text), res.status, res.retryAfter);
  onProgress?.(1);
  return parse(res.text) as Photo;
}
