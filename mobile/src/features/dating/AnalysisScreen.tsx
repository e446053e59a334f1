// Photo Analysis as a report card: the set at a glance, the recommended order for each platform
// (lead photo, what to drop and why, what is missing), which the user can rearrange by dragging
// before copying it into the app, then each photo's score ring, its marks on the thumbnail, the
// reasons behind it and what to fix.
import { useQueries } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useEffect, useState } from "react";
import { Image, StyleSheet, View } from "react-native";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { datingPhotosQuery, joinQueries } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import type { AnalysisRun, DatingPlatform, Photo, PhotoAnalysis } from "../../api/types";
import { Button, Card, Choices, Notice, Screen, Text, colors, radius, spacing } from "../../ui";
import { ScoreRing, scoreColor } from "../../ui/ScoreRing";
import { useBack } from "../navigation";
import { badgeLabels, choicesOf, dropLabels, type PhotoBadge, defectLabels, impactLabels, missingLabels, photoTypeLabels, platformLabels } from "../../ui/labels";
import { badgesFor, dimensionRows, fixesByImpact, setSummary } from "./analysis/model";
import { PhotoOrder } from "./PhotoOrder";

/** Each mark's colours: pairs from the theme, checked for contrast in ui/__tests__/contrast.test.ts. */
const badgeTone: Record<PhotoBadge, { color: string; backgroundColor: string }> = {
  lead: { color: colors.onAccent, backgroundColor: colors.accent },
  drop: { color: colors.onDanger, backgroundColor: colors.danger },
  nearCopy: { color: colors.text, backgroundColor: colors.accentSoft },
  notYou: { color: colors.warning, backgroundColor: colors.warningSoft },
  group: { color: colors.text, backgroundColor: colors.surface },
  noFace: { color: colors.warning, backgroundColor: colors.warningSoft },
  capped: { color: colors.warning, backgroundColor: colors.warningSoft },
  pet: { color: colors.text, backgroundColor: colors.accentSoft },
};

const impactColor = { high: colors.danger, medium: colors.warning, low: colors.textMuted } as const;

export function AnalysisScreen() {
  const { id } = useLocalSearchParams<{ id?: string }>();
  const router = useRouter();
  const back = useBack("/photos");
  const query = useQueries({
    queries: [
      id
        ? { queryKey: queryKeys.analyses.one(id), queryFn: () => unwrap(api.GET("/v1/dating/analyses/{id}", { params: { path: { id } } })) }
        : { queryKey: queryKeys.analyses.latest, queryFn: async () => (await unwrap(api.GET("/v1/dating/analyses", { params: { query: { limit: 1 } } }))).items[0] ?? null },
      datingPhotosQuery,
    ],
    combine: (results) => joinQueries(results, ([run, photos]) => ({ run, photos: new Map(photos.map((p) => [p.id, p])) })),
  });
  const [platform, setPlatform] = useState<DatingPlatform>("tinder");
  // The user's own order per platform (absent: the recommended one), for this run only.
  const [orders, setOrders] = useState<Partial<Record<DatingPlatform, string[]>>>({});

  const run = query.data?.run;
  useEffect(() => {
    if (!run) return;
    setOrders({});
    if (run.platform) setPlatform(run.platform);
    const best = Math.max(0, ...run.photos.map((p) => p.overallScore));
    track({ type: "analysis_viewed", properties: { analysisId: run.id, score: best } });
  }, [run]);

  return (
    <Screen
      title="Photo analysis"
      onBack={back}
      subtitle="Scores, reasons and fixes for each photo, and the best order for each app."
      query={query}
      skeleton="report"
      isEmpty={(d) => d.run === null}
      empty={{ title: "No analysis yet", message: "Add 3 to 9 photos and we'll score each one.", actionTitle: "Add photos", onAction: () => router.push("/photos") }}
    >
      {({ run: r, photos }) => {
        if (!r) return null;
        if (r.status === "failed") return <Notice tone="error">This analysis failed. Your credit was refunded; please try again.</Notice>;
        const rec = r.recommendation[platform];
        const byScore = [...r.photos].sort((a, b) => b.overallScore - a.overallScore);
        return (
          <>
            {r.status === "processing" ? <Notice>Still scoring… pull down to refresh.</Notice> : null}
            {r.provider === "local" ? (
              <Notice>
                Scored from measurements of light, focus, framing, faces, expression and eye contact. The AI judgement of first impression and style is not switched on for this
                server.
              </Notice>
            ) : null}
            <SetSummary run={r} platform={platform} photos={photos} />
            <Choices label="Order for" choices={choicesOf(platformLabels)} selected={platform} onChange={setPlatform} />
            {rec ? (
              <Recommendation
                rec={rec}
                order={orders[platform] ?? rec.order}
                onOrderChange={(ids) => setOrders((o) => ({ ...o, [platform]: ids }))}
                onReset={() => setOrders((o) => ({ ...o, [platform]: undefined }))}
                photos={photos}
                analyses={r.photos}
              />
            ) : (
              <Text muted>No recommendation for {platformLabels[platform]}.</Text>
            )}
            <Text variant="heading" style={{ marginVertical: spacing.md }}>
              Each photo
            </Text>
            {byScore.map((a, i) => (
              <PhotoCard key={a.photoId ?? i} analysis={a} photo={a.photoId ? photos.get(a.photoId) : undefined} index={i} rec={rec} />
            ))}
            <Button title="Analyse another set" kind="secondary" onPress={() => router.push("/photos")} />
          </>
        );
      }}
    </Screen>
  );
}

function Thumb({ photo, label, size = 88, badges = [] }: { photo?: Photo; label: string; size?: number; badges?: PhotoBadge[] }) {
  // The marks sit on the photo itself, and are read with it.
  const named = badges.length ? `${label}, ${badges.map((b) => badgeLabels[b]).join(", ")}` : label;
  return (
    <View style={[styles.thumb, { width: size }]} accessible accessibilityRole="image" accessibilityLabel={photo ? named : `${named} (deleted)`}>
      {photo ? (
        <Image source={{ uri: photo.thumbnailUrl }} style={StyleSheet.absoluteFill} accessibilityIgnoresInvertColors />
      ) : (
        <View style={styles.deleted}>
          <Text variant="caption" muted>
            Deleted
          </Text>
        </View>
      )}
      {badges.length ? (
        <View style={styles.badges}>
          {badges.map((b) => (
            <Text key={b} variant="caption" style={[styles.badge, badgeTone[b]]}>
              {badgeLabels[b]}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** The set at a glance, for the platform on screen, headed by the lead photo's score. */
function SetSummary({ run, platform, photos }: { run: AnalysisRun; platform: DatingPlatform; photos: Map<string, Photo> }) {
  const rec = run.recommendation[platform];
  const lead = rec?.lead ? run.photos.find((p) => p.photoId === rec.lead) : undefined;
  return (
    <Card>
      <View style={[styles.row, { alignItems: "center" }]}>
        {lead ? <ScoreRing score={lead.overallScore} label="Your lead photo" /> : null}
        <View style={{ flex: 1, minWidth: 160, gap: spacing.xs }}>
          <Text variant="label">Your set</Text>
          <Text testID="set-summary">{setSummary(run, platform)}</Text>
          {lead ? (
            <Text variant="caption" muted>
              {`Lead with the photo scored ${lead.overallScore}${lead.photoId && photos.has(lead.photoId) ? "" : " (since deleted)"}.`}
            </Text>
          ) : null}
        </View>
      </View>
    </Card>
  );
}

function Recommendation({
  rec,
  order,
  onOrderChange,
  onReset,
  photos,
  analyses,
}: {
  rec: NonNullable<AnalysisRun["recommendation"][string]>;
  order: string[];
  onOrderChange: (ids: string[]) => void;
  onReset: () => void;
  photos: Map<string, Photo>;
  analyses: PhotoAnalysis[];
}) {
  const scoreOf = (id: string) => analyses.find((a) => a.photoId === id)?.overallScore;
  const changed = order.join() !== rec.order.join();
  return (
    <Card>
      <Text variant="heading" style={{ marginBottom: spacing.xs }}>
        {changed ? "Your order" : "Recommended order"}
      </Text>
      <Text variant="caption" muted style={{ marginBottom: spacing.xs }}>
        Why this order: a clear solo photo of your face leads, then your next best, a full-body photo early, at most one group photo and never in the first two, and photos without
        you last.
      </Text>
      <Text variant="caption" muted style={{ marginBottom: spacing.sm }}>
        Drag a photo, or use the arrows, to try another order.
      </Text>
      <PhotoOrder
        ids={order}
        onChange={onOrderChange}
        describe={(id, i) => `Position ${i + 1}${id === rec.lead ? ", lead photo" : ""}, score ${scoreOf(id) ?? "unknown"}`}
        renderItem={(id, i) => <Thumb photo={photos.get(id)} label={`Photo at position ${i + 1}`} />}
      />
      {changed ? (
        <View style={{ marginTop: spacing.sm, gap: spacing.xs }}>
          {rec.lead && order[0] !== rec.lead ? (
            <Notice tone="warning">{`We'd lead with the photo scored ${scoreOf(rec.lead) ?? "highest"}: a clear, solo, face-forward first photo makes the strongest first impression.`}</Notice>
          ) : null}
          <Button title="Back to the recommended order" kind="secondary" compact onPress={onReset} />
        </View>
      ) : null}
      {rec.drop.length ? (
        <View style={{ marginTop: spacing.md }}>
          <Text variant="label">Leave out</Text>
          {rec.drop.map((d) => (
            <View key={d.id} style={[styles.row, { alignItems: "center", marginTop: spacing.xs }]}>
              <Thumb photo={photos.get(d.id)} label="Photo to leave out" size={48} />
              <Text style={{ flex: 1 }}>{d.code ? `${dropLabels[d.code]}: ${d.reason}` : d.reason}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {rec.missing.map((m) => (
        <Notice key={m.code} tone="warning">
          {`${missingLabels[m.code]}: ${m.message}`}
        </Notice>
      ))}
    </Card>
  );
}

function PhotoCard({ analysis: a, photo, index, rec }: { analysis: PhotoAnalysis; photo?: Photo; index: number; rec?: NonNullable<AnalysisRun["recommendation"][string]> }) {
  const badges = badgesFor(a, rec);
  const fixes = fixesByImpact(a.suggestions);
  return (
    <Card accessibilityLabel={`Photo ${index + 1}: score ${a.overallScore} out of 100, ${photoTypeLabels[a.photoType]}`}>
      <View style={[styles.row, { alignItems: "flex-start" }]}>
        <Thumb photo={photo} label={`Photo ${index + 1}`} size={112} badges={badges} />
        <View style={{ flex: 1, minWidth: 160 }}>
          <ScoreRing score={a.overallScore} label={`Photo ${index + 1} score`} size={72} />
          <Text variant="caption" muted style={{ marginTop: spacing.xs }}>
            {photoTypeLabels[a.photoType]}
            {a.defects.length ? ` · ${a.defects.map((d) => defectLabels[d]).join(", ")}` : ""}
          </Text>
          {a.scoreCap ? (
            <Text variant="caption" style={{ marginTop: spacing.xs }}>
              {a.scoreCap.reason}
            </Text>
          ) : null}
          {a.user.message ? (
            <Text variant="caption" color={a.user.presence === "in_group" ? colors.text : colors.warning} style={{ marginTop: spacing.xs }}>
              {a.user.message}
            </Text>
          ) : null}
        </View>
      </View>
      {fixes.length ? (
        <View style={{ marginTop: spacing.sm }}>
          <Text variant="label">What to fix first</Text>
          {fixes.slice(0, 3).map((s) => (
            <Text key={s.code} variant="caption" style={{ marginTop: spacing.xs }}>
              <Text variant="caption" color={impactColor[s.impact]} style={{ fontWeight: "600" }}>
                {impactLabels[s.impact]}
              </Text>
              {` · ${s.message}`}
            </Text>
          ))}
        </View>
      ) : null}
      <View style={{ marginTop: spacing.sm }}>
        {dimensionRows(a).map((d) => (
          <View
            key={d.dimension}
            style={{ marginBottom: spacing.sm }}
            accessible
            accessibilityLabel={`${d.name}: ${d.score === null ? "not measured on this photo" : `${d.score} out of 100`}. ${d.reason}`}
          >
            <Text variant="caption" style={{ fontWeight: "600" }}>
              {d.name} · {d.score === null ? "Not measured on this photo" : d.score}
            </Text>
            <View style={styles.track}>{d.score !== null ? <View style={[styles.fill, { width: `${d.score}%`, backgroundColor: scoreColor(d.score) }]} /> : null}</View>
            <Text variant="caption" muted>
              {`${d.reason} ${d.source}.`}
            </Text>
          </View>
        ))}
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm },
  badges: { position: "absolute", left: 4, right: 4, bottom: 4, flexDirection: "row", flexWrap: "wrap", gap: 4 },
  badge: { paddingHorizontal: 6, borderRadius: radius.pill, backgroundColor: colors.surface, color: colors.text, overflow: "hidden", fontWeight: "600" },
  deleted: { flex: 1, alignItems: "center", justifyContent: "center" },
  track: { height: 6, borderRadius: radius.pill, backgroundColor: colors.border, overflow: "hidden", marginVertical: 2 },
  fill: { height: "100%" },
  thumb: { aspectRatio: 4 / 5, borderRadius: radius.sm, backgroundColor: colors.border, overflow: "hidden" },
});
