import { act, fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import type { AnalysisRun } from "../../../api/types";
import { fakeApi, installFakeXhr, json, problem, profile, signedInDevice } from "../../../../test/fakeApi";
import { datingPhoto, localScores } from "../../../../test/analysisFixture";
import { testKeychain } from "../../../../test/setup";

// The camera roll and the image resizer are the device: the picker returns one 4000x3000 photo
// (or what a test puts in the library) and the resizer reports what it was asked to do; it
// cannot decode a text file, as on a phone or in a browser.
const mockResize = jest.fn();
let mockCameraGranted = true;
let mockLibraryAsset: Record<string, unknown> = { uri: "file:///library/1.jpg", width: 4000, height: 3000 };
jest.mock("expo-image-picker", () => ({
  CameraType: { front: "front", back: "back" },
  requestCameraPermissionsAsync: async () => ({ granted: mockCameraGranted }),
  launchCameraAsync: async () => ({ canceled: false, assets: [{ uri: "file:///camera/1.jpg", width: 4000, height: 3000 }] }),
  launchImageLibraryAsync: async () => {
    if (mockLibraryAsset.mimeType === "text/plain") throw new Error("Unsupported file type: text/plain. Only images and videos are supported.");
    return { canceled: false, assets: [mockLibraryAsset] };
  },
}));
jest.mock("expo-image-manipulator", () => ({
  SaveFormat: { JPEG: "jpeg" },
  ImageManipulator: {
    manipulate: (uri: string) => {
      const ctx = {
        resize: (size: { width?: number; height?: number }) => {
          mockResize(size);
          return ctx;
        },
        renderAsync: async () => {
          if (uri.endsWith(".txt")) throw new Error("Could not load the image");
          return { saveAsync: async () => ({ uri: uri.replace(".jpg", "-small.jpg"), width: 2048, height: 1536 }) };
        },
      };
      return ctx;
    },
  },
}));

const photo = datingPhoto;

const P1 = "11111111-0000-4000-8000-000000000001";
const P2 = "11111111-0000-4000-8000-000000000002";
const RUN = "22222222-0000-4000-8000-000000000001";

const run: AnalysisRun = {
  id: RUN,
  status: "completed",
  provider: "local",
  platform: null,
  photos: [
    {
      analysisId: RUN,
      photoId: P1,
      overallScore: 81,
      detailedScores: localScores({ lighting: { score: 85, reason: "Even, warm light on the face", source: "local" } }),
      suggestions: [],
      photoType: "close_up",
      photoTypeSource: "local",
      clearSoloFace: true,
      faceCount: 1,
      user: { presence: "solo", faceIndex: 0, position: null, message: null },
      scoreCap: null,
      defects: [],
      objects: null,
      vision: { status: "not_configured", provider: null },
      platformOptimization: {},
    },
    {
      analysisId: RUN,
      photoId: P2,
      overallScore: 42,
      detailedScores: localScores({ technicalQuality: { score: 30, reason: "The face is out of focus", source: "local" } }),
      suggestions: [{ code: "retake_sharper", message: "Retake it with the phone steady", impact: "high", source: "local" }],
      photoType: "group",
      photoTypeSource: "local",
      clearSoloFace: false,
      faceCount: 2,
      user: { presence: "in_group", faceIndex: 1, position: "right", message: "You are on the right (2 people in this photo)." },
      scoreCap: { limit: 55, code: "out_of_focus", reason: "Your face is out of focus, so the photo scores at most 55." },
      defects: ["blurry"],
      objects: [{ label: "dog", category: "pet", score: 0.71 }],
      vision: { status: "not_configured", provider: null },
      platformOptimization: {},
    },
  ],
  recommendation: {
    tinder: { platform: "tinder", order: [P1, P2], lead: P1, drop: [], missing: [{ code: "no_full_body", message: "Add a full-body photo." }] },
    bumble: { platform: "bumble", order: [P1], lead: P1, drop: [{ id: P2, reason: "Group photos confuse: who are you?" }], missing: [] },
    hinge: { platform: "hinge", order: [P1, P2], lead: P1, drop: [], missing: [] },
  },
  createdAt: "2026-11-20T10:00:00.000Z",
  expiresAt: "2026-12-20T10:00:00.000Z",
};

beforeEach(() => {
  installFakeXhr();
  mockResize.mockClear();
  mockLibraryAsset = { uri: "file:///library/1.jpg", width: 4000, height: 3000 };
  mockCameraGranted = true;
});

const NOT_A_PHOTO = "That file isn't a photo we can read: upload a JPEG, PNG or WebP.";

describe("Photos → Photo Analysis", () => {
  it("shows the empty state, then picks, resizes, uploads and analyses a set", async () => {
    const net = fakeApi({
      "GET /v1/photos": [json(200, { items: [], nextCursor: null }), json(200, { items: [photo(P1), photo(P2)], nextCursor: null })],
      "POST /v1/photos": json(201, photo(P2)),
      "POST /v1/dating/analyses": json(201, run),
      [`GET /v1/dating/analyses/${RUN}`]: json(200, run),
    });
    signedInDevice(net, testKeychain);
    const router = renderRouter("./src/app", { initialUrl: "/photos" });
    expect(await screen.findByText("No photos yet")).toBeTruthy();

    fireEvent.press(screen.getByRole("button", { name: "Take a photo" }));
    expect(await screen.findByLabelText("New photo 1, not uploaded yet")).toBeTruthy();
    expect(mockResize).toHaveBeenCalledWith({ width: 2048 });

    // The cost on the button, the balance it spends from next to it.
    expect(screen.getByText("You have 1 credit.")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Analyse 1 photo · 1 credit" }));
    await waitFor(() => expect(router.getPathname()).toBe("/analysis"));
    const upload = net.to("POST /v1/photos")[0]!;
    expect(upload.url.searchParams.get("purpose")).toBe("dating");
    expect(upload.headers.get("content-type")).toBe("image/jpeg");
    expect(net.to("POST /v1/dating/analyses")[0]!.body).toEqual({ photoIds: [P2] });
    expect(net.to("POST /v1/dating/analyses")[0]!.headers.get("idempotency-key")).toBeTruthy();

    expect(await screen.findByLabelText("Photo 1: score 81 out of 100, Close-up")).toBeTruthy();
    expect(screen.getByText("Retake it with the phone steady", { exact: false })).toBeTruthy();
    expect(screen.getByText("Your face is out of focus, so the photo scores at most 55.")).toBeTruthy();
    expect(screen.getByText("A full-body photo: Add a full-body photo.")).toBeTruthy();
    fireEvent.press(screen.getByRole("radio", { name: "Bumble" }));
    expect(await screen.findByText("Group photos confuse: who are you?")).toBeTruthy();
  });

  it("a file that is not a photo: sent at once, the API's own words on its tile, gone with it", async () => {
    const net = fakeApi({
      "GET /v1/photos": json(200, { items: [], nextCursor: null }),
      "POST /v1/photos": problem("unsupported_image_type", 415, "Upload a JPEG, PNG or WebP photo", { detail: NOT_A_PHOTO }),
    });
    signedInDevice(net, testKeychain);
    mockLibraryAsset = { uri: "file:///library/notes.txt", fileName: "notes.txt", width: 0, height: 0 };
    renderRouter("./src/app", { initialUrl: "/photos" });
    fireEvent.press(await screen.findByRole("button", { name: "Choose from library" }));
    expect(await screen.findByText(NOT_A_PHOTO)).toBeTruthy();
    expect(screen.getByLabelText("notes.txt, not a photo we can read")).toBeTruthy();
    expect(net.to("POST /v1/photos")).toHaveLength(1);
    // Not part of the set: nothing to analyse yet.
    expect(screen.getByRole("button", { name: "Analyse 0 photos · 1 credit" }).props.accessibilityState).toMatchObject({ disabled: true });
    fireEvent.press(screen.getByRole("button", { name: "Remove notes.txt" }));
    await waitFor(() => expect(screen.queryByText(NOT_A_PHOTO)).toBeNull());
  });

  it("a file the web picker refuses by its type gets the same words", async () => {
    const net = fakeApi({ "GET /v1/photos": json(200, { items: [], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    mockLibraryAsset = { uri: "blob:notes", fileName: "notes.txt", mimeType: "text/plain", width: 0, height: 0 };
    renderRouter("./src/app", { initialUrl: "/photos" });
    fireEvent.press(await screen.findByRole("button", { name: "Choose from library" }));
    expect(await screen.findByText(NOT_A_PHOTO)).toBeTruthy();
    expect(net.to("POST /v1/photos")).toHaveLength(0);
  });

  it("an error with nothing picked yet still shows (the list is empty then)", async () => {
    const net = fakeApi({ "GET /v1/photos": json(200, { items: [], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    mockCameraGranted = false;
    renderRouter("./src/app", { initialUrl: "/photos" });
    fireEvent.press(await screen.findByRole("button", { name: "Take a photo" }));
    expect(await screen.findByText(/Camera access is off/)).toBeTruthy();
    expect(screen.getByText("No photos yet")).toBeTruthy();
  });

  it("uploads several at once; keeps the ones that made it and says on the other's tile why the API refused it, without analysing", async () => {
    const net = fakeApi({
      // The list is reloaded after the uploads: by then it holds the one that was stored.
      "GET /v1/photos": [json(200, { items: [], nextCursor: null }), json(200, { items: [photo(P1)], nextCursor: null })],
      "POST /v1/photos": [json(201, photo(P1)), problem("corrupt_image", 422)],
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/photos" });
    fireEvent.press(await screen.findByRole("button", { name: "Take a photo" }));
    await screen.findByLabelText("New photo 1, not uploaded yet");
    fireEvent.press(screen.getByRole("button", { name: "Choose from library" }));
    await screen.findByLabelText("New photo 2, not uploaded yet");

    fireEvent.press(screen.getByRole("button", { name: "Analyse 2 photos · 1 credit" }));
    expect(await screen.findByText(/damaged/i)).toBeTruthy();
    expect(net.to("POST /v1/photos")).toHaveLength(2);
    expect(net.to("POST /v1/dating/analyses")).toHaveLength(0);
    // One stored; the refused one keeps its tile and reason, and is left out of the next set.
    expect(screen.getByLabelText("Delete uploaded photo 1")).toBeTruthy();
    expect(screen.getByLabelText("New photo 1, can't be used")).toBeTruthy();
    expect(screen.queryByLabelText("New photo 2, not uploaded yet")).toBeNull();
    await waitFor(() => expect(net.to("GET /v1/photos")).toHaveLength(2));
    expect(screen.getByRole("button", { name: "Analyse 1 photo · 1 credit" })).toBeTruthy();
  });

  it("rearranges the recommended order (arrows, or the screen reader's move actions), warns about the lead, and resets", async () => {
    const net = fakeApi({ [`GET /v1/dating/analyses/${RUN}`]: json(200, run), "GET /v1/photos": json(200, { items: [photo(P1), photo(P2)], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    expect(screen.getByLabelText("Position 1, lead photo, score 81")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Move position 1 earlier" }).props.accessibilityState).toMatchObject({ disabled: true });

    fireEvent.press(screen.getByRole("button", { name: "Move position 2 earlier" }));
    expect(await screen.findByText("Your order")).toBeTruthy();
    expect(screen.getByLabelText("Position 1, score 42")).toBeTruthy();
    expect(screen.getByLabelText("Position 2, lead photo, score 81")).toBeTruthy();
    expect(screen.getByText(/We'd lead with the photo scored 81/)).toBeTruthy();
    // Each platform keeps its own order.
    fireEvent.press(screen.getByRole("radio", { name: "Hinge" }));
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    fireEvent.press(screen.getByRole("radio", { name: "Tinder" }));
    expect(await screen.findByText("Your order")).toBeTruthy();

    // The same move for a screen reader: the "Move later" action on the first position.
    // (Called directly: the testing library skips events on views whose responder declines a
    // touch start, which a drag handle does; screen readers do not go through the responder.)
    const first = screen.getByLabelText("Position 1, score 42");
    act(() => first.props.onAccessibilityAction({ nativeEvent: { actionName: "moveLater" } }));
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Move position 1 later" }));
    fireEvent.press(await screen.findByRole("button", { name: "Back to the recommended order" }));
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    expect(screen.getByLabelText("Position 1, lead photo, score 81")).toBeTruthy();
  });

  it("the analysis screen has an empty state", async () => {
    const net = fakeApi({ "GET /v1/dating/analyses": json(200, { items: [], nextCursor: null }), "GET /v1/photos": json(200, { items: [], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/analysis" });
    expect(await screen.findByText("No analysis yet")).toBeTruthy();
  });

  it("asks for a date of birth first (dating is 18+)", async () => {
    const net = fakeApi({ "PATCH /v1/me": json(200, profile({ dateOfBirth: "1990-01-01" })), "GET /v1/photos": json(200, { items: [], nextCursor: null }) });
    signedInDevice(net, testKeychain, profile({ dateOfBirth: null }));
    renderRouter("./src/app", { initialUrl: "/photos" });
    fireEvent.changeText(await screen.findByLabelText("Date of birth (YYYY-MM-DD)"), "1990-01-01");
    fireEvent.press(screen.getByRole("button", { name: "Save date of birth" }));
    expect(await screen.findByText("No photos yet")).toBeTruthy();
    expect(net.to("PATCH /v1/me")[0]!.body).toEqual({ dateOfBirth: "1990-01-01" });
  });
});
