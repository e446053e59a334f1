// Where the refresh token and device settings live on a phone: the iOS Keychain / Android
// Keystore through expo-secure-store, readable only by this app.
import * as SecureStore from "expo-secure-store";

export const secureStorage = {
  get: (key: string) => SecureStore.getItemAsync(key),
  set: (key: string, value: string) => SecureStore.setItemAsync(key, value, { keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY }),
  remove: (key: string) => SecureStore.deleteItemAsync(key),
};
