// Reads that more than one screen shows, as TanStack query options (key + request), so every
// screen caches and invalidates them the same way.
import { queryOptions } from "@tanstack/react-query";
import { productLine } from "../config";
import { api, publicApi, unwrap } from "./client";
import { queryKeys } from "./queryKeys";

export const datingPhotosQuery = queryOptions({
  queryKey: queryKeys.photos.list("dating"),
  queryFn: async () => (await unwrap(api.GET("/v1/photos", { params: { query: { purpose: "dating", limit: 50 } } }))).items,
});

export const balanceQuery = queryOptions({
  queryKey: queryKeys.balance.all,
  queryFn: () => unwrap(api.GET("/v1/billing/balance")),
});

export const catalogueQuery = queryOptions({
  queryKey: queryKeys.catalogue(productLine),
  queryFn: () => unwrap(publicApi.GET("/v1/billing/products", { params: { query: { productLine } } })),
});

export const stylesQuery = queryOptions({
  queryKey: queryKeys.styles.all,
  queryFn: () => unwrap(publicApi.GET("/v1/headshots/styles")),
});

/** What a screen needs from its data: a TanStack query result, or several joined into one. */
export interface ScreenQuery<T> {
  status: "pending" | "error" | "success";
  /** "paused": waiting for the network to come back. */
  fetchStatus: "fetching" | "paused" | "idle";
  data: T | undefined;
  error: unknown;
  refetch: () => Promise<unknown>;
}

type DataOf<R> = { [K in keyof R]: R[K] extends { data: infer D } ? NonNullable<D> : never };

/** Several queries as one screen's data (for `useQueries`' `combine`): ready once every one has
 * data, failed when any failed, refetched together. Each keeps its own key, so a mutation that
 * invalidates one (the balance, say) refreshes just that part. */
export function joinQueries<const R extends readonly ScreenQuery<unknown>[], T>(results: R, join: (data: DataOf<R>) => T): ScreenQuery<T> {
  const ready = results.every((r) => r.data !== undefined);
  const failed = results.find((r) => r.status === "error");
  return {
    status: failed ? "error" : ready ? "success" : "pending",
    fetchStatus: results.some((r) => r.fetchStatus === "fetching") ? "fetching" : results.some((r) => r.fetchStatus === "paused") ? "paused" : "idle",
    data: ready ? join(results.map((r) => r.data) as DataOf<R>) : undefined,
    error: failed?.error ?? null,
    refetch: () => Promise.all(results.map((r) => r.refetch())),
  };
}
