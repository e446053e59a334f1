import "../../../../test/headshotsVariant";
import { act, fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { Dimensions } from "react-native";
import { fakeApi, generation, json, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

/** The WebSocket is part of the network boundary: a fake the test drives. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  send() {}
}

const realWebSocket = globalThis.WebSocket;
beforeEach(() => {
  FakeSocket.all = [];
  globalThis.WebSocket = FakeSocket as unknown as typeof WebSocket;
});
afterEach(() => {
  globalThis.WebSocket = realWebSocket;
});

const id = generation().id;
const state = (seq: number, status: string, progress: number | null) => ({
  data: JSON.stringify({ type: "state", state: { id, status, progress, imageCount: 0, failureReason: null, message: null, seq, renderer: "local-preview", updatedAt: "x" } }),
});
const done = generation({
  status: "succeeded",
  progress: 100,
  images: [{ url: "https://api.example/v1/files?key=a", thumbnailUrl: "https://api.example/v1/files?key=a-thumb", width: 1024, height: 1024, likeness: 0.97 }],
});

describe("Generation Progress", () => {
  it("follows live progress over the WebSocket and shows the headshots when done", async () => {
    const net = fakeApi({ [`GET /v1/headshots/generations/${id}`]: [json(200, generation()), json(200, done)] });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: `/generation/${id}` });
    expect(await screen.findByText("In the queue. We'll start in a moment.")).toBeTruthy();
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const ws = FakeSocket.all[0]!;
    expect(ws.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:8787/v1/headshots/generations/${id}/live\\?access_token=access-\\d+$`));
    act(() => ws.onopen?.());
    act(() => ws.onmessage?.(state(2, "processing", 40)));
    expect(await screen.findByText("Creating your headshots…")).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Headshot generation progress" })).toHaveAccessibilityValue({ now: 40 });
    // An older message arriving late is ignored.
    act(() => ws.onmessage?.(state(1, "queued", null)));
    expect(screen.getByText("Creating your headshots…")).toBeTruthy();
    act(() => ws.onmessage?.(state(3, "succeeded", 100)));
    expect(await screen.findByLabelText("Headshot 1 of 1")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Open gallery" })).toBeTruthy();
  });

  it("falls back to polling when the WebSocket fails", async () => {
    {
      const net = fakeApi({ [`GET /v1/headshots/generations/${id}`]: [json(200, generation()), json(200, generation({ status: "processing", progress: 70 })), json(200, done)] });
      signedInDevice(net, testKeychain);
      renderRouter("./src/app", { initialUrl: `/generation/${id}` });
      expect(await screen.findByText("In the queue. We'll start in a moment.")).toBeTruthy();
      await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
      act(() => FakeSocket.all[0]!.onerror?.());
      expect(await screen.findByText(/Checking for updates every few seconds/)).toBeTruthy();
      // Real time: one poll every POLL_INTERVAL_MS (3 s).
      expect(await screen.findByText("Creating your headshots…", {}, { timeout: 8000 })).toBeTruthy();
      expect(await screen.findByText("Your headshots are ready", {}, { timeout: 8000 })).toBeTruthy();
      expect(net.to(`GET /v1/headshots/generations/${id}`)).toHaveLength(3);
    }
  });

  it("cancels a running generation", async () => {
    const net = fakeApi({
      [`GET /v1/headshots/generations/${id}`]: json(200, generation({ status: "processing", progress: 10 })),
      [`POST /v1/headshots/generations/${id}/cancel`]: json(200, generation({ status: "canceled", message: "You canceled this generation. Your credit was refunded." })),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: `/generation/${id}` });
    fireEvent.press(await screen.findByRole("button", { name: "Cancel and refund" }));
    expect(await screen.findByText("You canceled this generation. Your credit was refunded.")).toBeTruthy();
    expect(FakeSocket.all.every((s) => s.closed)).toBe(true);
  });

  describe("before and after", () => {
    const selfieUrl = "https://api.example/v1/files?key=users%2Fu%2Fselfie.jpg&expires=1795000000&sig=abc";
    const two = generation({
      status: "succeeded",
      progress: 100,
      selfie: { url: selfieUrl, expiresAt: "2026-11-20T10:15:00.000Z" },
      images: [
        { url: "https://api.example/v1/files?key=a", thumbnailUrl: "https://api.example/v1/files?key=a-thumb", width: 1024, height: 1024, likeness: 0.97 },
        { url: "https://api.example/v1/files?key=b", thumbnailUrl: "https://api.example/v1/files?key=b-thumb", width: 1024, height: 1024, likeness: 0.96 },
      ],
    });
    const window = Dimensions.get("window");
    const screenSize = Dimensions.get("screen");
    const resize = (width: number) => act(() => Dimensions.set({ window: { ...window, width }, screen: { ...screenSize, width } }));
    afterEach(() => resize(window.width));

    it("shows the selfie and a headshot side by side on a wide screen, and compares the one tapped", async () => {
      resize(1024);
      signedInDevice(fakeApi({ [`GET /v1/headshots/generations/${id}`]: json(200, two) }), testKeychain);
      renderRouter("./src/app", { initialUrl: `/generation/${id}` });
      const before = await screen.findByLabelText("Before: your selfie");
      expect(before.props.source).toEqual({ uri: selfieUrl });
      expect(screen.getByLabelText("After: headshot 1 of 2").props.source).toEqual({ uri: "https://api.example/v1/files?key=a" });
      // No switch needed: both are on screen.
      expect(screen.queryByRole("radio", { name: "Before" })).toBeNull();
      fireEvent.press(screen.getByRole("button", { name: "Compare headshot 2 with your selfie" }));
      expect(screen.getByLabelText("After: headshot 2 of 2").props.source).toEqual({ uri: "https://api.example/v1/files?key=b" });
      expect(screen.getByLabelText("Before: your selfie")).toBeTruthy();
      expect(screen.getByRole("button", { name: "Save headshot 2" })).toBeTruthy();
      expect(screen.getByRole("button", { name: "Share headshot 2" })).toBeTruthy();
    });

    it("switches between before and after on a phone", async () => {
      resize(390);
      signedInDevice(fakeApi({ [`GET /v1/headshots/generations/${id}`]: json(200, two) }), testKeychain);
      renderRouter("./src/app", { initialUrl: `/generation/${id}` });
      expect(await screen.findByLabelText("After: headshot 1 of 2")).toBeTruthy();
      expect(screen.queryByLabelText("Before: your selfie")).toBeNull();
      fireEvent.press(screen.getByRole("radio", { name: "Before" }));
      expect(screen.getByLabelText("Before: your selfie").props.source).toEqual({ uri: selfieUrl });
      expect(screen.queryByLabelText("After: headshot 1 of 2")).toBeNull();
    });

    it("says so when the selfie is gone, and still shows the headshot", async () => {
      signedInDevice(fakeApi({ [`GET /v1/headshots/generations/${id}`]: json(200, { ...two, selfie: null }) }), testKeychain);
      renderRouter("./src/app", { initialUrl: `/generation/${id}` });
      expect(await screen.findByLabelText("After: headshot 1 of 2")).toBeTruthy();
      expect(screen.getByText("Your selfie is no longer stored, so there is nothing to compare with.")).toBeTruthy();
      expect(screen.queryByLabelText("Before: your selfie")).toBeNull();
    });
  });
});
