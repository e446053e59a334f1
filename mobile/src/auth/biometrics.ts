// Optional biometric unlock: when the user turns it on, the stored refresh token is used only
// after Face ID / fingerprint succeeds. Off by default; unavailable on the web.
import * as LocalAuthentication from "expo-local-authentication";
import { Platform } from "react-native";
import { secureStorage } from "./secureStorage";

const KEY = "firstlook.biometricLock";

export async function biometricsAvailable(): Promise<boolean> {
  if (Platform.OS === "web") return false;
  try {
    return (await LocalAuthentication.hasHardwareAsync()) && (await LocalAuthentication.isEnrolledAsync());
  } catch {
    return false;
  }
}

export async function biometricLockEnabled(): Promise<boolean> {
  return (await secureStorage.get(KEY)) === "1";
}

export async function setBiometricLock(on: boolean): Promise<boolean> {
  if (on) {
    // Confirm once, so nobody turns on a lock they cannot open.
    const ok = await unlockWithBiometrics("Turn on biometric unlock");
    if (!ok) return false;
    await secureStorage.set(KEY, "1");
  } else {
    await secureStorage.remove(KEY);
  }
  return true;
}

export async function unlockWithBiometrics(promptMessage = "Unlock Firstlook"): Promise<boolean> {
  try {
    const result = await LocalAuthentication.authenticateAsync({ promptMessage, cancelLabel: "Cancel", disableDeviceFallback: false });
    return result.success;
  } catch {
    return false;
  }
}
