import "../../../../test/headshotsVariant";
import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { fakeApi, generation, json, noContent, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const img = (k: string) => ({ url: `https://api.example/v1/files?key=${k}`, thumbnailUrl: `https://api.example/v1/files?key=${k}-t`, width: 1024, height: 1024, likeness: 0.97 });
const g1 = generation({ id: "00000000-0000-4000-8000-0000000000a1", status: "succeeded", images: [img("a"), img("b")], createdAt: "2026-11-22T10:00:00.000Z" });
const g2 = generation({ id: "00000000-0000-4000-8000-0000000000a2", status: "processing", progress: 30 });
const g3 = generation({ id: "00000000-0000-4000-8000-0000000000a3", status: "succeeded", images: [img("c")], createdAt: "2026-11-01T10:00:00.000Z" });

describe("Results Gallery", () => {
  it("shows the empty state with a way to start", async () => {
    const net = fakeApi({ "GET /v1/headshots/generations": json(200, { items: [], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    const router = renderRouter("./src/app", { initialUrl: "/gallery" });
    fireEvent.press(await screen.findByRole("button", { name: "Create headshots" }));
    expect(router.getPathname()).toBe("/create");
  });

  it("pages with the cursor, opens a headshot, and deletes a generation", async () => {
    const net = fakeApi({
      "GET /v1/headshots/generations": (req) => json(200, req.url.searchParams.get("cursor") === "c1" ? { items: [g3], nextCursor: null } : { items: [g1, g2], nextCursor: "c1" }),
      [`DELETE /v1/headshots/generations/${g1.id}`]: noContent(),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/gallery" });
    expect(await screen.findByRole("button", { name: /Open headshot 2 from/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: "See progress" })).toBeTruthy();
    // The status in words, never the API's value.
    expect(screen.getByText("Being created")).toBeTruthy();
    expect(screen.queryByText("processing")).toBeNull();

    fireEvent.press(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByRole("button", { name: /Open headshot 1 from 11\/1\/2026|Open headshot 1 from/ })).toBeTruthy();
    // The pattern above also matches the first page's headshot: wait for the second page itself.
    await waitFor(() => expect(screen.queryByRole("button", { name: "Load more" })).toBeNull());
    expect(net.to("GET /v1/headshots/generations").some((c) => c.url.searchParams.get("cursor") === "c1")).toBe(true);

    fireEvent.press(screen.getAllByRole("button", { name: /^Open headshot/ })[0]!);
    expect(await screen.findByRole("button", { name: "Zoom in" })).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Zoom in" }));
    expect(screen.getByRole("button", { name: "Zoom out" })).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Delete this generation" }));
    await waitFor(() => expect(net.to(`DELETE /v1/headshots/generations/${g1.id}`)).toHaveLength(1));
    expect(await screen.findByText("Deleted.")).toBeTruthy();
  });

  it("says how the images did in the likeness check, and why some were held back", async () => {
    const held = generation({
      id: "00000000-0000-4000-8000-0000000000a4",
      status: "succeeded",
      images: [img("d"), img("e"), img("f")],
      withheld: [{ reason: "mismatch", message: "This image did not look enough like you.", likeness: 0.91 }],
      message: "1 image was held back because it did not look enough like you, even after a second try. You pay only for delivered images, in whole sets.",
    });
    const net = fakeApi({ "GET /v1/headshots/generations": json(200, { items: [held], nextCursor: null }) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/gallery" });
    expect(await screen.findByText("✓ 3 of 4 look like you (checked against your selfie)")).toBeTruthy();
    expect(screen.getByText(/1 image was held back because it did not look enough like you/)).toBeTruthy();
    fireEvent.press(screen.getAllByRole("button", { name: /^Open headshot/ })[0]!);
    expect(await screen.findByText("✓ Passed the likeness check against your selfie")).toBeTruthy();
  });
});
