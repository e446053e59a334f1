import { describe, expect, it } from "vitest";
import { call, json, type ResponseBody } from "./helpers";

describe("operations endpoints", () => {
  it("GET /health/live answers without touching anything", async () => {
    const res = await call("/health/live");
    expect(res.status).toBe(200);
    expect(await json<ResponseBody<"/health/live", "get", 200>>(res)).toEqual({ status: "ok" });
  });

  it("GET /health reports a reachable database at the shipped schema version", async () => {
    const res = await call("/health");
    const body = await json<ResponseBody<"/health", "get", 200>>(res);
    expect(res.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database.reachable).toBe(true);
    expect(body.schema.upToDate).toBe(true);
    expect(body.schema.applied).toBe(body.schema.expected);
  });
});
