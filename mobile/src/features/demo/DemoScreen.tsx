// The web demo's front page: what the app does, live data from the public API (styles, prices),
// and a way in. Needs no account.
import { useQueries } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { StyleSheet, View } from "react-native";
import { catalogueQuery, joinQueries, stylesQuery } from "../../api/queries";
import type { HeadshotStyle } from "../../api/types";
import { variant } from "../../config";
import { formatPrice } from "../billing/CreditsScreen";
import { StylePreview } from "../headshots/StylePreview";
import { Button, Card, Screen, Text, colors, spacing } from "../../ui";

const steps = {
  dating: [
    ["Score your photos", "Each photo gets a 0-100 score, what works, what to fix, and the best order for Tinder, Bumble and Hinge."],
    ["Write your bio", "Give a few true facts, pick a style: get bios that fit each app's limit, with a score and suggestions."],
    ["Know what works", "Log matches, conversations and dates per profile version. We tell you when a difference is real."],
  ],
  headshots: [
    ["Take one selfie", "Face the light, look at the camera. A framing guide helps."],
    ["Pick a style", "Corporate, creative, outdoor: backgrounds and attire for your field."],
    ["Get your headshots", "Watch them render live, then save or share. Yours for 30 days."],
  ],
} as const;

export function DemoScreen() {
  const router = useRouter();
  // The dating app has no styles to show: it never asks for them.
  const query = useQueries({
    queries: [catalogueQuery, { ...stylesQuery, enabled: variant === "headshots" }],
    combine: ([catalogue, styles]) =>
      variant === "headshots"
        ? joinQueries([catalogue, styles], ([c, s]) => ({ catalogue: c, styles: s.styles }))
        : joinQueries([catalogue], ([c]) => ({ catalogue: c, styles: [] as HeadshotStyle[] })),
  });
  return (
    <Screen
      title={variant === "dating" ? "Firstlook Dating" : "Firstlook Headshots"}
      subtitle={variant === "dating" ? "Honest photo scores, bios that fit, and A/B results you can trust." : "Professional LinkedIn headshots from a single selfie."}
      header={
        <>
          {steps[variant].map(([title, body], i) => (
            <Card key={title} accessibilityLabel={`Step ${i + 1}: ${title}. ${body}`}>
              <Text variant="label" color={colors.accent}>
                Step {i + 1}
              </Text>
              <Text variant="heading">{title}</Text>
              <Text muted>{body}</Text>
            </Card>
          ))}
          <View style={{ gap: spacing.sm, marginBottom: spacing.xl }}>
            <Button title="Create a free account" onPress={() => router.push("/sign-up")} hint="Your first credit is free" />
            <Button title="Sign in" kind="secondary" onPress={() => router.push("/sign-in")} />
          </View>
        </>
      }
      query={query}
    >
      {({ catalogue, styles }) => (
        <>
          {styles.length ? (
            <>
              <Text variant="heading" style={{ marginBottom: spacing.sm }}>
                Styles
              </Text>
              <View style={s.grid}>
                {styles.map((style) => (
                  <View key={style.id} style={s.tile} accessible accessibilityLabel={`${style.name}${style.subscriptionRequired ? ", premium" : ""}`}>
                    <StylePreview style={style} />
                    <Text variant="label">{style.name}</Text>
                    {style.subscriptionRequired ? (
                      <Text variant="caption" color={colors.warning}>
                        Premium
                      </Text>
                    ) : null}
                  </View>
                ))}
              </View>
            </>
          ) : null}
          <Text variant="heading" style={{ marginVertical: spacing.sm }}>
            Pricing
          </Text>
          <Card>
            {catalogue.products.map((p) => (
              <View key={p.id} style={s.price}>
                <Text>{p.kind === "credit_pack" ? `${p.credits} credits (${p.name})` : p.name}</Text>
                <Text variant="label">
                  {formatPrice(p.priceCents)}
                  {p.period ? ` / ${p.period}` : ""}
                </Text>
              </View>
            ))}
          </Card>
        </>
      )}
    </Screen>
  );
}

const s = StyleSheet.create({
  grid: { flexDirection: "row", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.lg },
  tile: { flexGrow: 1, flexBasis: 140, maxWidth: 220 },
  price: {
    flexDirection: "row",
    justifyContent: "space-between",
    flexWrap: "wrap",
    paddingVertical: spacing.sm,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: colors.border,
  },
});
