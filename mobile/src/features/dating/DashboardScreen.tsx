// Analytics Dashboard: log matches, conversations and dates per profile version, see each
// version's funnel, and whether one version really does better (the A/B verdict).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { View } from "react-native";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError } from "../../api/errors";
import { queryKeys } from "../../api/queryKeys";
import type { DatingDashboard, DatingPlatform, Insights, VersionInsight } from "../../api/types";
import { Button, Card, Choices, Notice, Screen, Text, TextField, colors, spacing } from "../../ui";
import { choicesOf, platformLabels } from "../../ui/labels";

interface Data {
  dashboard: DatingDashboard;
  insights: Insights;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

export function DashboardScreen() {
  // The totals and the A/B verdicts change together (with every version or results logged): one key.
  const query = useQuery({
    queryKey: queryKeys.dashboard.all,
    queryFn: async (): Promise<Data> => {
      const [dashboard, insights] = await Promise.all([unwrap(api.GET("/v1/dating/dashboard")), unwrap(api.GET("/v1/dating/insights", { params: { query: {} } }))]);
      return { dashboard, insights };
    },
  });
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<"version" | "metrics" | null>(null);
  const done = (changed: boolean) => {
    setAdding(null);
    if (changed) void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard.all });
  };

  return (
    <Screen
      title="Results"
      subtitle="Log what each profile version gets you. We tell you when a difference is real, not luck."
      query={query}
      isEmpty={(d) => d.dashboard.versions.length === 0 && adding === null}
      empty={{
        title: "No profile versions yet",
        message: "Add the profile you have live now (its photos and bio), then log matches every week or two.",
        actionTitle: "Add a profile version",
        onAction: () => setAdding("version"),
      }}
    >
      {({ dashboard, insights }) => (
        <>
          {adding === "version" ? (
            <VersionForm onDone={done} />
          ) : adding === "metrics" ? (
            <MetricsForm versions={dashboard.versions} onDone={done} />
          ) : (
            <View style={{ flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg }}>
              <View style={{ flexGrow: 1, flexBasis: 200 }}>
                <Button title="Log results" onPress={() => setAdding("metrics")} disabled={!dashboard.versions.length} />
              </View>
              <View style={{ flexGrow: 1, flexBasis: 200 }}>
                <Button title="Add profile version" kind="secondary" onPress={() => setAdding("version")} />
              </View>
            </View>
          )}
          <Totals totals={dashboard.totals} />
          {dashboard.best.map((b) => (
            <Notice key={b.platform} tone={b.verdict === "clear_winner" ? "success" : "info"}>
              {b.summary}
            </Notice>
          ))}
          {dashboard.versions.map((v) => (
            <VersionCard key={v.id} version={v} />
          ))}
          {insights.comparisons.length ? (
            <>
              <Text variant="heading" style={{ marginVertical: spacing.sm }}>
                A/B comparisons
              </Text>
              {insights.comparisons.map((c) => (
                <Card key={`${c.a.id}-${c.b.id}`} accessibilityLabel={`${c.a.label} versus ${c.b.label}: ${c.summary}`}>
                  <Text variant="label">
                    {c.a.label} vs {c.b.label} ({platformLabels[c.platform as DatingPlatform] ?? c.platform})
                  </Text>
                  <Text style={{ marginVertical: spacing.xs }}>{c.summary}</Text>
                  <Text variant="caption" muted>
                    {c.rateA.toFixed(2)} vs {c.rateB.toFixed(2)} matches a day
                    {c.probabilityAHigher !== null ? ` · ${Math.round(c.probabilityAHigher * 100)}% chance ${c.a.label} is better` : ""}
                  </Text>
                </Card>
              ))}
              <Text variant="caption" muted>
                Verdicts need at least {insights.method.minimumDays} days and {insights.method.minimumMatches} matches per version ({insights.method.test}).
              </Text>
            </>
          ) : null}
        </>
      )}
    </Screen>
  );
}

function Totals({ totals }: { totals: DatingDashboard["totals"] }) {
  const items = [
    ["Matches", totals.matches],
    ["Conversations", totals.conversations],
    ["Dates", totals.dates],
    ["Bios written", totals.biosGenerated],
  ] as const;
  return (
    <View style={{ flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.md }}>
      {items.map(([label, n]) => (
        <Card key={label} style={{ flexGrow: 1, flexBasis: 140, marginBottom: 0 }} accessibilityLabel={`${label}: ${n}`}>
          <Text variant="title">{n}</Text>
          <Text variant="caption" muted>
            {label}
          </Text>
        </Card>
      ))}
    </View>
  );
}

function VersionCard({ version: v }: { version: VersionInsight }) {
  const steps = [
    { label: "Matches", n: v.matches },
    { label: "Conversations", n: v.conversations, rate: v.funnel.matchToConversation },
    { label: "Dates", n: v.dates, rate: v.funnel.conversationToDate },
  ];
  const max = Math.max(1, v.matches, v.conversations, v.dates);
  return (
    <Card accessibilityLabel={`${v.label} on ${v.platform}: ${v.matches} matches, ${v.conversations} conversations, ${v.dates} dates over ${v.days} days`}>
      <View style={{ flexDirection: "row", justifyContent: "space-between", flexWrap: "wrap", marginBottom: spacing.sm }}>
        <Text variant="label">{v.label}</Text>
        <Text variant="caption" muted>
          {platformLabels[v.platform as DatingPlatform] ?? v.platform} · {v.days} days
        </Text>
      </View>
      {steps.map((s) => (
        <View key={s.label} style={{ marginBottom: spacing.xs }}>
          <Text variant="caption">
            {s.label}: {s.n}
            {"rate" in s ? ` (${pct(s.rate ?? null)})` : ""}
          </Text>
          <View style={{ height: 8, borderRadius: 4, backgroundColor: colors.accentSoft }}>
            <View style={{ height: 8, borderRadius: 4, width: `${(s.n / max) * 100}%`, backgroundColor: colors.accent }} />
          </View>
        </View>
      ))}
      {!v.enoughData ? (
        <Text variant="caption" muted>
          Keep logging: not enough data for a verdict yet.
        </Text>
      ) : null}
    </Card>
  );
}

function VersionForm({ onDone }: { onDone: (changed: boolean) => void }) {
  const [label, setLabel] = useState("");
  const [platform, setPlatform] = useState<DatingPlatform>("tinder");
  const [liveFrom, setLiveFrom] = useState(today());
  const [bioText, setBioText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST("/v1/dating/profile-versions", { body: { label: label.trim(), platform, liveFrom, ...(bioText.trim() ? { bioText: bioText.trim() } : {}) } }));
      onDone(true);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Text variant="heading" style={{ marginBottom: spacing.md }}>
        New profile version
      </Text>
      <TextField label="Name" value={label} onChangeText={setLabel} maxLength={60} helper='e.g. "Hiking photo first"' />
      <Choices label="Platform" choices={choicesOf(platformLabels)} selected={platform} onChange={setPlatform} />
      <TextField label="Live since (YYYY-MM-DD)" value={liveFrom} onChangeText={setLiveFrom} maxLength={10} inputMode="numeric" />
      <TextField label="Bio (optional)" value={bioText} onChangeText={setBioText} multiline />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Button title="Save version" onPress={() => void save()} loading={busy} disabled={!label.trim()} />
      <Button title="Cancel" kind="ghost" onPress={() => onDone(false)} />
    </Card>
  );
}

function MetricsForm({ versions, onDone }: { versions: VersionInsight[]; onDone: (changed: boolean) => void }) {
  const [versionId, setVersionId] = useState(versions[versions.length - 1]?.id ?? "");
  const [periodStart, setPeriodStart] = useState(daysAgo(7));
  const [periodEnd, setPeriodEnd] = useState(today());
  const [counts, setCounts] = useState({ matches: "", conversations: "", dates: "" });
  const [error, setError] = useState<string | null>(null);
  const [overlap, setOverlap] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const version = versions.find((v) => v.id === versionId);

  const save = async (allowOverlap = false) => {
    if (!version) return;
    setBusy(true);
    setError(null);
    try {
      const result = await unwrap(
        api.POST("/v1/dating/metrics", {
          body: {
            profileVersionId: version.id,
            platform: version.platform as DatingPlatform,
            periodStart,
            periodEnd,
            matches: Number(counts.matches || 0),
            conversations: Number(counts.conversations || 0),
            dates: Number(counts.dates || 0),
            allowOverlap,
          },
        }),
      );
      if (result.warnings.length) {
        setWarnings(
          result.warnings.map((w) =>
            w === "more_dates_than_conversations" ? "More dates than conversations: double-check the numbers." : "Part of this period is outside when the version was live.",
          ),
        );
        setOverlap(false);
        setTimeout(() => onDone(true), 2500);
      } else onDone(true);
    } catch (err) {
      setOverlap(err instanceof ApiError && err.code === "metrics_period_overlap");
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const setCount = (k: keyof typeof counts) => (t: string) => setCounts((c) => ({ ...c, [k]: t.replace(/\D/g, "") }));
  return (
    <Card>
      <Text variant="heading" style={{ marginBottom: spacing.md }}>
        Log results
      </Text>
      <Choices label="Profile version" choices={versions.map((v) => ({ value: v.id, label: v.label }))} selected={versionId} onChange={setVersionId} />
      <View style={{ flexDirection: "row", gap: spacing.sm, flexWrap: "wrap" }}>
        <View style={{ flexGrow: 1, flexBasis: 140 }}>
          <TextField label="From (YYYY-MM-DD)" value={periodStart} onChangeText={setPeriodStart} maxLength={10} />
        </View>
        <View style={{ flexGrow: 1, flexBasis: 140 }}>
          <TextField label="To (YYYY-MM-DD)" value={periodEnd} onChangeText={setPeriodEnd} maxLength={10} />
        </View>
      </View>
      <View style={{ flexDirection: "row", gap: spacing.sm, flexWrap: "wrap" }}>
        {(["matches", "conversations", "dates"] as const).map((k) => (
          <View key={k} style={{ flexGrow: 1, flexBasis: 100 }}>
            <TextField label={k[0]!.toUpperCase() + k.slice(1)} value={counts[k]} onChangeText={setCount(k)} keyboardType="number-pad" inputMode="numeric" maxLength={6} />
          </View>
        ))}
      </View>
      {warnings.map((w) => (
        <Notice key={w} tone="warning">
          {w}
        </Notice>
      ))}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {overlap ? <Button title="These are additional: add anyway" kind="secondary" onPress={() => void save(true)} loading={busy} /> : null}
      <Button title="Save results" onPress={() => void save()} loading={busy} disabled={!version || counts.matches === ""} />
      <Button title="Cancel" kind="ghost" onPress={() => onDone(false)} />
    </Card>
  );
}
