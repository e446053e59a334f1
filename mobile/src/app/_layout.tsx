// The app's shell: providers, the signed-in / signed-out split, and which product's screens
// exist in this build (APP_VARIANT, see app.config.ts).
import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { DarkTheme, DefaultTheme, Stack, ThemeProvider, type Theme } from "expo-router";
import { useEffect, useRef, useState } from "react";
import { StatusBar } from "expo-status-bar";
import * as WebBrowser from "expo-web-browser";
import { SafeAreaProvider } from "react-native-safe-area-context";
import { createQueryClient } from "../api/queryClient";
import { AuthProvider, useAuth } from "../auth/AuthProvider";
import { variant } from "../config";
import { LockedScreen } from "../features/auth/LockedScreen";
import { LoadingState, colors } from "../ui";
import { scheme } from "../ui/theme";

// On the web, Google's sign-in window comes back to this app: hand its result to the opener.
WebBrowser.maybeCompleteAuthSession();

// The navigator's own parts (tab bar, the demo's header) in the design system's colours.
const base = scheme === "dark" ? DarkTheme : DefaultTheme;
const navigationTheme: Theme = {
  ...base,
  colors: { ...base.colors, primary: colors.accent, background: colors.background, card: colors.surface, text: colors.text, border: colors.border, notification: colors.accent },
};

export default function RootLayout() {
  const [queryClient] = useState(createQueryClient);
  return (
    <SafeAreaProvider>
      <ThemeProvider value={navigationTheme}>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <StatusBar style={scheme === "dark" ? "light" : "dark"} />
            <RootStack />
          </AuthProvider>
        </QueryClientProvider>
      </ThemeProvider>
    </SafeAreaProvider>
  );
}

function RootStack() {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  // Nothing of one account may show to the next one signing in on this device. Only a real
  // sign-out clears: at launch the public screens (the demo) may already be loading.
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (status === "signedIn") wasSignedIn.current = true;
    else if (status === "signedOut" && wasSignedIn.current) {
      wasSignedIn.current = false;
      queryClient.clear();
    }
  }, [status, queryClient]);
  if (status === "restoring") return <LoadingState label="Signing you in" />;
  if (status === "locked") return <LockedScreen />;
  const signedIn = status === "signedIn";
  return (
    <Stack screenOptions={{ headerShown: false, contentStyle: { backgroundColor: colors.background } }}>
      <Stack.Protected guard={signedIn}>
        <Stack.Screen name="index" />
        <Stack.Protected guard={variant === "dating"}>
          <Stack.Screen name="(dating)" />
        </Stack.Protected>
        <Stack.Protected guard={variant === "headshots"}>
          <Stack.Screen name="(headshots)" />
        </Stack.Protected>
      </Stack.Protected>
      <Stack.Protected guard={!signedIn}>
        <Stack.Screen name="(auth)" />
      </Stack.Protected>
      <Stack.Screen name="demo" options={{ headerShown: true, title: "Demo" }} />
      <Stack.Screen name="verify-email" />
      <Stack.Screen name="reset-password" />
    </Stack>
  );
}
