import { fireEvent, renderRouter, screen, waitFor } from "expo-router/testing-library";
import type { DatingDashboard, Insights, VersionInsight } from "../../../api/types";
import { fakeApi, json, problem, signedInDevice } from "../../../../test/fakeApi";
import { testKeychain } from "../../../../test/setup";

const version = (id: string, label: string, matches: number): VersionInsight => ({
  id,
  label,
  platform: "hinge",
  days: 28,
  matches,
  conversations: Math.round(matches / 2),
  dates: Math.round(matches / 6),
  perDay: { matches: matches / 28, conversations: matches / 56, dates: matches / 168 },
  funnel: { matchToConversation: 0.5, conversationToDate: 0.3, matchToDate: 0.15 },
  enoughData: true,
});

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";

const dashboard = (versions: VersionInsight[]): DatingDashboard => ({
  totals: { matches: versions.reduce((n, v) => n + v.matches, 0), conversations: 0, dates: 0, profileVersions: versions.length, biosGenerated: 2 },
  versions,
  best: versions.length ? [{ platform: "hinge", verdict: "clear_winner", version: { id: B, label: "Hiking first" }, summary: "Hiking first gets more matches." }] : [],
  recentBios: [],
});

const insights = (versions: VersionInsight[]): Insights => ({
  method: { minimumDays: 14, minimumMatches: 10, significanceLevel: 0.05, test: "exact conditional Poisson rate test", bayesian: "Gamma" },
  versions,
  comparisons:
    versions.length > 1
      ? [
          {
            platform: "hinge",
            a: { id: A, label: "Beach first" },
            b: { id: B, label: "Hiking first" },
            verdict: "b_higher",
            summary: "Hiking first gets about 3x the matches: not luck.",
            rateA: 0.32,
            rateB: 0.93,
            rateRatio: 0.34,
            pValue: 0.001,
            probabilityAHigher: 0.01,
          },
        ]
      : [],
  best: [],
});

describe("Analytics Dashboard", () => {
  it("shows the empty state, then adds a first profile version", async () => {
    const v = version(A, "Beach first", 0);
    const net = fakeApi({
      "GET /v1/dating/dashboard": [json(200, dashboard([])), json(200, dashboard([v]))],
      "GET /v1/dating/insights": json(200, insights([])),
      "POST /v1/dating/profile-versions": json(201, {
        version: {
          id: A,
          label: "Beach first",
          platform: "tinder",
          photoIds: [],
          bioId: null,
          bioText: null,
          liveFrom: "2026-11-01",
          liveTo: null,
          createdAt: "2026-11-01T00:00:00.000Z",
        },
        warnings: [],
      }),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/dashboard" });
    fireEvent.press(await screen.findByRole("button", { name: "Add a profile version" }));
    fireEvent.changeText(screen.getByLabelText("Name"), "Beach first");
    fireEvent.press(screen.getByRole("button", { name: "Save version" }));
    expect(await screen.findByLabelText(/Beach first on hinge: 0 matches/)).toBeTruthy();
    expect((net.to("POST /v1/dating/profile-versions")[0]!.body as { label: string }).label).toBe("Beach first");
  });

  it("shows funnels and the A/B verdict", async () => {
    const versions = [version(A, "Beach first", 9), version(B, "Hiking first", 26)];
    const net = fakeApi({ "GET /v1/dating/dashboard": json(200, dashboard(versions)), "GET /v1/dating/insights": json(200, insights(versions)) });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/dashboard" });
    expect(await screen.findByText("Hiking first gets about 3x the matches: not luck.")).toBeTruthy();
    expect(screen.getByText("Hiking first gets more matches.")).toBeTruthy();
    expect(screen.getByLabelText("Matches: 35")).toBeTruthy();
  });

  it("logs results, and offers to add overlapping periods when the API refuses them", async () => {
    const versions = [version(A, "Beach first", 9)];
    const net = fakeApi({
      "GET /v1/dating/dashboard": json(200, dashboard(versions)),
      "GET /v1/dating/insights": json(200, insights(versions)),
      "POST /v1/dating/metrics": [
        problem("metrics_period_overlap", 409),
        json(201, {
          metrics: {
            id: "33333333-3333-4333-8333-333333333333",
            profileVersionId: A,
            platform: "hinge",
            periodStart: "2026-11-01",
            periodEnd: "2026-11-07",
            matches: 5,
            conversations: 2,
            dates: 1,
            recordedAt: "2026-11-08T00:00:00.000Z",
          },
          warnings: [],
        }),
      ],
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/dashboard" });
    fireEvent.press(await screen.findByRole("button", { name: "Log results" }));
    fireEvent.changeText(screen.getByLabelText("Matches"), "5");
    fireEvent.changeText(screen.getByLabelText("Conversations"), "2");
    fireEvent.changeText(screen.getByLabelText("Dates"), "1");
    fireEvent.press(screen.getByRole("button", { name: "Save results" }));
    expect(await screen.findByText("You already logged numbers for part of these dates for this profile version.")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "These are additional: add anyway" }));
    await waitFor(() => expect(net.to("POST /v1/dating/metrics")).toHaveLength(2));
    expect(net.to("POST /v1/dating/metrics")[1]!.body).toMatchObject({ profileVersionId: A, platform: "hinge", matches: 5, conversations: 2, dates: 1, allowOverlap: true });
  });

  it("shows the offline state and recovers", async () => {
    const versions = [version(A, "Beach first", 9)];
    const net = fakeApi({
      "GET /v1/dating/dashboard": [
        () => {
          throw new TypeError("Network request failed");
        },
        json(200, dashboard(versions)),
      ],
      "GET /v1/dating/insights": json(200, insights(versions)),
    });
    signedInDevice(net, testKeychain);
    renderRouter("./src/app", { initialUrl: "/dashboard" });
    expect(await screen.findByText("You're offline")).toBeTruthy();
    fireEvent.press(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText(/Beach first on hinge/)).toBeTruthy();
  });
});
