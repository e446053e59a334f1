// The analysis report card, rendered through the real router from the local provider's answer:
// words only on screen, the eight scores, fixes, score rings, marks on the thumbnails, the summary.
import { fireEvent, renderRouter, screen, within } from "expo-router/testing-library";
import { DARK, GROUP, RUN, SOLO, datingPhoto, localRun } from "../../../../test/analysisFixture";
import { fakeApi, json, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const photo = (id: string) => datingPhoto(id);

/** Every string the user can read or hear: text nodes and accessibility labels. */
function shownStrings(node: unknown, out: string[] = []): string[] {
  if (node === null || node === undefined) return out;
  if (typeof node === "string") out.push(node);
  else if (Array.isArray(node)) for (const n of node) shownStrings(n, out);
  else if (typeof node === "object") {
    const el = node as { props?: Record<string, unknown>; children?: unknown };
    if (typeof el.props?.accessibilityLabel === "string") out.push(el.props.accessibilityLabel);
    if (typeof el.props?.["aria-label"] === "string") out.push(el.props["aria-label"] as string);
    shownStrings(el.children, out);
  }
  return out;
}

describe("the analysis report", () => {
  beforeEach(() => {
    const net = fakeApi({
      [`GET /v1/dating/analyses/${RUN}`]: json(200, localRun),
      "GET /v1/photos": json(200, { items: [photo(SOLO), photo(GROUP), photo(DARK)], nextCursor: null }),
    });
    signedInDevice(net, testKeychain);
  });

  it("shows no code, enum or camelCase key anywhere", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    // The set summary is on screen and part of what is checked.
    expect(screen.getByTestId("set-summary")).toBeTruthy();
    const strings = shownStrings(screen.toJSON());
    expect(strings).toContain("3 photos · 1 lead · 1 to drop on Tinder · orders for Tinder, Bumble and Hinge");
    expect(strings.length).toBeGreaterThan(40);
    const leaks = strings.filter((s) => /\b[a-z]+[A-Z][a-zA-Z]*\b/.test(s) || /\b[a-z]+_[a-z_]+\b/.test(s));
    expect(leaks).toEqual([]);
  });

  it("names all eight scores, says why the AI's are missing, lists the biggest fixes first, and marks the photos", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    expect(screen.getAllByText(/^Lighting · \d+$/)).toHaveLength(3);
    expect(screen.getAllByText("Expression · Not measured on this photo")).toHaveLength(3);
    expect(screen.getAllByText(/^Needs the AI vision model, which isn't switched on yet\. Judged by the AI vision model\.$/).length).toBe(12);
    // The group photo has four fixes: the three worth most, high before medium, the low one left out.
    const group = screen.getByLabelText(/^Photo 2: score 58 out of 100, Group photo$/);
    const fixes = screen.getAllByText(/^(Big difference|Helps|Small touch)$/).map((t) => t.props.children);
    expect(fixes.slice(1, 4)).toEqual(["Big difference", "Helps", "Helps"]);
    expect(group).toBeTruthy();
    expect(screen.getAllByText("Lead")).toHaveLength(1);
    expect(screen.getAllByText("Group")).toHaveLength(1);
    expect(screen.getAllByText("Capped")).toHaveLength(1);
    expect(screen.getAllByText("Drop")).toHaveLength(1);
    expect(screen.getByText(/^A full-body photo: /)).toBeTruthy();
  });

  it("sums the set up at the top, for the platform chosen", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByTestId("set-summary")).toHaveTextContent("3 photos · 1 lead · 1 to drop on Tinder · orders for Tinder, Bumble and Hinge");
    fireEvent.press(screen.getByRole("radio", { name: "Bumble" }));
    expect(screen.getByTestId("set-summary")).toHaveTextContent("3 photos · 1 lead · nothing to drop on Bumble · orders for Tinder, Bumble and Hinge");
    expect(screen.getByText(/^Why this order: a clear solo photo of your face leads/)).toBeTruthy();
  });

  it("draws each score as a ring that says its score, and the lead photo's at the top", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    await screen.findByText("Recommended order");
    const rings = screen.getAllByRole("image", { name: /score: \d+ out of 100$/ });
    expect(rings.map((r) => r.props.accessibilityLabel)).toEqual(["Photo 1 score: 81 out of 100", "Photo 2 score: 58 out of 100", "Photo 3 score: 45 out of 100"]);
    const lead = screen.getByRole("image", { name: "Your lead photo: 81 out of 100" });
    expect(within(lead).getByText("81")).toBeTruthy();
    // 81% of the ring's 48 ticks take the score's colour.
    expect(within(lead).getAllByTestId("score-ring-tick-filled")).toHaveLength(39);
    expect(within(rings[2]!).getAllByTestId("score-ring-tick-filled")).toHaveLength(22);
    expect(within(rings[2]!).getByText("45")).toBeTruthy();
  });

  it("puts each photo's marks on its thumbnail", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    await screen.findByText("Recommended order");
    // Sorted by score: the solo lead, the group photo, the dark one Tinder drops.
    const solo = screen.getByRole("image", { name: "Photo 1, Lead" });
    const group = screen.getByRole("image", { name: "Photo 2, Group" });
    const dark = screen.getByRole("image", { name: "Photo 3, Drop, Capped" });
    expect(within(solo).getByText("Lead")).toBeTruthy();
    expect(within(solo).queryByText("Drop")).toBeNull();
    expect(within(group).getByText("Group")).toBeTruthy();
    expect(within(group).queryByText("Lead")).toBeNull();
    expect(within(dark).getByText("Drop")).toBeTruthy();
    expect(within(dark).getByText("Capped")).toBeTruthy();
    expect(within(dark).queryByText("Near-copy")).toBeNull();
    // Hinge leaves the dark photo out as a near-copy of the solo one: the thumbnail says so.
    fireEvent.press(screen.getByRole("radio", { name: "Hinge" }));
    const copy = screen.getByRole("image", { name: "Photo 3, Drop, Near-copy, Capped" });
    expect(within(copy).getByText("Near-copy")).toBeTruthy();
    expect(screen.getByText(/^Near-copy: Nearly the same as photo 1/)).toBeTruthy();
  });

  it("says which face is the user in a group, and marks a photo of someone else", async () => {
    const [solo, group, dark] = localRun.photos;
    const run = {
      ...localRun,
      photos: [
        solo!,
        { ...group!, faceCount: 3, user: { presence: "in_group" as const, faceIndex: 1, position: "in the middle", message: "You are the one in the middle." } },
        {
          ...dark!,
          faceCount: 1,
          user: { presence: "absent" as const, faceIndex: null, position: null, message: "You are not in this photo: its face does not match the one in your other photos." },
        },
      ],
    };
    const net = fakeApi({
      [`GET /v1/dating/analyses/${RUN}`]: json(200, run),
      "GET /v1/photos": json(200, { items: [photo(SOLO), photo(GROUP), photo(DARK)], nextCursor: null }),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByText("You are the one in the middle.")).toBeTruthy();
    expect(screen.getByText(/^You are not in this photo/)).toBeTruthy();
    const other = screen.getByRole("image", { name: /^Photo 3, .*Not you/ });
    expect(within(other).getByText("Not you")).toBeTruthy();
    expect(within(screen.getByRole("image", { name: /^Photo 2, / })).queryByText("Not you")).toBeNull();
  });
});
