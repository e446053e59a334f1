// Image moderation through the real `openai` SDK against the OpenAI stand-in, which flags an
// image for every `standin-moderation:<category>` marker in its bytes (test/stand-ins/openai.ts).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { loadConfig, type Env } from "../worker/env";
import { BLOCKED_CATEGORIES, imageModerator } from "../worker/providers/moderation";
import { fixture } from "./fixtures/photos/fixtures";

const config = (overrides: Record<string, string | undefined> = {}) => loadConfig({ ...(env as unknown as Record<string, string>), ...overrides } as unknown as Env);

/** A real JPEG with `text` appended after its end (decoders ignore trailing bytes). */
function jpegWith(text: string): Uint8Array {
  const jpeg = fixture("coffee.jpg");
  const marker = new TextEncoder().encode(text);
  const out = new Uint8Array(jpeg.length + marker.length);
  out.set(jpeg);
  out.set(marker, jpeg.length);
  return out;
}

/** A JPEG the stand-in flags for each category. */
const markedJpeg = (...categories: string[]) => jpegWith(categories.map((c) => `standin-moderation:${c}`).join(" "));

interface ModerationRequest {
  model: string;
  input: { type: string; image_url: { url: string } }[];
}
const received = async (): Promise<ModerationRequest[]> => (await fetch(`${env.OPENAI_BASE_URL!.replace(/\/v1$/, "")}/__moderations`)).json();

describe("image moderation (OpenAI omni-moderation)", () => {
  const moderator = imageModerator(config());

  it("passes a clean photo, sent inline as a data URL to omni-moderation-latest", async () => {
    const bytes = fixture("coffee.jpg");
    const result = await moderator.moderateImage(bytes, "image/jpeg");
    expect(result).toEqual({ status: "passed", categories: [], provider: "openai:omni-moderation-latest" });
    const last = (await received()).at(-1)!;
    expect(last.model).toBe("omni-moderation-latest");
    expect(last.input).toHaveLength(1);
    expect(last.input[0]!.type).toBe("image_url");
    expect(last.input[0]!.image_url.url.startsWith("data:image/jpeg;base64,")).toBe(true);
    expect(atob(last.input[0]!.image_url.url.split(",")[1]!).length).toBe(bytes.length);
  });

  it.each([["sexual"], ["sexual/minors"], ["violence"], ["violence/graphic"], ["self-harm"], ["self-harm/intent"]])("rejects a photo flagged %s", async (category) => {
    const result = await moderator.moderateImage(markedJpeg(category), "image/jpeg");
    expect(result.status).toBe("rejected");
    expect(result.categories).toEqual([category]);
  });

  it("lists every blocked category flagged, and ignores flags that do not apply to a photo", async () => {
    const result = await moderator.moderateImage(markedJpeg("harassment", "violence/graphic", "violence", "sexual"), "image/jpeg");
    expect(result.status).toBe("rejected");
    expect(result.categories.sort()).toEqual(["sexual", "violence", "violence/graphic"]);
    expect(await moderator.moderateImage(markedJpeg("harassment", "hate"), "image/jpeg")).toMatchObject({ status: "passed", categories: [] });
    expect(BLOCKED_CATEGORIES).not.toContain("harassment");
  });

  it("sends the content type it is given", async () => {
    await moderator.moderateImage(fixture("astronaut-small.png"), "image/png");
    expect((await received()).at(-1)!.input[0]!.image_url.url.startsWith("data:image/png;base64,")).toBe(true);
  });

  it("reports unmoderated, and why, without a key or when the endpoint is down", async () => {
    expect(await imageModerator(config({ OPENAI_API_KEY: undefined })).moderateImage(fixture("coffee.jpg"), "image/jpeg")).toEqual({
      status: "unmoderated",
      categories: [],
      provider: "none",
      reason: "not_configured",
    });
    const before = (await received()).length;
    expect(await moderator.moderateImage(jpegWith("standin-moderation-outage"), "image/jpeg")).toMatchObject({
      status: "unmoderated",
      categories: [],
      reason: "provider_unavailable",
    });
    // The SDK retried once before giving up.
    expect((await received()).length - before).toBe(2);
  });

  it("reports a refused request (bad image) as a provider error, not a pass", async () => {
    const result = await moderator.moderateImage(fixture("coffee.jpg"), "image/tiff");
    expect(result).toMatchObject({ status: "unmoderated", reason: "provider_error" });
  });
});
