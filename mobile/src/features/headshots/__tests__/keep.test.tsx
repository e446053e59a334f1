// Keeping a headshot from the result screen: Save puts the downloaded file in the photo library,
// Share hands it to the system share sheet. The library, the share sheet and the file system are
// the phone's: stand-ins that record what they were asked to do.
import "../../../../test/headshotsVariant";
import { act, fireEvent, renderRouter, screen } from "expo-router/testing-library";
import { fakeApi, generation, json, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const mockDownloads: { url: string; name: string }[] = [];
const mockShared: { uri: string; options: unknown }[] = [];
const mockSaved: string[] = [];
let mockLibraryGranted = true;
jest.mock("expo-file-system", () => {
  class FakeFile {
    exists = false;
    name: string;
    constructor(_dir: string, name: string) {
      this.name = name;
    }
    get uri() {
      return `file:///cache/${this.name}`;
    }
    delete() {}
    static async downloadFileAsync(url: string, target: { name: string; uri: string }) {
      mockDownloads.push({ url, name: target.name });
      return { uri: target.uri };
    }
  }
  return { File: FakeFile, Paths: { cache: "cache" } };
});
jest.mock("expo-sharing", () => ({ shareAsync: async (uri: string, options: unknown) => void mockShared.push({ uri, options }) }));
jest.mock("expo-media-library/legacy", () => ({
  requestPermissionsAsync: async () => ({ granted: mockLibraryGranted }),
  saveToLibraryAsync: async (uri: string) => void mockSaved.push(uri),
}));

const done = generation({
  status: "succeeded",
  progress: 100,
  images: [
    { url: "https://api.example/v1/files?key=a", thumbnailUrl: "https://api.example/v1/files?key=a-thumb", width: 1024, height: 1024, likeness: 0.97 },
    { url: "https://api.example/v1/files?key=b", thumbnailUrl: "https://api.example/v1/files?key=b-thumb", width: 1024, height: 1024, likeness: 0.96 },
  ],
});

beforeEach(() => {
  mockDownloads.length = 0;
  mockShared.length = 0;
  mockSaved.length = 0;
  mockLibraryGranted = true;
  signedInDevice(fakeApi({ [`GET /v1/headshots/generations/${done.id}`]: json(200, done) }), testKeychain);
});

describe("keeping a headshot from the result screen", () => {
  it("saves the full-size headshot being compared to the photo library", async () => {
    renderRouter("./src/app", { initialUrl: `/generation/${done.id}` });
    fireEvent.press(await screen.findByRole("button", { name: "Compare headshot 2 with your selfie" }));
    await act(async () => fireEvent.press(screen.getByRole("button", { name: "Save headshot 2" })));
    expect(await screen.findByText("Saved to your photos.")).toBeTruthy();
    expect(mockDownloads).toEqual([{ url: "https://api.example/v1/files?key=b", name: `headshot-${done.id.slice(0, 8)}-2.jpg` }]);
    expect(mockSaved).toEqual([`file:///cache/headshot-${done.id.slice(0, 8)}-2.jpg`]);
  });

  it("shares it through the share sheet, and says what to do when the library is off", async () => {
    renderRouter("./src/app", { initialUrl: `/generation/${done.id}` });
    const share = await screen.findByRole("button", { name: "Share headshot 1" });
    await act(async () => fireEvent.press(share));
    expect(await screen.findByText("Shared.")).toBeTruthy();
    expect(mockShared).toEqual([{ uri: `file:///cache/headshot-${done.id.slice(0, 8)}-1.jpg`, options: { mimeType: "image/jpeg" } }]);
    mockLibraryGranted = false;
    await act(async () => fireEvent.press(screen.getByRole("button", { name: "Save headshot 1" })));
    expect(await screen.findByText("Photo library access is off. Turn it on in Settings to save headshots.")).toBeTruthy();
    expect(mockSaved).toEqual([]);
  });
});
