// Bio Generation: your facts, a style, a platform; back come variants that fit the platform's
// limit, each with its character count, its score and the reasons behind it, and suggestions,
// ready to copy. One bio can be regenerated (free, a few times per set) or edited by hand.
import { useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import * as Clipboard from "expo-clipboard";
import { useState } from "react";
import { View } from "react-native";
import { track } from "../../analytics";
import { api, unwrap } from "../../api/client";
import { ApiError, describeError } from "../../api/errors";
import { balanceQuery } from "../../api/queries";
import { queryKeys } from "../../api/queryKeys";
import type { BioSet, BioStyle, BioTone, DatingPlatform, GeneratedBio } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { Button, Card, Choices, Notice, Screen, Text, TextField, balanceSentence, colors, plural, spacing, withCost } from "../../ui";
import { choicesOf, platformLabels, styleLabels, toneLabels } from "../../ui/labels";
import { Skeleton } from "../../ui/Skeleton";

/** One credit per set of bios (worker/domain/catalogue.ts, creditCosts.bioSet). */
const BIO_SET_COST = 1;
const VARIANTS = 3;

/** A changed bio in a list; its set's free regenerations are shared by every bio of the set. */
const withChange = (bios: GeneratedBio[], changed: GeneratedBio) =>
  bios.map((b) => (b.id === changed.id ? changed : b.setId === changed.setId ? { ...b, regenerationsLeft: changed.regenerationsLeft } : b));

const splitList = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

export function BiosScreen() {
  const { user, reloadUser } = useAuth();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: queryKeys.bios.all,
    queryFn: async () => (await unwrap(api.GET("/v1/dating/bios", { params: { query: { limit: 10 } } }))).items,
  });
  /** Shows the API's answer in the history at once, then reloads it. */
  const historyChanged = (update: (items: GeneratedBio[]) => GeneratedBio[]) => {
    queryClient.setQueryData(queryKeys.bios.all, (items: GeneratedBio[] | undefined) => update(items ?? []));
    void queryClient.invalidateQueries({ queryKey: queryKeys.bios.all });
  };
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
            variants: VARIANTS,
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
      historyChanged((items) => [...set.bios, ...items]);
      void queryClient.invalidateQueries({ queryKey: balanceQuery.queryKey });
      void reloadUser();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const changed = (bio: GeneratedBio) => {
    setResult((r) => (r ? { ...r, bios: withChange(r.bios, bio) } : r));
    historyChanged((items) => withChange(items, bio));
  };
  // The set just written is shown above: "Recent bios" is everything before it.
  const shownAbove = new Set(result?.bios.map((b) => b.id));

  const fieldError = (path: string) => (error instanceof ApiError ? (error.fieldErrors.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message ?? null) : null);

  return (
    <Screen title="Write a bio" subtitle="Tell us a few true things. We write bios that fit the app's limit and sound like you." onRefresh={() => history.refetch()}>
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
        {user ? (
          <Text variant="caption" muted style={{ marginBottom: spacing.sm }}>
            {balanceSentence({ credits: user.credits, unlimited: user.subscriptionTier === "unlimited" })}
          </Text>
        ) : null}
        <Button
          title={withCost(`Write ${VARIANTS} bios`, BIO_SET_COST)}
          onPress={() => void generate()}
          loading={busy}
          disabled={!interests.trim() || !specifics.trim()}
          hint={`Writes a new set of ${VARIANTS} bios. Regenerating or editing one of them later is free.`}
        />
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
            <BioCard key={bio.id} bio={bio} index={i} onChange={changed} />
          ))}
        </View>
      ) : null}

      <Text variant="heading" style={{ marginVertical: spacing.sm }}>
        Recent bios
      </Text>
      <RecentBios history={history} hide={shownAbove} onChange={changed} />
    </Screen>
  );
}

interface RecentProps {
  history: UseQueryResult<GeneratedBio[]>;
  /** Bios already on screen above (the set just written). */
  hide: Set<string>;
  onChange: (bio: GeneratedBio) => void;
}

function RecentBios({ history, hide, onChange }: RecentProps) {
  if (history.status === "pending") return <Skeleton kind="cards" label="Loading your bios" />;
  if (history.status === "error" && !history.data)
    return (
      <View>
        <Notice tone="error">{describeError(history.error)}</Notice>
        <Button title="Try again" kind="secondary" onPress={() => void history.refetch()} />
      </View>
    );
  const items = (history.data ?? []).filter((b) => !hide.has(b.id));
  if (!items.length)
    return (
      <Text muted>{hide.size ? "Your earlier bios will appear here." : "No bios yet. Fill in your interests and a few specific things above, then write your first set."}</Text>
    );
  return (
    <>
      {items.slice(0, 10).map((bio, i) => (
        <BioCard key={bio.id} bio={bio} index={hide.size + i} compact onChange={onChange} />
      ))}
    </>
  );
}

interface BioCardProps {
  bio: GeneratedBio;
  index: number;
  /** History: the text and actions without the reasons and suggestions. */
  compact?: boolean;
  onChange: (bio: GeneratedBio) => void;
}

export function BioCard({ bio, index, compact, onChange }: BioCardProps) {
  const [copied, setCopied] = useState(false);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState<"regenerating" | "saving" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const over = bio.length > bio.maxChars;
  const n = index + 1;

  const copy = async () => {
    await Clipboard.setStringAsync(bio.text);
    setCopied(true);
    track({ type: "bio_copied", properties: { bioId: bio.id, platform: bio.platform } });
  };
  const change = async (kind: "regenerating" | "saving", request: () => Promise<GeneratedBio>) => {
    setBusy(kind);
    setError(null);
    try {
      onChange(await request());
      setDraft(null);
      setCopied(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const path = { setId: bio.setId, n: bio.variant };
  // One key per press: a retry of the same press is answered once, a new press writes a new bio.
  const regenerate = () =>
    change("regenerating", () =>
      unwrap(
        api.POST("/v1/dating/bios/{setId}/variants/{n}/regenerate", {
          params: { path, header: { "idempotency-key": `bio-${bio.id}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` } },
        }),
      ),
    );
  const save = (text: string) => change("saving", () => unwrap(api.PATCH("/v1/dating/bios/{setId}/variants/{n}", { params: { path }, body: { text } })));
  const textError = error instanceof ApiError ? (error.fieldErrors.find((f) => f.path === "text")?.message ?? null) : null;

  return (
    <Card accessibilityLabel={`Bio ${n}, ${styleLabels[bio.style as BioStyle] ?? bio.style}, score ${bio.score} out of 100`}>
      <View style={{ flexDirection: "row", justifyContent: "space-between", flexWrap: "wrap", gap: spacing.sm, marginBottom: spacing.sm }}>
        <Text variant="label">
          {platformLabels[bio.platform]} · {styleLabels[bio.style as BioStyle] ?? bio.style}
          {bio.hingePrompt ? ` · “${bio.hingePrompt}”` : ""}
          {bio.edited ? " · edited by you" : ""}
        </Text>
        <Text variant="label" color={bio.score >= 70 ? colors.success : bio.score >= 50 ? colors.warning : colors.danger}>
          Score {bio.score}
        </Text>
      </View>
      {draft === null ? (
        <Text selectable>{bio.text}</Text>
      ) : (
        <TextField label={`Edit bio ${n}`} value={draft} onChangeText={setDraft} multiline maxLength={bio.maxChars} counter error={textError} />
      )}
      {draft === null ? (
        <Text variant="caption" color={over ? colors.danger : colors.textMuted} style={{ marginTop: spacing.sm }}>
          {bio.length} / {bio.maxChars} characters
        </Text>
      ) : null}
      {bio.adjustments.includes("contact_details_removed") ? <Notice tone="warning">We removed contact details: apps ban them in bios.</Notice> : null}
      {!compact ? <ScoreReasons bio={bio} /> : null}
      {!compact && bio.suggestions.length ? (
        <View style={{ marginTop: spacing.sm }}>
          <Text variant="label">How to improve it</Text>
          {bio.suggestions.map((s) => (
            <Text key={s.code} variant="caption" muted>
              • {s.message}
            </Text>
          ))}
        </View>
      ) : null}
      {error && !textError ? <Notice tone="error">{describeError(error)}</Notice> : null}
      <View style={{ marginTop: spacing.md, flexDirection: "row", flexWrap: "wrap", gap: spacing.sm }}>
        {draft === null ? (
          <>
            <Button title={copied ? "Copied" : "Copy bio"} kind="secondary" compact onPress={() => void copy()} accessibilityLabel={`Copy bio ${n}`} />
            <Button
              title="Regenerate"
              kind="secondary"
              compact
              onPress={() => void regenerate()}
              loading={busy === "regenerating"}
              disabled={bio.regenerationsLeft === 0 || busy !== null}
              accessibilityLabel={`Regenerate bio ${n}`}
              hint="Free: writes a new version of this bio from the same facts"
            />
            <Button title="Edit" kind="secondary" compact onPress={() => setDraft(bio.text)} disabled={busy !== null} accessibilityLabel={`Edit bio ${n}`} />
          </>
        ) : (
          <>
            <Button
              title="Save"
              compact
              onPress={() => void save(draft)}
              loading={busy === "saving"}
              disabled={!draft.trim()}
              accessibilityLabel={`Save bio ${n}`}
              hint="Free: saves your text and scores it again"
            />
            <Button
              title="Cancel"
              kind="ghost"
              compact
              onPress={() => {
                setDraft(null);
                setError(null);
              }}
              accessibilityLabel={`Cancel editing bio ${n}`}
            />
          </>
        )}
      </View>
      <Text variant="caption" muted style={{ marginTop: spacing.xs }}>
        {bio.regenerationsLeft === 0 ? "No free regenerations left for this set. Editing stays free." : `Free: ${plural(bio.regenerationsLeft, "regeneration")} left for this set.`}
      </Text>
    </Card>
  );
}

/** Why the bio scored what it did: every check, passed or not, with the points it earned. */
function ScoreReasons({ bio }: { bio: GeneratedBio }) {
  return (
    <View style={{ marginTop: spacing.sm }} accessibilityLabel={`Why bio scored ${bio.score}`}>
      <Text variant="label">Why it scored {bio.score}</Text>
      {bio.reasons.map((r) => {
        const points = r.outOf > 0 ? ` (${r.points} of ${r.outOf})` : r.points < 0 ? ` (${r.points})` : "";
        return (
          <Text
            key={r.check}
            variant="caption"
            color={r.passed ? colors.success : colors.textMuted}
            accessibilityLabel={`${r.passed ? "Good" : "To work on"}: ${r.message}${points}`}
          >
            {r.passed ? "✓" : "✗"} {r.message}
            {points}
          </Text>
        );
      })}
    </View>
  );
}
