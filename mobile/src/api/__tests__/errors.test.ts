import fs from "node:fs";
import path from "node:path";
import { apiErrorFrom, describeError, problemMessages } from "../errors";

describe("problem codes", () => {
  it("has a message for every code in the API's catalogue (worker/errors.ts)", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../../../worker/errors.ts"), "utf8");
    const catalogue = source.slice(source.indexOf("errorCatalogue = {"), source.indexOf("} as const"));
    const codes = [...catalogue.matchAll(/^\s+([a-z_]+): \{ status:/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((c) => !(c in problemMessages))).toEqual([]);
  });

  it("maps a known code to its human message", () => {
    const err = apiErrorFrom({ code: "insufficient_credits", title: "Not enough credits", status: 402 }, 402);
    expect(err.message).toBe(problemMessages.insufficient_credits);
  });

  it("falls back to the server's title for a code this build does not know", () => {
    const err = apiErrorFrom({ code: "brand_new_code", title: "A brand new problem", status: 409 }, 409);
    expect(err.code).toBe("brand_new_code");
    expect(err.message).toBe("A brand new problem");
  });

  it("lists the fields of a validation error", () => {
    const err = apiErrorFrom({ code: "validation_failed", title: "x", status: 400, errors: [{ path: "email", message: "Invalid email" }] }, 400);
    expect(describeError(err)).toContain("email: Invalid email");
  });

  it("reads Retry-After", () => {
    expect(apiErrorFrom({ code: "rate_limited", title: "x", status: 429 }, 429, "30").retryAfterSeconds).toBe(30);
  });
});
