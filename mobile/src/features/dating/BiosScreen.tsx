// Bio Generation: your facts, a style, a platform; back come variants that fit the platform's
// limit, each with its character count, score and suggestions, ready to copy.
import * as Clipboard from "expo-clipboard";
import { useState } from "react";
import { View } from "react-native";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError } from "../../api/errors";
import type { BioSet, BioStyle, BioTone, DatingPlatform, GeneratedBio } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { useQuery } from "../../hooks/useQuery";
import { Button, Card, Choices, Notice, Screen, Text, TextField, colors, spacing } from "../../ui";
import { choicesOf, platformLabels, styleLabels, toneLabels } from "./labels";

const splitList = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

export function BiosScreen() {
  const { reloadUser } = useAuth();
  const history = useQuery(async () => (await unwrap(api.GET("/v1/dating/bios", { params: { query: { limit: 10 } } }))).items);
  const [interests, setInterests] = useState("");
  const [specifics, setSpecifics] = useState("");
  const [work, setWork] = useState("");
  const [lookingFor, setLookingFor] = useState("");
  const [style, setStyle] = useState<BioStyle>("witty");
  const [tone, setTone] = useState<BioTone>("balanced");
  const [platform, setPlatform] = useState<DatingPlatform>("tinder");
  const [result, setResult] = useState<BioSet | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const set = await unwrap(
        api.POST("/v1/dating/bios", {
          body: {
            platform,
            style,
            variants: 3,
            facts: {
              interests: splitList(interests, /,|\n/).slice(0, 8),
              specifics: splitList(specifics, /\n/).slice(0, 5),
              tone,
              ...(work.trim() ? { work: work.trim() } : {}),
              ...(lookingFor.trim() ? { lookingFor: lookingFor.trim() } : {}),
            },
          },
        }),
      );
      setResult(set);
      history.setData((items) => [...set.bios, ...items]);
      void reloadUser();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (path: string) =>
    error instanceof ApiError ? (error.fieldErrors.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message ?? null) : null;

  return (
    <Screen title="Write a bio" subtitle="Tell us a few true things. We write bios that fit the app's limit and sound like you. 1 credit per set.">
      <Card>
        <TextField
          label="Interests"
          value={interests}
          onChangeText={setInterests}
          helper="Separate with commas, e.g. climbing, bad puns, Sunday markets"
          error={fieldError("facts.interests")}
        />
        <TextField
          label="A few specific things about you"
          value={specifics}
          onChangeText={setSpecifics}
          multiline
          helper="One per line, e.g. I make a mean dal"
          error={fieldError("facts.specifics")}
        />
        <TextField label="Work (optional)" value={work} onChangeText={setWork} maxLength={100} />
        <TextField label="Looking for (optional)" value={lookingFor} onChangeText={setLookingFor} maxLength={150} />
        <Choices label="Style" choices={choicesOf(styleLabels)} selected={style} onChange={setStyle} />
        <Choices label="Tone" choices={choicesOf(toneLabels)} selected={tone} onChange={setTone} />
        <Choices label="Platform" choices={choicesOf(platformLabels)} selected={platform} onChange={setPlatform} />
        {error ? <Notice tone="error">{describeError(error)}</Notice> : null}
        <Button title="Write 3 bios" onPress={() => void generate()} loading={busy} disabled={!interests.trim() || !specifics.trim()} hint="Costs 1 credit" />
      </Card>

      {result ? (
        <View accessibilityLiveRegion="polite">
          <Text variant="heading" style={{ marginBottom: spacing.sm }}>
            Your {platformLabels[result.platform]} bios
          </Text>
          {result.provider === "local-template" ? <Notice>Written by our offline template writer (no AI model is configured on this server).</Notice> : null}
          {result.warnings.includes("contact_details_removed") ? <Notice tone="warning">We removed contact details from your facts: apps ban them in bios.</Notice> : null}
          {result.warnings.includes("instruction_like_text_ignored") ? <Notice tone="warning">Some text read like instructions and was ignored.</Notice> : null}
          {result.bios.map((bio, i) => (
            <BioCard key={bio.id} bio={bio} index={i} />
          ))}
        </View>
      ) : null}

      <Text variant="heading" style={{ marginVertical: spacing.sm }}>
        Recent bios
      </Text>
      <RecentBios state={history.state} reload={history.reload} />
    </Screen>
  );
}

function RecentBios({ state, reload }: { state: ReturnType<typeof useQuery<GeneratedBio[]>>["state"]; reload: () => Promise<void> }) {
  if (state.status === "loading") return <Text muted>Loading your bios…</Text>;
  if (state.status === "error" && !state.data)
    return (
      <View>
        <Notice tone="error">{describeError(state.error)}</Notice>
        <Button title="Try again" kind="secondary" onPress={() => void reload()} />
      </View>
    );
  const items = state.data ?? [];
  if (!items.length) return <Text muted>No bios yet. Your first set will appear here.</Text>;
  return (
    <>
      {items.slice(0, 10).map((bio, i) => (
        <BioCard key={bio.id} bio={bio} index={i} compact />
      ))}
    </>
  );
}

export function BioCard({ bio, index, compact }: { bio: GeneratedBio; index: number; compact?: boolean }) {
  const [copied, setCopied] = useState(false);
  const over = bio.length > bio.maxChars;
  const copy = async () => {
    await Clipboard.setStringAsync(bio.text);
    setCopied(true);
    track({ type: "bio_copied", properties: { bioId: bio.id, platform: bio.platform } });
  };
  return (
    <Card accessibilityLabel={`Bio ${index + 1}, ${styleLabels[bio.style as BioStyle] ?? bio.style}, score ${bio.score} out of 100`}>
      <View style={{ flexDirection: "row", justifyContent: "space-between", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.sm }}>
        <Text variant="label">
          {platformLabels[bio.platform]} · {styleLabels[bio.style as BioStyle] ?? bio.style}
          {bio.hingePrompt ? ` · “${bio.hingePrompt}”` : ""}
        </Text>
        <Text variant="label" color={bio.score >= 70 ? colors.success : bio.score >= 50 ? colors.warning : colors.danger}>
          Score {bio.score}
        </Text>
      </View>
      <Text selectable>{bio.text}</Text>
      <Text variant="caption" color={over ? colors.danger : colors.textMuted} style={{ marginTop: spacing.sm }}>
        {bio.length} / {bio.maxChars} characters
      </Text>
      {!compact && bio.suggestions.length ? (
        <View style={{ marginTop: spacing.sm }}>
          {bio.suggestions.map((s) => (
            <Text key={s.code} variant="caption" muted>
              • {s.message}
            </Text>
          ))}
        </View>
      ) : null}
      <View style={{ marginTop: spacing.md }}>
        <Button title={copied ? "Copied" : "Copy bio"} kind="secondary" compact onPress={() => void copy()} accessibilityLabel={`Copy bio ${index + 1}`} />
      </View>
    </Card>
  );
}
