// Names for the API's shapes, all taken from the generated schema (never written by hand).
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Problem = Schemas["Problem"];
export type ProblemCode = Problem["code"];
export type Profile = Schemas["Profile"];
export type TokenPair = Schemas["TokenPair"];
export type SessionResponse = Schemas["SessionResponse"];
export type Product = Schemas["Product"];
export type Catalogue = Schemas["Catalogue"];
export type Balance = Schemas["Balance"];
export type Checkout = Schemas["Checkout"];
export type HeadshotStyle = Schemas["HeadshotStyle"];
export type HeadshotPricing = Schemas["HeadshotPricing"];
export type HeadshotGeneration = Schemas["HeadshotGeneration"];
export type GenerationStatus = HeadshotGeneration["status"];
export type HeadshotImage = HeadshotGeneration["images"][number];
export type GeneratedBio = Schemas["GeneratedBio"];
export type BioSet = Schemas["BioSet"];
export type DatingDashboard = Schemas["DatingDashboard"];
export type Insights = Schemas["Insights"];
export type VersionInsight = Schemas["VersionInsight"];
export type ProfileVersion = Schemas["ProfileVersion"];
export type ClientEvent = Schemas["ClientEvent"];
export type EventBatch = Schemas["EventBatch"];
export type Photo = Schemas["Photo"];
export type AnalysisRun = Schemas["AnalysisRun"];
export type PhotoAnalysis = Schemas["PhotoAnalysis"];
export type PhotoSetRecommendation = Schemas["PhotoSetRecommendation"];
export type PhotoPurpose = Photo["purpose"];
/** The eight things each photo is scored on, and who measured each score. */
export type ScoreDimension = keyof PhotoAnalysis["detailedScores"];
export type DimensionScore = PhotoAnalysis["detailedScores"][ScoreDimension];
export type ScoreSource = DimensionScore["source"];
export type PhotoType = PhotoAnalysis["photoType"];
export type PhotoDefect = Photo["checks"]["defects"][number];
export type PhotoFix = PhotoAnalysis["suggestions"][number];
export type FixImpact = PhotoFix["impact"];
export type ScoreCapCode = NonNullable<PhotoAnalysis["scoreCap"]>["code"];
export type VisionStatus = PhotoAnalysis["vision"]["status"];
export type MissingCode = PhotoSetRecommendation["missing"][number]["code"];
export type DropCode = NonNullable<PhotoSetRecommendation["drop"][number]["code"]>;
export type FormalityLevel = NonNullable<HeadshotStyle["formalityLevel"]>;

/** The JSON body a route takes. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

type BioRequest = RequestBody<"/v1/dating/bios", "post">;
export type BioStyle = BioRequest["style"];
export type BioTone = NonNullable<BioRequest["facts"]["tone"]>;
export type DatingPlatform = BioRequest["platform"];
export type ProfilePatch = RequestBody<"/v1/me", "patch">;

/** The WebSocket message of GET /v1/headshots/generations/{id}/live. OpenAPI 3.1 cannot describe
 * WebSocket frames, so this reuses the generation's own field types and adds only `seq` and
 * `imageCount` (see durable-objects/generation-room.ts). */
export interface LiveStateMessage {
  type: "state";
  state: Pick<HeadshotGeneration, "id" | "status" | "progress" | "failureReason" | "message"> & { seq: number; imageCount: number };
}
