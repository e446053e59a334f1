import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { fakeApi, json, problem, profile, tokens } from "../../../test/fakeApi";
import { testKeychain } from "../../../test/setup";
import { onSessionEnded, refreshAccessToken, startSession } from "../session";

describe("refresh tokens rotate: refreshes are serialised", () => {
  it("sends one refresh for many concurrent callers", async () => {
    const net = fakeApi({ "POST /v1/auth/refresh": json(200, tokens({ accessToken: "fresh" })) });
    testKeychain.set("firstlook.refreshToken", "r1");
    const results = await Promise.all([refreshAccessToken(), refreshAccessToken(), refreshAccessToken()]);
    expect(results).toEqual(["fresh", "fresh", "fresh"]);
    expect(net.to("POST /v1/auth/refresh")).toHaveLength(1);
    expect(net.to("POST /v1/auth/refresh")[0]!.body).toEqual({ refreshToken: "r1" });
  });

  it("stores the rotated refresh token for the next refresh", async () => {
    const net = fakeApi({ "POST /v1/auth/refresh": [json(200, tokens({ refreshToken: "r2" })), json(200, tokens({ refreshToken: "r3" }))] });
    testKeychain.set("firstlook.refreshToken", "r1");
    await refreshAccessToken();
    await refreshAccessToken();
    expect(net.to("POST /v1/auth/refresh").map((c) => (c.body as { refreshToken: string }).refreshToken)).toEqual(["r1", "r2"]);
    expect(testKeychain.get("firstlook.refreshToken")).toBe("r3");
  });

  it("ends the session when the server says the refresh token was reused", async () => {
    fakeApi({ "POST /v1/auth/refresh": problem("refresh_token_reused", 401) });
    testKeychain.set("firstlook.refreshToken", "r1");
    const ended = jest.fn();
    const stop = onSessionEnded(ended);
    await expect(refreshAccessToken()).rejects.toMatchObject({ code: "refresh_token_reused" });
    expect(ended).toHaveBeenCalledWith("session_ended");
    expect(testKeychain.has("firstlook.refreshToken")).toBe(false);
    stop();
  });

  it("keeps the refresh token when offline", async () => {
    fakeApi({
      "POST /v1/auth/refresh": () => {
        throw new TypeError("Network request failed");
      },
    });
    testKeychain.set("firstlook.refreshToken", "r1");
    await expect(refreshAccessToken()).rejects.toMatchObject({ isNetwork: true });
    expect(testKeychain.get("firstlook.refreshToken")).toBe("r1");
  });
});

describe("the signed-in client", () => {
  it("sends the access token", async () => {
    const net = fakeApi({ "GET /v1/me": json(200, profile()) });
    await startSession(tokens({ accessToken: "a1" }));
    await unwrap(api.GET("/v1/me"));
    expect(net.to("GET /v1/me")[0]!.headers.get("authorization")).toBe("Bearer a1");
  });

  it("on 401 invalid_token refreshes once and retries the request with its body", async () => {
    const net = fakeApi({
      "PATCH /v1/me": [problem("invalid_token", 401), json(200, profile({ name: "Alex" }))],
      "POST /v1/auth/refresh": json(200, tokens({ accessToken: "a2" })),
    });
    await startSession(tokens({ accessToken: "a1" }));
    const me = await unwrap(api.PATCH("/v1/me", { body: { name: "Alex" } }));
    expect(me.name).toBe("Alex");
    const patches = net.to("PATCH /v1/me");
    expect(patches.map((c) => c.headers.get("authorization"))).toEqual(["Bearer a1", "Bearer a2"]);
    expect(patches[1]!.body).toEqual({ name: "Alex" });
    expect(net.to("POST /v1/auth/refresh")).toHaveLength(1);
  });

  it("many requests failing with invalid_token at once share one refresh", async () => {
    let valid = "a1";
    const net = fakeApi({
      "GET /v1/me": (req) => (req.headers.get("authorization") === `Bearer ${valid}` ? json(200, profile()) : problem("invalid_token", 401)),
      "POST /v1/auth/refresh": () => {
        valid = "a2";
        return json(200, tokens({ accessToken: "a2" }));
      },
    });
    await startSession(tokens({ accessToken: "stale" }));
    await Promise.all([unwrap(api.GET("/v1/me")), unwrap(api.GET("/v1/me")), unwrap(api.GET("/v1/me"))]);
    expect(net.to("POST /v1/auth/refresh")).toHaveLength(1);
  });

  it("does not refresh on other 401s", async () => {
    const net = fakeApi({ "DELETE /v1/me": problem("invalid_credentials", 401) });
    await startSession(tokens());
    await expect(unwrap(api.DELETE("/v1/me", { body: { password: "wrong" } }))).rejects.toBeInstanceOf(ApiError);
    expect(net.to("POST /v1/auth/refresh")).toHaveLength(0);
  });

  it("turns a failed connection into an offline error", async () => {
    fakeApi({
      "GET /v1/me": () => {
        throw new TypeError("Network request failed");
      },
    });
    await startSession(tokens());
    await expect(unwrap(api.GET("/v1/me"))).rejects.toMatchObject({ code: "network_error", isNetwork: true });
  });
});
