// The dating app's list screens while their first load is pending: placeholders in the shape of
// the content, no spinner, and gone once the data lands.
import { act, renderRouter, screen } from "expo-router/testing-library";
import { RUN, SOLO, GROUP, DARK, datingPhoto, localRun } from "../../../../test/analysisFixture";
import { fakeApi, json, signedInDevice } from "../../../../test/fakeApi";
import { held } from "../../../../test/held";
import { testKeychain } from "../../../../test/setup";

const photos = () => json(200, { items: [datingPhoto(SOLO), datingPhoto(GROUP), datingPhoto(DARK)], nextCursor: null });

async function pendingThenData(url: string, routes: Record<string, () => Response>, slow: string, landed: () => Promise<unknown>) {
  const gate = held(routes[slow]!);
  const net = fakeApi({ ...Object.fromEntries(Object.entries(routes).map(([k, v]) => [k, k === slow ? gate.answer : () => v()])) });
  signedInDevice(net, testKeychain);
  renderRouter("./src/app", { initialUrl: url });
  expect(await screen.findByTestId("skeleton")).toBeTruthy();
  expect(screen.getByRole("progressbar", { name: /^Loading/ })).toBeTruthy();
  // A placeholder, not a spinner with a "Loading…" caption.
  expect(screen.queryByText(/Loading…$/)).toBeNull();
  await act(async () => gate.release());
  await landed();
  expect(screen.queryByTestId("skeleton")).toBeNull();
}

describe("skeletons on the dating lists", () => {
  it("photos: a grid of placeholders, then the photos", async () => {
    await pendingThenData("/photos", { "GET /v1/photos": photos }, "GET /v1/photos", () => screen.findByLabelText("Uploaded photo 1"));
  });

  it("analysis: a report card of placeholders, then the report", async () => {
    await pendingThenData(
      `/analysis?id=${RUN}`,
      { [`GET /v1/dating/analyses/${RUN}`]: () => json(200, localRun), "GET /v1/photos": photos },
      `GET /v1/dating/analyses/${RUN}`,
      () => screen.findByText("Recommended order"),
    );
  });

  it("bios: placeholder cards under Recent bios, then what was written", async () => {
    await pendingThenData("/bios", { "GET /v1/dating/bios": () => json(200, { items: [], nextCursor: null }) }, "GET /v1/dating/bios", () =>
      screen.findByText(/^No bios yet\. Fill in your interests/),
    );
  });
});
