// The dating features are 18+ and need a date of birth (the API answers 403
// `age_verification_required` without one). The dating tabs open only after it is given.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useAuth } from "../../auth/AuthProvider";
import { api, unwrap } from "../../api/client";
import { describeError } from "../../api/errors";
import { Button, Card, Notice, Screen, Text, TextField, spacing } from "../../ui";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function AgeGate() {
  const { user, setUser, signOut } = useAuth();
  const [dob, setDob] = useState("");
  const save = useMutation({ mutationFn: async () => setUser(await unwrap(api.PATCH("/v1/me", { body: { dateOfBirth: dob } }))) });
  return (
    <Screen title="One more thing">
      <Card>
        <Text variant="heading">Your date of birth</Text>
        <Text muted style={{ marginVertical: spacing.sm }}>
          Firstlook Dating is for adults (18+). We need your date of birth once before scoring photos, writing bios or tracking results.
        </Text>
        <TextField label="Date of birth (YYYY-MM-DD)" value={dob} onChangeText={setDob} maxLength={10} inputMode="numeric" placeholder="1994-06-30" />
        {save.error ? <Notice tone="error">{describeError(save.error)}</Notice> : null}
        <Button title="Save date of birth" onPress={() => save.mutate()} loading={save.isPending} disabled={!DATE.test(dob)} />
      </Card>
      <Button title={`Sign out${user ? ` ${user.email}` : ""}`} kind="ghost" onPress={() => void signOut()} />
    </Screen>
  );
}
