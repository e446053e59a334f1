// The app's one TanStack Query cache (made in the root layout): what is retried, and what counts
// as the app regaining focus or the network on a phone.
import { QueryClient, focusManager, onlineManager, type DefaultOptions } from "@tanstack/react-query";
import { addNetworkStateListener } from "expo-network";
import { AppState, Platform } from "react-native";
import { ApiError } from "./errors";

const MAX_RETRIES = 2;

/** A 4xx is the server's answer about this request: asking again gives the same answer. Network
 * failures and 5xx are worth two more tries. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

// The browser reports focus and connectivity itself; a phone reports them through the app state
// (foreground) and expo-network.
if (Platform.OS !== "web") {
  focusManager.setEventListener((setFocused) => {
    const subscription = AppState.addEventListener("change", (state) => setFocused(state === "active"));
    return () => subscription.remove();
  });
  onlineManager.setEventListener((setOnline) => {
    const subscription = addNetworkStateListener((state) => setOnline(state.isConnected !== false && state.isInternetReachable !== false));
    return () => subscription.remove();
  });
}

export function createQueryClient(queries: DefaultOptions["queries"] = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Two screens opened together (or a quick back-and-forth) share one request; mutations
        // invalidate what they change, so a short freshness window never shows stale results.
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
        ...queries,
      },
      // A purchase or an upload is never repeated behind the user's back.
      mutations: { retry: false },
    },
  });
}
