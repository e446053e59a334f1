// A button's action: running, its error message, and no double submits.
import { useCallback, useRef, useState } from "react";
import { describeError, type MessageOverrides } from "../api/errors";

export function useMutation<A extends unknown[], R>(action: (...args: A) => Promise<R>, messages?: MessageOverrides) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      setRunning(true);
      setError(null);
      try {
        return await action(...args);
      } catch (err) {
        setError(describeError(err, messages));
        return undefined;
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [action],
  );
  return { run, running, error, setError };
}
