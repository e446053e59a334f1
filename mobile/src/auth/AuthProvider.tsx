// Who is signed in, for the whole app. On launch a stored refresh token (unlocked by biometrics
// when the user turned that on) restores the session; a refresh the server rejects signs out.
// Signed in, this device's push token is registered again (when push is on); signing out
// removes it and signs the store SDK out.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, publicApi, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import type { Profile, RequestBody, SessionResponse } from "../api/types";
import { forgetPushLocally, registerPushSilently, unregisterPushForSignOut } from "../notifications/push";
import { signOutOfStore } from "../purchases/store";
import { biometricLockEnabled, unlockWithBiometrics } from "./biometrics";
import { endSession, hasStoredSession, onSessionEnded, refreshAccessToken, startSession } from "./session";

export type AuthStatus = "restoring" | "locked" | "signedOut" | "signedIn";

type LoginBody = RequestBody<"/v1/auth/login", "post">;
type RegisterBody = RequestBody<"/v1/auth/register", "post">;
export type SocialProvider = "apple" | "google";
export type SocialSignInBody = RequestBody<"/v1/auth/apple", "post">;

export type SignInResult = { ok: true } | { ok: false; totpRequired: true };

interface AuthContextValue {
  status: AuthStatus;
  user: Profile | null;
  /** Why the last session ended on its own (shown once on the sign-in screen). */
  endedReason: string | null;
  signIn: (body: LoginBody) => Promise<SignInResult>;
  signUp: (body: RegisterBody) => Promise<void>;
  /** Sign in with Apple / Google: the provider's identity token and the raw nonce. */
  signInWith: (provider: SocialProvider, body: SocialSignInBody) => Promise<SignInResult>;
  signOut: () => Promise<void>;
  unlock: () => Promise<void>;
  reloadUser: () => Promise<Profile | null>;
  setUser: (user: Profile) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>("restoring");
  const [user, setUser] = useState<Profile | null>(null);
  const [endedReason, setEndedReason] = useState<string | null>(null);

  const loadUser = useCallback(async () => {
    const me = await unwrap(api.GET("/v1/me"));
    setUser(me);
    return me;
  }, []);

  const resume = useCallback(async () => {
    try {
      await refreshAccessToken();
      await loadUser();
      setStatus("signedIn");
    } catch (err) {
      // Offline at launch: stay signed in with what we have; screens show their offline state.
      setStatus(err instanceof ApiError && err.isNetwork ? "signedIn" : "signedOut");
    }
  }, [loadUser]);

  const unlock = useCallback(async () => {
    if (await unlockWithBiometrics()) {
      setStatus("restoring");
      await resume();
    }
  }, [resume]);

  // Signed in (at launch or just now): this device's push token, if push is on, again.
  useEffect(() => {
    if (status === "signedIn") void registerPushSilently();
  }, [status]);

  const begin = useCallback(async (session: SessionResponse) => {
    await startSession(session);
    setUser(session.user);
    setEndedReason(null);
    setStatus("signedIn");
  }, []);

  useEffect(() => {
    const stop = onSessionEnded((reason) => {
      void forgetPushLocally();
      setUser(null);
      setStatus("signedOut");
      setEndedReason(reason === "session_ended" ? "Your session ended. Please sign in again." : null);
    });
    void (async () => {
      if (!(await hasStoredSession())) return setStatus("signedOut");
      if (await biometricLockEnabled()) {
        setStatus("locked");
        if (await unlockWithBiometrics()) await resume();
        return;
      }
      await resume();
    })();
    return stop;
  }, [resume]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      endedReason,
      signIn: async (body) => {
        try {
          await begin(await unwrap(publicApi.POST("/v1/auth/login", { body })));
          return { ok: true };
        } catch (err) {
          if (err instanceof ApiError && err.code === "totp_required") return { ok: false, totpRequired: true };
          throw err;
        }
      },
      signUp: async (body) => {
        await begin(await unwrap(publicApi.POST("/v1/auth/register", { body })));
      },
      signInWith: async (provider, body) => {
        try {
          const call = provider === "apple" ? publicApi.POST("/v1/auth/apple", { body }) : publicApi.POST("/v1/auth/google", { body });
          await begin(await unwrap(call));
          return { ok: true };
        } catch (err) {
          if (err instanceof ApiError && err.code === "totp_required") return { ok: false, totpRequired: true };
          throw err;
        }
      },
      signOut: async () => {
        // Stop pushes to this device for this account while the session still works.
        await unregisterPushForSignOut();
        await signOutOfStore();
        // Revokes this session on the server (identified by the access token; sending the
        // refresh token could race a rotation). Signing out locally must work offline too.
        await unwrap(api.POST("/v1/auth/logout", { body: {} })).catch(() => undefined);
        await endSession("signed_out");
      },
      unlock,
      reloadUser: () => loadUser().catch(() => null),
      setUser,
    }),
    [status, user, endedReason, unlock, loadUser, begin],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth must be used inside <AuthProvider>");
  return ctx;
}
