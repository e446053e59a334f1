// Reloads a screen's data when the user comes back to it (another tab, or back from a pushed
// screen). TanStack's own focus refetch covers the app returning to the foreground, not this.
import { useFocusEffect } from "expo-router";
import { useCallback, useRef } from "react";

export function useRefetchOnScreenFocus(refetch: () => Promise<unknown>) {
  const firstFocus = useRef(true);
  useFocusEffect(
    useCallback(() => {
      // The first focus is the mount, which fetched already.
      if (firstFocus.current) firstFocus.current = false;
      else void refetch();
    }, [refetch]),
  );
}
