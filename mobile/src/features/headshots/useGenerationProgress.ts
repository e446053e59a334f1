// Live progress of one generation: a WebSocket to GenerationRoom (`?access_token=`, since
// browsers cannot set headers on WebSockets), falling back to polling when the socket fails.
// Going to the background closes both; coming back fetches the current state and reconnects,
// so a generation that finished meanwhile shows as finished at once.
import { useCallback, useEffect, useRef, useState } from "react";
import { AppState } from "react-native";
import { api, unwrap } from "../../api/client";
import type { GenerationStatus, HeadshotGeneration, LiveStateMessage } from "../../api/types";
import { validAccessToken } from "../../auth/session";
import { apiBaseUrl } from "../../config";

export const POLL_INTERVAL_MS = 3000;

export const isFinal = (s: GenerationStatus) => s === "succeeded" || s === "failed" || s === "canceled";

export type Transport = "connecting" | "live" | "polling" | "idle";

export function useGenerationProgress(id: string) {
  const [generation, setGeneration] = useState<HeadshotGeneration | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [transport, setTransport] = useState<Transport>("connecting");
  const socket = useRef<WebSocket | null>(null);
  const poller = useRef<ReturnType<typeof setInterval> | null>(null);
  const lastSeq = useRef(0);
  const finished = useRef(false);
  const active = useRef(true);

  const stopAll = useCallback(() => {
    if (poller.current) clearInterval(poller.current);
    poller.current = null;
    const ws = socket.current;
    socket.current = null;
    if (ws) {
      ws.onclose = null;
      ws.onerror = null;
      ws.onmessage = null;
      ws.close();
    }
  }, []);

  const fetchOnce = useCallback(async () => {
    try {
      const g = await unwrap(api.GET("/v1/headshots/generations/{id}", { params: { path: { id } } }));
      setGeneration(g);
      setError(null);
      if (isFinal(g.status)) {
        finished.current = true;
        stopAll();
        setTransport("idle");
      }
      return g;
    } catch (err) {
      setError(err);
      return null;
    }
  }, [id, stopAll]);

  const startPolling = useCallback(() => {
    if (poller.current || finished.current || !active.current) return;
    setTransport("polling");
    poller.current = setInterval(() => void fetchOnce(), POLL_INTERVAL_MS);
  }, [fetchOnce]);

  const connect = useCallback(async () => {
    if (finished.current || !active.current || socket.current) return;
    const token = await validAccessToken().catch(() => null);
    if (!token || typeof WebSocket === "undefined") return startPolling();
    setTransport("connecting");
    const url = `${apiBaseUrl.replace(/^http/, "ws")}/v1/headshots/generations/${id}/live?access_token=${encodeURIComponent(token)}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return startPolling();
    }
    socket.current = ws;
    ws.onopen = () => setTransport("live");
    ws.onmessage = (event) => {
      let msg: LiveStateMessage | { type: string };
      try {
        msg = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (msg.type !== "state") return;
      const { state } = msg as LiveStateMessage;
      if (state.seq <= lastSeq.current) return;
      lastSeq.current = state.seq;
      setGeneration((g) => (g ? { ...g, status: state.status, progress: state.progress, failureReason: state.failureReason, message: state.message } : g));
      // The final state carries no image links: fetch the generation once for them.
      if (isFinal(state.status)) void fetchOnce();
    };
    const fallBack = () => {
      socket.current = null;
      if (!finished.current) startPolling();
    };
    ws.onerror = fallBack;
    ws.onclose = fallBack;
  }, [id, fetchOnce, startPolling]);

  useEffect(() => {
    active.current = true;
    finished.current = false;
    lastSeq.current = 0;
    void fetchOnce().then((g) => {
      if (g && !isFinal(g.status)) void connect();
    });
    const sub = AppState.addEventListener("change", (next) => {
      if (next === "active") {
        active.current = true;
        void fetchOnce().then((g) => {
          if (g && !isFinal(g.status)) void connect();
        });
      } else if (next === "background") {
        active.current = false;
        stopAll();
        setTransport("idle");
      }
    });
    return () => {
      active.current = false;
      sub.remove();
      stopAll();
    };
  }, [fetchOnce, connect, stopAll]);

  const cancel = useCallback(async () => {
    const g = await unwrap(api.POST("/v1/headshots/generations/{id}/cancel", { params: { path: { id } } }));
    finished.current = true;
    stopAll();
    setTransport("idle");
    setGeneration(g);
  }, [id, stopAll]);

  return { generation, error, transport, reload: fetchOnce, cancel };
}
