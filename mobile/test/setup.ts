// Device modules jest cannot run. Only the device is faked here: the app's own modules and the
// HTTP client run for real, and tests fake the network by replacing global fetch (fakeApi.ts).
const mockKeychain = new Map<string, string>();

jest.mock("expo-secure-store", () => ({
  AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: 0,
  getItemAsync: async (key: string) => mockKeychain.get(key) ?? null,
  setItemAsync: async (key: string, value: string) => void mockKeychain.set(key, value),
  deleteItemAsync: async (key: string) => void mockKeychain.delete(key),
}));

// A phone without Face ID / fingerprint enrolled, online.
jest.mock("expo-local-authentication", () => ({
  hasHardwareAsync: async () => false,
  isEnrolledAsync: async () => false,
  authenticateAsync: async () => ({ success: false, error: "not_available" }),
}));

jest.mock("expo-network", () => ({
  useNetworkState: () => (globalThis as { __offline?: boolean }).__offline ? { isConnected: false, isInternetReachable: false } : { isConnected: true, isInternetReachable: true },
}));

jest.mock("expo-clipboard", () => ({ setStringAsync: jest.fn(async () => true) }));

beforeEach(() => {
  mockKeychain.clear();
  (globalThis as { __offline?: boolean }).__offline = false;
});

export const testKeychain = mockKeychain;

// Screens render through the whole router; on a loaded 2-core CI machine that can take seconds.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@testing-library/react-native").configure({ asyncUtilTimeout: 8000 });

// Unmount before forgetting the session, so the sign-out does not re-render a finished test.
afterEach(async () => {
  require("@testing-library/react-native").cleanup();
  await require("../src/auth/session").endSession();
});
