// Credits & purchase: balance, packs for this product, and the checkout. On a phone with a
// RevenueCat key, packs and plans are bought in the App Store / Google Play and the screen waits
// for the server to confirm (the webhook credits the account). On the web, or without a key,
// checkouts go to Stripe; a server without Stripe answers with a sandbox checkout, completed
// here and labelled.
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ActivityIndicator, Platform, View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import { balanceQuery, catalogueQuery, joinQueries } from "../../api/queries";
import type { Balance, Product } from "../../api/types";
import { productLine, variant } from "../../config";
import { useBack } from "../navigation";
import {
  balanceChanged,
  buyFromStore,
  completeSandboxCheckout,
  restoreFromStore,
  startCheckout,
  storeCode,
  storeName,
  storePurchasesAvailable,
  waitForStoreCredit,
} from "../../purchases";
import { Button, Card, Notice, Screen, Text, colors, credits, plural, spacing } from "../../ui";

export const formatPrice = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function CreditsScreen() {
  const { user, reloadUser } = useAuth();
  const back = useBack("/profile");
  const queryClient = useQueryClient();
  const query = useQueries({
    queries: [balanceQuery, catalogueQuery],
    combine: (results) => joinQueries(results, ([balance, catalogue]) => ({ balance, catalogue })),
  });
  const showBalance = (balance: Balance) => queryClient.setQueryData(balanceQuery.queryKey, balance);
  const [sandbox, setSandbox] = useState<{ checkoutId: string; product: Product } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const inStore = storePurchasesAvailable();
  // A store purchase the server has not confirmed yet: waiting for it, or waited too long.
  // `before` is the balance before the purchase: any change to it means the store's confirmation arrived.
  const [pending, setPending] = useState<{ product: Product | null; before: Balance; state: "waiting" | "timeout" | "approval" } | null>(null);
  const gone = useRef(false);

  useEffect(() => track({ type: "paywall_viewed", properties: { trigger: "credits_screen", productLine } }), []);
  useEffect(
    () => () => {
      gone.current = true;
    },
    [],
  );

  const confirmed = async (product: Product | null, balance: Balance) => {
    showBalance(balance);
    setPending(null);
    setNotice(
      product === null
        ? "Your purchases are restored."
        : product.kind === "credit_pack"
          ? `Added: ${credits(product.credits ?? 0)}. Thank you!`
          : `${product.name} is active. Thank you!`,
    );
    await reloadUser();
  };

  /** Waits for the webhook to reach the account; shows the waiting and timeout states. */
  const awaitConfirmation = async (product: Product | null, before: Balance) => {
    setPending({ product, before, state: "waiting" });
    const after = await waitForStoreCredit(before, () => gone.current);
    if (gone.current) return;
    if (after) await confirmed(product, after);
    else setPending({ product, before, state: "timeout" });
  };

  // Pulled to refresh after a timeout (or an approval) and the purchase is there: done.
  const shown = query.data?.balance;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to a new balance only, not to the pending purchase changing under it
  useEffect(() => {
    if (pending && pending.state !== "waiting" && shown && balanceChanged(pending.before, shown)) void confirmed(pending.product, shown);
  }, [shown]);

  const storeBuy = useMutation({
    mutationFn: async (product: Product) => {
      if (!user) return;
      setNotice(null);
      setPending(null);
      const before = await unwrap(api.GET("/v1/billing/balance"));
      track({ type: "purchase_started", properties: { productId: product.id, store: storeCode() } });
      const outcome = await buyFromStore(product, user.id);
      // Closing the store sheet is a choice, not an error.
      if (outcome === "cancelled") return track({ type: "purchase_cancelled", properties: { productId: product.id, store: storeCode() } });
      // Ask to Buy, or a slow payment method: the store confirms later, maybe much later.
      if (outcome === "pending") return setPending({ product, before, state: "approval" });
      await awaitConfirmation(product, before);
    },
  });
  const restore = useMutation({
    mutationFn: async () => {
      if (!user) return;
      setNotice(null);
      const before = pending?.before ?? (await unwrap(api.GET("/v1/billing/balance")));
      await restoreFromStore(user.id);
      if (pending) return awaitConfirmation(pending.product, before);
      showBalance(await unwrap(api.GET("/v1/billing/balance")));
      setNotice(`Checked the ${storeName} for your purchases. Anything missing shows up here within a minute.`);
    },
  });

  const buy = useMutation({
    mutationFn: async (product: Product) => {
      setNotice(null);
      const outcome = await startCheckout(product.id);
      if (outcome.kind === "sandbox") setSandbox({ checkoutId: outcome.checkout.checkoutId, product });
    },
  });
  const resend = useMutation({
    mutationFn: async () => {
      const sent = await unwrap(api.POST("/v1/auth/verify-email/resend"));
      setNotice(`We sent a new confirmation link to ${user?.email ?? "your email"}. It works until ${new Date(sent.expiresAt).toLocaleString()}.`);
    },
  });
  const complete = useMutation({
    mutationFn: async () => {
      if (!sandbox) return;
      const result = await completeSandboxCheckout(sandbox.checkoutId, sandbox.product.id);
      showBalance(result.balance);
      setNotice(`${result.granted ? "Added" : "Already added"}: ${credits(sandbox.product.credits ?? 0)} (sandbox, no money moved).`);
      setSandbox(null);
      await reloadUser();
    },
  });

  // The sandbox checkout opens right under the pack that was tapped.
  const sandboxPanel = sandbox ? (
    <Card style={{ borderColor: colors.warning, marginTop: spacing.md, marginBottom: 0 }}>
      <Text variant="heading">Sandbox checkout</Text>
      <Text muted style={{ marginVertical: spacing.sm }}>
        This server has no payment provider configured, so this is a test purchase: no card, no money. Completing it adds {credits(sandbox.product.credits ?? 0)}.
      </Text>
      {complete.error ? <Notice tone="error">{describeError(complete.error)}</Notice> : null}
      <Button title={`Complete sandbox purchase (${formatPrice(sandbox.product.priceCents)})`} onPress={() => void complete.mutate()} loading={complete.isPending} />
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
            <Card accessibilityLabel={`Balance: ${balance.tier === "unlimited" ? "unlimited" : credits(balance.balance)}`}>
              <Text variant="caption" muted>
                Your balance
              </Text>
              <Text variant="title">{balance.tier === "unlimited" ? "Unlimited" : credits(balance.balance)}</Text>
              {balance.unlimitedUntil ? <Text muted>Renews or ends on {new Date(balance.unlimitedUntil).toLocaleDateString()}</Text> : null}
              {balance.held > 0 ? (
                <Text muted>{`${plural(balance.held, "more credit")} ${balance.held === 1 ? "is" : "are"} on hold for work in progress: given back if it fails.`}</Text>
              ) : null}
              {balance.debt > 0 ? (
                <Notice tone="warning">{`${credits(balance.debt)} ${balance.debt === 1 ? "is" : "are"} owed after a refund; your next purchase pays them first.`}</Notice>
              ) : null}
            </Card>
            {user && !user.emailVerified ? (
              <Card>
                <Text variant="label">Confirm your email to buy credits</Text>
                <Text muted style={{ marginVertical: spacing.sm }}>
                  Open the link we emailed to {user.email}. Nothing arrived?
                </Text>
                {resend.error ? <Notice tone="error">{describeError(resend.error)}</Notice> : null}
                <Button title="Send the link again" kind="secondary" onPress={() => void resend.mutate()} loading={resend.isPending} />
              </Card>
            ) : null}
            {notice ? <Notice tone="success">{notice}</Notice> : null}
            {buy.error ? <Notice tone="error">{describeError(buy.error)}</Notice> : null}
            {storeBuy.error ? <Notice tone="error">{describeError(storeBuy.error)}</Notice> : null}
            {pending?.state === "waiting" ? (
              <Card accessibilityLiveRegion="polite" accessibilityLabel={`Waiting for the ${storeName} to confirm your purchase`}>
                <View style={{ flexDirection: "row", alignItems: "center", gap: spacing.md }}>
                  <ActivityIndicator color={colors.accent} />
                  <Text variant="label" style={{ flex: 1 }}>
                    {`Waiting for the ${storeName} to confirm your purchase…`}
                  </Text>
                </View>
                <Text muted style={{ marginTop: spacing.sm }}>
                  {pending.product?.kind === "unlimited" ? "Your plan starts as soon as it does." : "Your credits appear here as soon as it does, usually within a few seconds."}
                </Text>
              </Card>
            ) : null}
            {pending?.state === "approval" ? (
              <Notice tone="warning">{`Your payment is waiting for approval in the ${storeName} (for example Ask to Buy). It's added to your balance once it's approved.`}</Notice>
            ) : null}
            {pending?.state === "timeout" ? (
              <Notice tone="warning">{`The ${storeName} hasn't confirmed your purchase yet. You won't be charged twice: it's added to your balance as soon as the confirmation arrives. Pull to refresh later, or tap "Restore purchases".`}</Notice>
            ) : null}
            <Text variant="heading" style={{ marginVertical: spacing.sm }}>
              Credit packs
            </Text>
            {packs.map((p) => (
              <Card key={p.id}>
                <View style={{ flexDirection: "row", flexWrap: "wrap", justifyContent: "space-between", gap: spacing.sm, marginBottom: spacing.sm }}>
                  <Text variant="label">
                    {p.name}: {credits(p.credits ?? 0)}
                  </Text>
                  <Text variant="label">{formatPrice(p.priceCents)}</Text>
                </View>
                {inStore ? (
                  <Button
                    title={`Buy ${credits(p.credits ?? 0)}`}
                    kind="secondary"
                    onPress={() => void storeBuy.mutate(p)}
                    loading={storeBuy.isPending && pending === null}
                    disabled={storeBuy.isPending || restore.isPending}
                    accessibilityLabel={`Buy ${credits(p.credits ?? 0)} for ${formatPrice(p.priceCents)}, ${p.name} pack`}
                    hint={`Opens the ${storeName}`}
                  />
                ) : (
                  <Button
                    title={`Buy ${credits(p.credits ?? 0)}`}
                    kind="secondary"
                    onPress={() => void buy.mutate(p)}
                    loading={buy.isPending}
                    accessibilityLabel={`Buy ${credits(p.credits ?? 0)} for ${formatPrice(p.priceCents)}, ${p.name} pack`}
                  />
                )}
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
                {inStore ? (
                  <View style={{ marginTop: spacing.sm }}>
                    <Button
                      title="Subscribe"
                      kind="secondary"
                      onPress={() => void storeBuy.mutate(p)}
                      disabled={storeBuy.isPending || restore.isPending}
                      accessibilityLabel={`Subscribe to ${p.name} for ${formatPrice(p.priceCents)} a ${p.period}`}
                      hint={`Opens the ${storeName}`}
                    />
                  </View>
                ) : null}
              </Card>
            ))}
            {inStore ? (
              <>
                <Notice>{`Purchases go through the ${storeName} and are added to ${user?.email ?? "your account"}. Packs bought on the web show up here too.`}</Notice>
                {restore.error ? <Notice tone="error">{describeError(restore.error)}</Notice> : null}
                <Button
                  title="Restore purchases"
                  kind="ghost"
                  onPress={() => void restore.mutate()}
                  loading={restore.isPending}
                  disabled={storeBuy.isPending && pending?.state === "waiting"}
                  hint={`Asks the ${storeName} for purchases made with your account`}
                />
              </>
            ) : (
              <Notice>
                {Platform.OS === "web"
                  ? "Unlimited plans are sold in the iOS and Android apps."
                  : `${storeName} purchases aren't set up in this build, so packs are bought through the web checkout. Packs bought on the web show up here.`}
              </Notice>
            )}
          </>
        );
      }}
    </Screen>
  );
}
