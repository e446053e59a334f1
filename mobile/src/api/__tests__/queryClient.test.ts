import { ApiError } from "../errors";
import { shouldRetry } from "../queryClient";

const problem = (status: number, code = `http_${status}`) => new ApiError(code, status, "Problem");

describe("shouldRetry", () => {
  it("never asks again after a 4xx: the answer would be the same", () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429]) expect(shouldRetry(0, problem(status))).toBe(false);
  });

  it("tries twice more after a network failure or a 5xx, then gives up", () => {
    for (const error of [problem(0, "network_error"), problem(500), problem(503), new TypeError("Network request failed")]) {
      expect(shouldRetry(0, error)).toBe(true);
      expect(shouldRetry(1, error)).toBe(true);
      expect(shouldRetry(2, error)).toBe(false);
    }
  });
});
