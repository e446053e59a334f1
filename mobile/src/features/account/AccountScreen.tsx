// Profile, security and privacy for both apps: what you tell us, how you unlock, your data.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { useEffect, useState } from "react";
import { Switch, View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { biometricLockEnabled, biometricsAvailable, setBiometricLock } from "../../auth/biometrics";
import { endSession } from "../../auth/session";
import { api, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import type { ProfilePatch } from "../../api/types";
import { variant } from "../../config";
import { Button, Card, Choices, Notice, Screen, Text, TextField, colors, credits, spacing } from "../../ui";
import { SecondFactorField, secondFactorComplete } from "../auth/SecondFactorField";
import { EmailChangeSection } from "./EmailChangeSection";
import { exportMyData } from "./exportData";
import { NotificationsCard } from "./NotificationsSection";
import { TwoFactorSection } from "./TwoFactorSection";

type LookingFor = NonNullable<NonNullable<ProfilePatch["datingPreferences"]>["lookingFor"]>;
type Gender = NonNullable<ProfilePatch["gender"]>;

const lookingForChoices: { value: LookingFor; label: string }[] = [
  { value: "long_term", label: "Long-term" },
  { value: "short_term", label: "Short-term" },
  { value: "casual", label: "Casual" },
  { value: "friends", label: "Friends" },
  { value: "not_sure", label: "Not sure" },
];
const genderChoices: { value: Gender; label: string }[] = [
  { value: "woman", label: "Woman" },
  { value: "man", label: "Man" },
  { value: "non_binary", label: "Non-binary" },
  { value: "other", label: "Other" },
];

export function AccountScreen() {
  const { user, setUser, signOut } = useAuth();
  const router = useRouter();
  const [name, setName] = useState(user?.name ?? "");
  const [gender, setGender] = useState<Gender | null>((user?.gender as Gender | null) ?? null);
  const prefs = (user?.datingPreferences ?? {}) as { lookingFor?: LookingFor };
  const [lookingFor, setLookingFor] = useState<LookingFor | null>(prefs.lookingFor ?? null);
  const [jobTitle, setJobTitle] = useState(user?.jobTitle ?? "");
  const [industry, setIndustry] = useState(user?.industry ?? "");
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: async () => {
      const patch: ProfilePatch = { name: name.trim() || null };
      if (variant === "dating") {
        patch.gender = gender;
        patch.datingPreferences = lookingFor ? { lookingFor } : null;
      } else {
        patch.jobTitle = jobTitle.trim() || null;
        patch.industry = industry.trim() || null;
      }
      setUser(await unwrap(api.PATCH("/v1/me", { body: patch })));
      setSaved(true);
    },
  });

  if (!user) return <Screen title="Account">{null}</Screen>;

  return (
    <Screen title={variant === "dating" ? "Profile" : "Account"} subtitle={user.email}>
      <Card>
        <Text variant="heading" style={{ marginBottom: spacing.md }}>
          About you
        </Text>
        <TextField
          label="Name"
          value={name}
          onChangeText={(t) => {
            setName(t);
            setSaved(false);
          }}
          autoComplete="name"
        />
        {variant === "dating" ? (
          <>
            {user.age !== null ? (
              <Text muted style={{ marginBottom: spacing.md }}>
                Age {user.age}, from your date of birth ({user.dateOfBirth}).
              </Text>
            ) : null}
            <Choices
              label="Gender"
              choices={genderChoices}
              selected={gender ?? ("" as Gender)}
              onChange={(g) => {
                setGender(g);
                setSaved(false);
              }}
            />
            <Choices
              label="Looking for"
              choices={lookingForChoices}
              selected={lookingFor ?? ("" as LookingFor)}
              onChange={(l) => {
                setLookingFor(l);
                setSaved(false);
              }}
            />
          </>
        ) : (
          <>
            <TextField
              label="Job title"
              value={jobTitle}
              onChangeText={(t) => {
                setJobTitle(t);
                setSaved(false);
              }}
              helper="Helps us suggest styles for your field."
            />
            <TextField
              label="Industry"
              value={industry}
              onChangeText={(t) => {
                setIndustry(t);
                setSaved(false);
              }}
            />
          </>
        )}
        {save.error ? <Notice tone="error">{describeError(save.error)}</Notice> : null}
        {saved ? <Notice tone="success">Saved.</Notice> : null}
        <Button title="Save profile" onPress={() => save.mutate()} loading={save.isPending} />
      </Card>

      <Card>
        <Text variant="heading">Credits</Text>
        <Text muted style={{ marginVertical: spacing.sm }}>
          {user.subscriptionTier === "unlimited" ? "Unlimited plan" : `${credits(user.credits)} left`}
        </Text>
        <Button title="Buy credits" kind="secondary" onPress={() => router.push(variant === "dating" ? "/credits" : "/plans")} />
      </Card>

      {variant === "headshots" ? <NotificationsCard /> : null}

      <Card>
        <Text variant="heading">Email</Text>
        <Text muted style={{ marginTop: spacing.sm }}>
          {user.email}
          {user.emailVerified ? "" : " (not confirmed yet)"}
        </Text>
        <EmailChangeSection />
      </Card>

      <SecurityCard totpEnabled={user.totpEnabled} />
      <PrivacyCard totpEnabled={user.totpEnabled} />

      <Button title="Sign out" kind="ghost" onPress={() => void signOut()} />
    </Screen>
  );
}

function SecurityCard({ totpEnabled }: { totpEnabled: boolean }) {
  const [available, setAvailable] = useState(false);
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      setAvailable(await biometricsAvailable());
      setEnabled(await biometricLockEnabled());
    })();
  }, []);
  const toggle = async (on: boolean) => {
    setMessage(null);
    if (await setBiometricLock(on)) setEnabled(on);
    else setMessage("Biometric check did not succeed; the setting is unchanged.");
  };
  return (
    <Card>
      <Text variant="heading">Security</Text>
      <Text muted style={{ marginVertical: spacing.sm }}>
        Two-factor authentication is {totpEnabled ? "on" : "off"}.
      </Text>
      <TwoFactorSection />
      <View style={{ height: spacing.md }} />
      {available ? (
        <View style={{ flexDirection: "row", alignItems: "center", justifyContent: "space-between", minHeight: 48 }}>
          <Text style={{ flex: 1 }}>Unlock with Face ID or fingerprint</Text>
          <Switch
            value={enabled}
            onValueChange={(on) => void toggle(on)}
            accessibilityLabel="Unlock with Face ID or fingerprint"
            trackColor={{ true: colors.accent, false: colors.border }}
          />
        </View>
      ) : (
        <Text variant="caption" muted>
          Biometric unlock is available in the iOS and Android apps on devices with Face ID or a fingerprint sensor.
        </Text>
      )}
      {message ? <Notice tone="warning">{message}</Notice> : null}
    </Card>
  );
}

function PrivacyCard({ totpEnabled }: { totpEnabled: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [exported, setExported] = useState<string | null>(null);
  const exportData = useMutation({
    mutationFn: async () => setExported((await exportMyData()) === "downloaded" ? "Your data was downloaded as a JSON file." : "Your data is ready to save."),
  });
  const erase = useMutation({
    mutationFn: async () => {
      await unwrap(api.DELETE("/v1/me", { body: { password, ...(totpEnabled ? { totp } : {}) } }));
      await endSession("signed_out");
    },
  });
  return (
    <Card>
      <Text variant="heading">Your data</Text>
      <Text muted style={{ marginVertical: spacing.sm }}>
        Photos are deleted automatically after 30 days. You can download everything we hold about you, or erase your account.
      </Text>
      {exported ? <Notice tone="success">{exported}</Notice> : null}
      {exportData.error ? <Notice tone="error">{describeError(exportData.error)}</Notice> : null}
      <Button title="Download my data" kind="secondary" onPress={() => exportData.mutate()} loading={exportData.isPending} />
      <View style={{ height: spacing.md }} />
      {confirming ? (
        <View>
          <Notice tone="warning">This erases your account, every photo and every result. It cannot be undone.</Notice>
          <TextField label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="current-password" />
          {totpEnabled ? <SecondFactorField label="Authenticator code" value={totp} onChange={setTotp} /> : null}
          {erase.error ? <Notice tone="error">{describeError(erase.error)}</Notice> : null}
          <Button
            title="Erase my account"
            kind="danger"
            onPress={() => erase.mutate()}
            loading={erase.isPending}
            disabled={!password || (totpEnabled && !secondFactorComplete(totp))}
          />
          <Button title="Keep my account" kind="ghost" onPress={() => setConfirming(false)} />
        </View>
      ) : (
        <Button title="Delete account…" kind="danger" onPress={() => setConfirming(true)} hint="Asks for your password before anything is deleted" />
      )}
    </Card>
  );
}
