// Features whose API routes are still being built. Each flag is typed against the generated
// schema: when `npm run openapi:export` brings the route in, `Has<...>` becomes `true`, the
// `false` below stops compiling, and whoever regenerated knows exactly what to switch on.
import type { paths } from "./schema";

type Has<P extends string> = P extends keyof paths ? true : false;

/** POST /v1/photos: uploading dating photos and selfies. */
export const photoUploadAvailable: Has<"/v1/photos"> = false;

/** POST/GET /v1/dating/analyses: per-photo scores, fixes and the recommended order. */
export const photoAnalysisAvailable: Has<"/v1/dating/analyses"> = false;
