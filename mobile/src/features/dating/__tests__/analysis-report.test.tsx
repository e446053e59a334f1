import { renderRouter, screen } from "expo-router/testing-library";
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
    const net = fakeApi({ [`GET /v1/dating/analyses/${RUN}`]: json(200, localRun), "GET /v1/photos": json(200, { items: [photo(SOLO), photo(GROUP), photo(DARK)], nextCursor: null }) });
    signedInDevice(net, testKeychain);
  });

  it("shows no code, enum or camelCase key anywhere", async () => {
    renderRouter("./src/app", { initialUrl: `/analysis?id=${RUN}` });
    expect(await screen.findByText("Recommended order")).toBeTruthy();
    const strings = shownStrings(screen.toJSON());
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
});
