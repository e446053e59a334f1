// Style Selection: the grid from GET /v1/headshots/styles. Premium styles need Unlimited (tier
// from GET /v1/billing/balance) and show a lock otherwise. Starting uploads the selfie and
// queues the generation with the uploaded selfie, then follows its progress.
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { useState } from "react";
import { Pressable, StyleSheet, View } from "react-native";
import { api, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import { balanceQuery, joinQueries, stylesQuery } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import { useAuth } from "../../auth/AuthProvider";
import { Button, Choices, Notice, Screen, Text, colors, credits, radius, spacing } from "../../ui";
import { formalityLabels } from "../../ui/labels";
import { selfieDraft } from "./draft";
import { StylePreview } from "./StylePreview";
import { useBack } from "../navigation";

type Sets = "1" | "2" | "4";
const setChoices: readonly Sets[] = ["1", "2", "4"];

export function StylesScreen() {
  const router = useRouter();
  const { reloadUser } = useAuth();
  const back = useBack("/create");
  const queryClient = useQueryClient();
  const query = useQueries({
    queries: [stylesQuery, balanceQuery],
    combine: (results) => joinQueries(results, ([catalogue, balance]) => ({ styles: catalogue.styles, pricing: catalogue.pricing, balance })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [sets, setSets] = useState<Sets>("1");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selfie = selfieDraft.get()?.uploaded ?? null;

  const start = async (count: number) => {
    if (!selfie || !selected) return;
    setBusy(true);
    setError(null);
    try {
      const generation = await unwrap(
        api.POST("/v1/headshots/generations", {
          body: { photoId: selfie.id, styleId: selected, count },
          params: { header: { "idempotency-key": `${selfie.id}:${selected}:${count}:${Date.now().toString(36)}` } },
        }),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.generations.all });
      void queryClient.invalidateQueries({ queryKey: balanceQuery.queryKey });
      void reloadUser();
      router.push({ pathname: "/generation/[id]", params: { id: generation.id } });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen
      onBack={back}
      title="Choose a style"
      subtitle="Headshots come in sets of one style. Premium styles come with Unlimited."
      query={query}
      skeleton="grid"
      isEmpty={(d) => d.styles.length === 0}
      empty={{ title: "No styles available", message: "Styles are being updated. Pull down to check again in a few minutes." }}
    >
      {({ styles: list, pricing, balance }) => {
        const unlimited = balance.tier === "unlimited";
        const cost = Number(sets) * pricing.creditsPerSet;
        const count = Number(sets) * pricing.imagesPerSet;
        const choices = setChoices.map((n) => ({ value: n, label: `${n === "1" ? "1 set" : `${n} sets`} · ${Number(n) * pricing.imagesPerSet} headshots` }));
        return (
          <>
            {!selfie ? <Notice tone="warning">Take a selfie first on the Create tab.</Notice> : null}
            <Text variant="caption" muted style={{ marginBottom: spacing.sm }}>
              {unlimited ? "Unlimited plan: every style included." : `You have ${credits(balance.balance)}.`}
            </Text>
            <View style={s.grid} accessibilityRole="radiogroup" accessibilityLabel="Headshot styles">
              {list.map((style) => {
                const locked = style.subscriptionRequired && !unlimited;
                const on = selected === style.id;
                const level = style.formalityLevel ? formalityLabels[style.formalityLevel] : null;
                return (
                  <Pressable
                    key={style.id}
                    accessibilityRole="radio"
                    aria-checked={on}
                    aria-disabled={locked}
                    accessibilityLabel={[style.name, level, locked ? "premium, needs Unlimited" : null].filter(Boolean).join(", ")}
                    accessibilityHint={style.description ?? undefined}
                    disabled={locked}
                    onPress={() => setSelected(style.id)}
                    style={[s.tile, on && { borderColor: colors.accent, borderWidth: 3 }, locked && { opacity: 0.55 }]}
                  >
                    <StylePreview style={style} />
                    <Text variant="label" numberOfLines={2}>
                      {style.name}
                    </Text>
                    {level ? (
                      <Text variant="caption" muted>
                        {level}
                      </Text>
                    ) : null}
                    {locked ? (
                      <Text variant="caption" color={colors.warning}>
                        Premium, needs Unlimited
                      </Text>
                    ) : null}
                  </Pressable>
                );
              })}
            </View>
            <Choices label="How many" choices={choices} selected={sets} onChange={setSets} />
            <Text variant="caption" muted style={{ marginBottom: spacing.sm }}>
              {`A set is ${pricing.imagesPerSet} headshots for ${credits(pricing.creditsPerSet)}. Each one is checked to look like you; one that does not is redone once, then left out, and you pay only for the sets delivered.`}
            </Text>
            {!unlimited && balance.balance < cost ? <Notice tone="warning">{`You need ${credits(cost)} for this. Buy a pack on the Credits tab.`}</Notice> : null}
            {error ? <Notice tone="error">{error}</Notice> : null}
            <Button
              title={unlimited ? `Create ${count} headshots` : `Create ${count} headshots · ${credits(cost)}`}
              onPress={() => void start(count)}
              loading={busy}
              disabled={!selfie || !selected || (!unlimited && balance.balance < cost)}
              hint={unlimited ? "Included in Unlimited" : `Costs ${credits(cost)}`}
            />
          </>
        );
      }}
    </Screen>
  );
}

const s = StyleSheet.create({
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  tile: {
    flexGrow: 1,
    flexBasis: 150,
    maxWidth: 230,
    padding: spacing.sm,
    borderRadius: radius.lg,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.surface,
    minHeight: 48,
  },
});
