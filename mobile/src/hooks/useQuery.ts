// Loads data for a screen and keeps the states every screen shows: loading, error (with the
// human message), success, plus pull-to-refresh. Deliberately tiny: no cache between screens.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/errors";

export type QueryState<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "error"; data?: T; error: unknown }
  | { status: "success"; data: T; error?: undefined };

export interface Query<T> {
  state: QueryState<T>;
  refreshing: boolean;
  reload: () => Promise<void>;
  /** Replace the data locally after a mutation the screen already knows the result of. */
  setData: (update: (prev: T) => T) => void;
}

export function useQuery<T>(load: () => Promise<T>, deps: unknown[] = []): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ status: "loading" });
  const [refreshing, setRefreshing] = useState(false);
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const loader = useCallback(load, deps);

  const run = useCallback(
    async (mode: "initial" | "refresh") => {
      const mine = ++generation.current;
      if (mode === "refresh") setRefreshing(true);
      else setState({ status: "loading" });
      try {
        const data = await loader();
        if (mine === generation.current) setState({ status: "success", data });
      } catch (error) {
        if (mine === generation.current) setState((prev) => ({ status: "error", error, data: prev.data }));
      } finally {
        if (mine === generation.current) setRefreshing(false);
      }
    },
    [loader],
  );

  useEffect(() => {
    void run("initial");
    return () => {
      generation.current++;
    };
  }, [run]);

  return {
    state,
    refreshing,
    reload: () => run(state.status === "success" ? "refresh" : "initial"),
    setData: (update) => setState((prev) => (prev.status === "success" ? { status: "success", data: update(prev.data) } : prev)),
  };
}

export const isOfflineError = (error: unknown) => error instanceof ApiError && error.isNetwork;
