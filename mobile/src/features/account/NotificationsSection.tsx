// "Notify me when my headshots are ready": push notifications for finished generations. On a
// phone the switch asks for permission and registers this device's Expo push token; on the web
// it says where push is available.
import { useEffect, useState } from "react";
import { ActivityIndicator, Platform, Switch, View } from "react-native";
import { describeError } from "../../api/errors";
import { disablePush, enablePush, pushEnabled, pushMessages } from "../../notifications/push";
import { Card, Notice, Text, colors, spacing } from "../../ui";

const LABEL = "Notify me when my headshots are ready";

export function NotificationsCard() {
  const web = Platform.OS === "web";
  const [enabled, setEnabled] = useState<boolean | null>(web ? false : null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "warning" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (web) return;
    let live = true;
    pushEnabled().then(
      (on) => live && setEnabled(on),
      () => live && setEnabled(false),
    );
    return () => {
      live = false;
    };
  }, [web]);

  const toggle = async (on: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      if (on) {
        const outcome = await enablePush();
        if (outcome.ok) {
          setEnabled(true);
          setMessage({ tone: "success", text: "We'll send a notification to this phone when your headshots are ready." });
        } else setMessage({ tone: "warning", text: outcome.message });
      } else {
        await disablePush();
        setEnabled(false);
        setMessage({ tone: "success", text: "Notifications to this phone are off." });
      }
    } catch (err) {
      setMessage({ tone: "error", text: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Text variant="heading">Notifications</Text>
      {web ? (
        <Text variant="caption" muted style={{ marginTop: spacing.sm }}>
          {pushMessages.web}
        </Text>
      ) : (
        <View style={{ flexDirection: "row", alignItems: "center", justifyContent: "space-between", minHeight: 48, marginTop: spacing.sm, gap: spacing.md }}>
          <Text style={{ flex: 1 }}>{LABEL}</Text>
          {enabled === null ? (
            <ActivityIndicator color={colors.accent} accessibilityLabel="Checking notification setting" />
          ) : (
            <Switch
              value={enabled}
              disabled={busy}
              onValueChange={(on) => void toggle(on)}
              accessibilityLabel={LABEL}
              aria-checked={enabled}
              aria-disabled={busy}
              aria-busy={busy}
              trackColor={{ true: colors.accent, false: colors.border }}
            />
          )}
        </View>
      )}
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </Card>
  );
}
