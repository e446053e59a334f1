import "../../../../test/headshotsVariant";
import { fireEvent, renderRouter, screen } from "expo-router/testing-library";
import type { Photo } from "../../../api/types";
import { fakeApi, installFakeXhr, json, problem, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";
import { selfieDraft } from "../draft";

// The library holds one file; the resizer cannot decode a .jpg that is really text.
let mockAsset: Record<string, unknown> = { uri: "file:///library/me.jpg", width: 1200, height: 1600 };
jest.mock("expo-image-picker", () => ({
  CameraType: { front: "front", back: "back" },
  requestCameraPermissionsAsync: async () => ({ granted: true }),
  launchCameraAsync: async () => ({ canceled: false, assets: [mockAsset] }),
  launchImageLibraryAsync: async () => ({ canceled: false, assets: [mockAsset] }),
}));
jest.mock("expo-image-manipulator", () => ({
  SaveFormat: { JPEG: "jpeg" },
  ImageManipulator: {
    manipulate: (uri: string) => ({
      resize() {
        return this;
      },
      renderAsync: async () => {
        if (uri.includes("notes")) throw new Error("Could not load the image");
        return { saveAsync: async () => ({ uri: uri.replace(".jpg", "-small.jpg"), width: 1200, height: 1600 }) };
      },
    }),
  },
}));

const NOT_A_PHOTO = "That file isn't a photo we can read: upload a JPEG, PNG or WebP.";
const selfie = (checks: Partial<Photo["checks"]> = {}): Photo => ({
  id: "33333333-0000-4000-8000-000000000001",
  purpose: "selfie",
  width: 1200,
  height: 1600,
  bytes: 300_000,
  url: "https://api.example/v1/files?key=s",
  thumbnailUrl: "https://api.example/v1/files?key=s-thumb",
  moderation: "unmoderated",
  checks: { faceCount: 1, defects: [], selfieProblems: [], selfieAdvice: [], ...checks },
  createdAt: "2026-11-20T10:00:00.000Z",
  expiresAt: "2026-12-20T10:00:00.000Z",
});

beforeEach(() => {
  installFakeXhr();
  selfieDraft.set(null);
  mockAsset = { uri: "file:///library/me.jpg", width: 1200, height: 1600 };
});

const choose = async () => fireEvent.press(await screen.findByRole("button", { name: "Choose a photo" }));
const chooseStyle = () => screen.getByRole("button", { name: "Choose a style" });

describe("Selfie: one verdict, consistent with the button", () => {
  it("blocking problems: says it can't be used and disables Choose a style", async () => {
    const blocked = selfie({ faceCount: 0, selfieProblems: [{ code: "no_face", message: "We couldn't find a face. Use a photo of you, facing the camera." }] });
    signedInDevice(fakeApi({ "POST /v1/photos": json(201, blocked) }), testKeychain);
    renderRouter("./src/app", { initialUrl: "/create" });
    await choose();
    expect(await screen.findByText("This selfie can't be used for headshots: We couldn't find a face. Use a photo of you, facing the camera.")).toBeTruthy();
    expect(chooseStyle().props.accessibilityState).toMatchObject({ disabled: true });
    expect(screen.queryByText(/may give weaker results|may not work well|Please retake/)).toBeNull();
  });

  it("advice only: says it may give weaker results and lets you go on", async () => {
    const flawed = selfie({ defects: ["color_cast"], selfieAdvice: [{ code: "color_cast", message: "the colours are tinted. Daylight gives natural skin tones." }] });
    signedInDevice(fakeApi({ "POST /v1/photos": json(201, flawed) }), testKeychain);
    renderRouter("./src/app", { initialUrl: "/create" });
    await choose();
    expect(await screen.findByText("This selfie may give weaker results: the colours are tinted. Daylight gives natural skin tones.")).toBeTruthy();
    expect(chooseStyle().props.accessibilityState).toMatchObject({ disabled: false });
    expect(screen.queryByText(/can't be used/)).toBeNull();
  });

  it("a file that is not a photo: the API's words under it, and the previous selfie's verdict gone", async () => {
    const net = fakeApi({
      "POST /v1/photos": [json(201, selfie()), problem("unsupported_image_type", 415, "Upload a JPEG, PNG or WebP photo", { detail: NOT_A_PHOTO })],
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/create" });
    await choose();
    expect(await screen.findByText("Looks good: one clear face, ready for headshots.")).toBeTruthy();
    mockAsset = { uri: "file:///library/notes.jpg", fileName: "notes.jpg", width: 0, height: 0 };
    await choose();
    expect(await screen.findByText(NOT_A_PHOTO)).toBeTruthy();
    expect(screen.getByLabelText("notes.jpg, not a photo we can read")).toBeTruthy();
    expect(screen.queryByText("Looks good: one clear face, ready for headshots.")).toBeNull();
    expect(screen.queryByRole("button", { name: "Choose a style" })).toBeNull();
  });
});
