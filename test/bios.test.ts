import { describe, expect, it } from "vitest";
import { call, json, registerUser } from "./helpers";

describe("smoke", () => {
  it("generates through the stand-in", async () => {
    const user = await registerUser();
    const res = await call("/v1/dating/bios", {
      token: user.accessToken,
      body: { platform: "tinder", style: "witty", variants: 2, facts: { interests: ["bouldering", "jazz"], specifics: ["I have run 3 marathons"] } },
    });
    const body = await json(res);
    console.warn(JSON.stringify(body, null, 2));
    expect(res.status).toBe(201);
  });
});
