// Results Gallery: every generation, newest first, a page at a time. Tap a headshot to zoom;
// save it, share it, or delete the generation. Each generation says how its images did in the
// likeness check (every delivered one passed; the ones held back are counted with the reason).
import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { useState } from "react";
import { Image, Modal, Pressable, ScrollView, StyleSheet, View } from "react-native";
import { SafeAreaView } from "react-native-safe-area-context";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import { queryKeys } from "../../api/queryKeys";
import type { HeadshotGeneration } from "../../api/types";
import { useRefetchOnScreenFocus } from "../../hooks/useRefetchOnScreenFocus";
import { Button, Card, Notice, Screen, Text, colors, plural, radius, spacing } from "../../ui";
import { generationStatusLabels } from "../../ui/labels";
import { isFinal } from "./useGenerationProgress";
import { saveHeadshot, shareHeadshot } from "./saveImage";

interface Page {
  items: HeadshotGeneration[];
  nextCursor: string | null;
}

type Selected = { generation: HeadshotGeneration; index: number };

const PAGE_SIZE = 10;

export function GalleryScreen() {
  const router = useRouter();
  const queryClient = useQueryClient();
  // A failed "Load more" keeps the pages already shown; the screen's banner says what went wrong.
  const query = useInfiniteQuery({
    queryKey: queryKeys.generations.all,
    queryFn: ({ pageParam }) => unwrap(api.GET("/v1/headshots/generations", { params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data): Page => ({ items: data.pages.flatMap((p) => p.items), nextCursor: data.pages[data.pages.length - 1]?.nextCursor ?? null }),
  });
  const [selected, setSelected] = useState<Selected | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Signed image links expire: reload whenever the tab comes back into view.
  useRefetchOnScreenFocus(query.refetch);

  const remove = async (g: HeadshotGeneration) => {
    setMessage(null);
    try {
      await unwrap(api.DELETE("/v1/headshots/generations/{id}", { params: { path: { id: g.id } } }));
      queryClient.setQueryData<InfiniteData<Page>>(
        queryKeys.generations.all,
        (d) => d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== g.id) })) },
      );
      setSelected(null);
      setMessage("Deleted.");
    } catch (err) {
      setMessage(describeError(err));
    }
  };

  return (
    <Screen
      title="Gallery"
      subtitle="Your headshots are kept for 30 days. Save the ones you like."
      query={query}
      skeleton="cards"
      isEmpty={(d) => d.items.length === 0}
      empty={{
        title: "No headshots yet",
        message: "Take a selfie, pick a style, and your headshots appear here.",
        actionTitle: "Create headshots",
        onAction: () => router.push("/create"),
      }}
    >
      {(page) => (
        <>
          {message ? <Notice>{message}</Notice> : null}
          {page.items.map((g) => (
            <Card key={g.id}>
              <View style={styles.rowBetween}>
                <Text variant="label">{new Date(g.createdAt).toLocaleDateString()}</Text>
                <Text variant="caption" muted>
                  {g.status === "succeeded" ? plural(g.images.length, "headshot") : generationStatusLabels[g.status]}
                </Text>
              </View>
              {g.images.length ? (
                <View style={styles.grid}>
                  {g.images.map((img, i) => (
                    <Pressable
                      key={img.url}
                      onPress={() => setSelected({ generation: g, index: i })}
                      accessibilityRole="button"
                      accessibilityLabel={`Open headshot ${i + 1} from ${new Date(g.createdAt).toLocaleDateString()}`}
                      style={styles.thumbWrap}
                    >
                      <Image source={{ uri: img.thumbnailUrl }} style={styles.thumb} accessibilityIgnoresInvertColors />
                    </Pressable>
                  ))}
                </View>
              ) : null}
              {g.images.length ? (
                <LikenessLine generation={g} />
              ) : !isFinal(g.status) ? (
                <Button title="See progress" kind="secondary" compact onPress={() => router.push({ pathname: "/generation/[id]", params: { id: g.id } })} />
              ) : (
                <Text variant="caption" muted style={{ marginTop: spacing.sm }}>
                  {g.message ?? "No images."}
                </Text>
              )}
              {isFinal(g.status) ? (
                <View style={{ marginTop: spacing.sm }}>
                  <Button
                    title="Delete"
                    kind="ghost"
                    compact
                    onPress={() => void remove(g)}
                    accessibilityLabel={`Delete generation from ${new Date(g.createdAt).toLocaleDateString()}`}
                  />
                </View>
              ) : null}
            </Card>
          ))}
          {query.hasNextPage ? <Button title="Load more" kind="secondary" onPress={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} /> : null}
          <Viewer selected={selected} onClose={() => setSelected(null)} onDelete={remove} />
        </>
      )}
    </Screen>
  );
}

function LikenessLine({ generation: g }: { generation: HeadshotGeneration }) {
  const checked = g.images.filter((i) => i.likeness !== null).length;
  if (!checked && !g.withheld.length) return null;
  const total = g.images.length + g.withheld.length;
  return (
    <View style={{ marginTop: spacing.sm }}>
      <Text variant="caption" color={colors.success}>
        {`✓ ${g.images.length} of ${total} look like you (checked against your selfie)`}
      </Text>
      {g.withheld.length && g.message ? (
        <Text variant="caption" muted>
          {g.message}
        </Text>
      ) : null}
    </View>
  );
}

function Viewer({ selected, onClose, onDelete }: { selected: Selected | null; onClose: () => void; onDelete: (g: HeadshotGeneration) => Promise<void> }) {
  const [zoomed, setZoomed] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!selected) return null;
  const { generation, index } = selected;
  const image = generation.images[index];
  if (!image) return null;
  const name = `headshot-${generation.id.slice(0, 8)}-${index + 1}.jpg`;
  const act = async (what: "save" | "share") => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus(what === "save" ? await saveHeadshot(image.url, name) : await shareHeadshot(image.url, name));
      if (what === "save") track({ type: "headshot_downloaded", properties: { generationId: generation.id, format: "jpeg" } });
    } catch (err) {
      setStatus(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal visible animationType="fade" onRequestClose={onClose} transparent aria-label={`Headshot ${index + 1}`}>
      <SafeAreaView style={styles.modal}>
        <ScrollView contentContainerStyle={styles.zoomArea} maximumZoomScale={4} minimumZoomScale={1} centerContent>
          <Pressable onPress={() => setZoomed((z) => !z)} accessibilityRole="button" accessibilityLabel={zoomed ? "Zoom out" : "Zoom in"}>
            <Image
              source={{ uri: image.url }}
              style={[styles.full, { aspectRatio: image.width / image.height }, zoomed && { transform: [{ scale: 2 }] }]}
              resizeMode="contain"
              accessibilityLabel={`Headshot ${index + 1}`}
              accessibilityIgnoresInvertColors
            />
          </Pressable>
        </ScrollView>
        {image.likeness !== null ? (
          <Text color="#FFFFFF" style={{ textAlign: "center", marginBottom: spacing.sm }}>
            ✓ Passed the likeness check against your selfie
          </Text>
        ) : null}
        {status ? (
          <Text color="#FFFFFF" style={{ textAlign: "center", marginBottom: spacing.sm }} accessibilityLiveRegion="polite">
            {status}
          </Text>
        ) : null}
        <View style={styles.toolbar}>
          <Button title="Save" compact onPress={() => void act("save")} loading={busy} />
          <Button title="Share" compact kind="secondary" onPress={() => void act("share")} disabled={busy} />
          <Button title="Delete" compact kind="danger" onPress={() => void onDelete(generation)} disabled={busy} accessibilityLabel="Delete this generation" />
          <Button title="Close" compact kind="secondary" onPress={onClose} />
        </View>
      </SafeAreaView>
    </Modal>
  );
}

const styles = StyleSheet.create({
  rowBetween: { flexDirection: "row", justifyContent: "space-between", flexWrap: "wrap" },
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginTop: spacing.sm },
  thumbWrap: { width: "31%", maxWidth: 200, minWidth: 88 },
  thumb: { width: "100%", aspectRatio: 1, borderRadius: radius.md, backgroundColor: colors.border },
  // Opaque: anything translucent let the tab bar's labels show through the toolbar's buttons.
  modal: { flex: 1, backgroundColor: "#0A0A0E" },
  zoomArea: { flexGrow: 1, alignItems: "center", justifyContent: "center", padding: spacing.lg },
  full: { width: "100%", maxWidth: 720, minWidth: 280 },
  toolbar: { flexDirection: "row", flexWrap: "wrap", justifyContent: "center", gap: spacing.sm, padding: spacing.lg },
});
