// Screen's banners over data already shown: the API unreachable on a reload, and the device
// offline, each with a Try again that reloads; pull to refresh reloads too.
import { act, fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import { ScrollView } from "react-native";
import { SOLO, datingPhoto } from "../../../test/analysisFixture";
import { fakeApi, json, offline, signedInDevice } from "../../../test/fakeApi";
import { testKeychain } from "../../../test/setup";

const photos = () => json(200, { items: [datingPhoto(SOLO)], nextCursor: null });
const pull = async () => {
  const refresh = screen.UNSAFE_getByType(ScrollView).props.refreshControl.props.onRefresh as () => void;
  await act(async () => refresh());
};

afterEach(() => {
  (globalThis as { __offline?: boolean }).__offline = false;
});

describe("banners over loaded data", () => {
  it("says the API can't be reached, keeps the photos, and Try again reloads", async () => {
    const net = fakeApi({ "GET /v1/photos": [photos(), offline, photos()] });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/photos" });
    expect(await screen.findByLabelText("Uploaded photo 1")).toBeTruthy();
    expect(screen.queryByText(/^Can't reach Firstlook/)).toBeNull();
    await pull();
    expect(await screen.findByText("Can't reach Firstlook right now. Showing what was loaded.")).toBeTruthy();
    expect(screen.getByLabelText("Uploaded photo 1")).toBeTruthy();
    await act(async () => fireEvent.press(screen.getByRole("button", { name: "Try again" })));
    await waitFor(() => expect(screen.queryByText(/^Can't reach Firstlook/)).toBeNull());
    expect(net.to("GET /v1/photos")).toHaveLength(3);
  });

  it("offline device: the banner offers Try again, which reloads", async () => {
    (globalThis as { __offline?: boolean }).__offline = true;
    const net = fakeApi({ "GET /v1/photos": photos() });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/photos" });
    expect(await screen.findByText("You're offline. Showing what was loaded; changes need a connection.")).toBeTruthy();
    await screen.findByLabelText("Uploaded photo 1");
    const before = net.to("GET /v1/photos").length;
    await act(async () => fireEvent.press(screen.getByRole("button", { name: "Try again" })));
    expect(net.to("GET /v1/photos").length).toBe(before + 1);
  });
});
