// The web demo names its API at run time (the static server injects __FIRSTLOOK_API_URL__ into
// index.html, see scripts/lib/web-demo.ts); builds without it keep the baked-in URL.
import { runtimeApiUrl } from "../src/config";

describe("runtimeApiUrl", () => {
  it("reads the URL the page injected", () => {
    expect(runtimeApiUrl({ __FIRSTLOOK_API_URL__: "http://127.0.0.1:43123" })).toBe("http://127.0.0.1:43123");
  });

  it("ignores a missing or malformed value", () => {
    expect(runtimeApiUrl({})).toBeUndefined();
    expect(runtimeApiUrl({ __FIRSTLOOK_API_URL__: 42 })).toBeUndefined();
    expect(runtimeApiUrl({ __FIRSTLOOK_API_URL__: "javascript:alert(1)" })).toBeUndefined();
  });
});
