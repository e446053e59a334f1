// Credits & purchase: balance, packs for this product, and the checkout. Web checkouts go to
// Stripe; a server without Stripe answers with a sandbox checkout, completed here and labelled.
// Store purchases (RevenueCat) are not in this build; the screen says so.
import { useEffect, useState } from "react";
import { Platform, View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { track } from "../../analytics";
import { api, publicApi, unwrap } from "../../api/client";
import type { Balance, Catalogue, Product } from "../../api/types";
import { productLine, variant } from "../../config";
import { useBack } from "../navigation";
import { useMutation } from "../../hooks/useMutation";
import { useQuery } from "../../hooks/useQuery";
import { completeSandboxCheckout, startCheckout, storeName, storePurchasesAvailable } from "../../purchases";
import { Button, Card, Notice, Screen, Text, colors, spacing } from "../../ui";

interface Data {
  balance: Balance;
  catalogue: Catalogue;
}

export const formatPrice = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function CreditsScreen() {
  const { user, reloadUser } = useAuth();
  const back = useBack("/profile");
  const query = useQuery<Data>(async () => {
    const [balance, catalogue] = await Promise.all([
      unwrap(api.GET("/v1/billing/balance")),
      unwrap(publicApi.GET("/v1/billing/products", { params: { query: { productLine } } })),
    ]);
    return { balance, catalogue };
  });
  const [sandbox, setSandbox] = useState<{ checkoutId: string; product: Product } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => track({ type: "paywall_viewed", properties: { trigger: "credits_screen", productLine } }), []);

  const buy = useMutation(async (product: Product) => {
    setNotice(null);
    const outcome = await startCheckout(product.id);
    if (outcome.kind === "sandbox") setSandbox({ checkoutId: outcome.checkout.checkoutId, product });
  });
  const resend = useMutation(async () => {
    const sent = await unwrap(api.POST("/v1/auth/verify-email/resend"));
    setNotice(`We sent a new confirmation link to ${user?.email ?? "your email"}. It works until ${new Date(sent.expiresAt).toLocaleString()}.`);
  });
  const complete = useMutation(async () => {
    if (!sandbox) return;
    const result = await completeSandboxCheckout(sandbox.checkoutId, sandbox.product.id);
    query.setData((d) => ({ ...d, balance: result.balance }));
    setNotice(`${result.granted ? "Added" : "Already added"}: ${sandbox.product.credits} credits (sandbox, no money moved).`);
    setSandbox(null);
    await reloadUser();
  });

  // The sandbox checkout opens right under the pack that was tapped.
  const sandboxPanel = sandbox ? (
    <Card style={{ borderColor: colors.warning, marginTop: spacing.md, marginBottom: 0 }}>
      <Text variant="heading">Sandbox checkout</Text>
      <Text muted style={{ marginVertical: spacing.sm }}>
        This server has no payment provider configured, so this is a test purchase: no card, no money. Completing it adds {sandbox.product.credits} credits.
      </Text>
      {complete.error ? <Notice tone="error">{complete.error}</Notice> : null}
      <Button title={`Complete sandbox purchase (${formatPrice(sandbox.product.priceCents)})`} onPress={() => void complete.run()} loading={complete.running} />
      <Button title="Cancel" kind="ghost" onPress={() => setSandbox(null)} />
    </Card>
  ) : null;

  return (
    <Screen title="Credits" subtitle="Each photo analysis, bio set or headshot costs 1 credit." query={query} onBack={variant === "dating" ? back : undefined}>
      {({ balance, catalogue }) => {
        const packs = catalogue.products.filter((p) => p.kind === "credit_pack");
        const plans = catalogue.products.filter((p) => p.kind === "unlimited");
        return (
          <>
            <Card accessibilityLabel={`Balance: ${balance.tier === "unlimited" ? "unlimited" : `${balance.balance} credits`}`}>
              <Text variant="caption" muted>
                Your balance
              </Text>
              <Text variant="title">{balance.tier === "unlimited" ? "Unlimited" : `${balance.balance} credits`}</Text>
              {balance.unlimitedUntil ? <Text muted>Renews or ends on {new Date(balance.unlimitedUntil).toLocaleDateString()}</Text> : null}
              {balance.debt > 0 ? <Notice tone="warning">{`${balance.debt} credits are owed after a refund; your next purchase pays them first.`}</Notice> : null}
            </Card>
            {user && !user.emailVerified ? (
              <Card>
                <Text variant="label">Confirm your email to buy credits</Text>
                <Text muted style={{ marginVertical: spacing.sm }}>
                  Open the link we emailed to {user.email}. Nothing arrived?
                </Text>
                {resend.error ? <Notice tone="error">{resend.error}</Notice> : null}
                <Button title="Send the link again" kind="secondary" onPress={() => void resend.run()} loading={resend.running} />
              </Card>
            ) : null}
            {notice ? <Notice tone="success">{notice}</Notice> : null}
            {buy.error ? <Notice tone="error">{buy.error}</Notice> : null}
            <Text variant="heading" style={{ marginVertical: spacing.sm }}>
              Credit packs
            </Text>
            {packs.map((p) => (
              <Card key={p.id}>
                <View style={{ flexDirection: "row", flexWrap: "wrap", justifyContent: "space-between", gap: spacing.sm, marginBottom: spacing.sm }}>
                  <Text variant="label">
                    {p.name}: {p.credits} credits
                  </Text>
                  <Text variant="label">{formatPrice(p.priceCents)}</Text>
                </View>
                {Platform.OS === "web" || !storePurchasesAvailable ? (
                  <Button title={`Buy ${p.credits} credits`} kind="secondary" onPress={() => void buy.run(p)} loading={buy.running} accessibilityLabel={`Buy ${p.name}, ${p.credits} credits for ${formatPrice(p.priceCents)}`} />
                ) : null}
                {sandbox?.product.id === p.id ? sandboxPanel : null}
              </Card>
            ))}
            <Text variant="heading" style={{ marginVertical: spacing.sm }}>
              Unlimited
            </Text>
            {plans.map((p) => (
              <Card key={p.id}>
                <View style={{ flexDirection: "row", flexWrap: "wrap", justifyContent: "space-between", gap: spacing.sm }}>
                  <Text variant="label">{p.name}</Text>
                  <Text variant="label">
                    {formatPrice(p.priceCents)} / {p.period}
                  </Text>
                </View>
              </Card>
            ))}
            <Notice>
              {Platform.OS === "web"
                ? "Unlimited plans are sold in the iOS and Android apps."
                : `Coming soon: ${storeName} purchases (through RevenueCat) are not in this build yet. Packs bought on the web show up here.`}
            </Notice>
          </>
        );
      }}
    </Screen>
  );
}
