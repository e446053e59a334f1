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
  useNetworkState: () =>
    (globalThis as { __offline?: boolean }).__offline ? { isConnected: false, isInternetReachable: false } : { isConnected: true, isInternetReachable: true },
  // The query cache's connectivity signal: tests go offline through fetch, not through this.
  addNetworkStateListener: () => ({ remove: () => undefined }),
}));

// The root layout makes a fresh query cache each time a test renders the app. Tests turn off its
// retries (a failed request shows its state at once) and its garbage-collection timers; the
// retry policy itself is unit-tested in src/api/__tests__/queryClient.test.ts.
jest.mock("../src/api/queryClient", () => {
  const actual = jest.requireActual<typeof import("../src/api/queryClient")>("../src/api/queryClient");
  return { ...actual, createQueryClient: () => actual.createQueryClient({ retry: false, gcTime: Infinity }) };
});

jest.mock("expo-clipboard", () => ({ setStringAsync: jest.fn(async () => true) }));

// The phone's own services, which tests set up per case through `testDevice` (reset before each
// test): Sign in with Apple, Google's sign-in window, notifications, the App Store / Play
// (RevenueCat's SDK). Each stands in for a native module; everything after it is the app's code.
const mockDevice = {
  apple: {
    available: false,
    signIn: jest.fn<Promise<unknown>, [unknown]>(async () => {
      throw Object.assign(new Error("canceled"), { code: "ERR_REQUEST_CANCELED" });
    }),
  },
  google: {
    /** What Google's window answers when opened. */
    result: { type: "cancel" } as unknown,
    /** The configuration of each request that was opened. */
    configs: [] as Record<string, unknown>[],
  },
  push: {
    isDevice: true,
    permission: "undetermined" as "granted" | "denied" | "undetermined",
    /** What the user answers to the permission prompt. */
    answer: "granted" as "granted" | "denied",
    token: "ExponentPushToken[abcdefghij0123456789]",
    requestPermissionsAsync: jest.fn(),
  },
  store: {
    products: [] as { identifier: string }[],
    purchase: jest.fn<Promise<unknown>, [unknown]>(async () => ({ customerInfo: {} })),
    configure: jest.fn(),
    logIn: jest.fn(async (_id: string) => ({ customerInfo: {}, created: false })),
    logOut: jest.fn(async () => ({})),
    getProducts: jest.fn(),
    restorePurchases: jest.fn(async () => ({})),
  },
};

jest.mock("expo-crypto", () => {
  const nodeCrypto = jest.requireActual<typeof import("node:crypto")>("node:crypto");
  return {
    CryptoDigestAlgorithm: { SHA256: "SHA-256" },
    CryptoEncoding: { HEX: "hex" },
    randomUUID: () => nodeCrypto.randomUUID(),
    digestStringAsync: async (_algorithm: string, data: string) => nodeCrypto.createHash("sha256").update(data).digest("hex"),
  };
});

jest.mock("expo-apple-authentication", () => {
  const { Pressable, Text } = jest.requireActual("react-native");
  const React = jest.requireActual("react");
  const labels = ["Sign in with Apple", "Continue with Apple", "Sign up with Apple"];
  return {
    AppleAuthenticationScope: { FULL_NAME: 0, EMAIL: 1 },
    AppleAuthenticationButtonType: { SIGN_IN: 0, CONTINUE: 1, SIGN_UP: 2 },
    AppleAuthenticationButtonStyle: { WHITE: 0, WHITE_OUTLINE: 1, BLACK: 2 },
    isAvailableAsync: async () => mockDevice.apple.available,
    signInAsync: (options: unknown) => mockDevice.apple.signIn(options),
    // The native button announces itself as "Sign in with Apple" (or the type's wording).
    AppleAuthenticationButton: ({ buttonType, onPress }: { buttonType: number; onPress: () => void }) =>
      React.createElement(Pressable, { accessibilityRole: "button", accessibilityLabel: labels[buttonType], onPress }, React.createElement(Text, null, labels[buttonType])),
  };
});

jest.mock("expo-auth-session/providers/google", () => {
  const React = jest.requireActual("react");
  return {
    useIdTokenAuthRequest: (config: Record<string, unknown>) => {
      const [response, setResponse] = React.useState(null);
      const promptAsync = async () => {
        // The request that was opened: its client id and nonce.
        mockDevice.google.configs.push(config);
        setResponse(mockDevice.google.result);
        return mockDevice.google.result;
      };
      return [{ url: "https://accounts.google.com/o/oauth2/v2/auth" }, response, promptAsync];
    },
  };
});

jest.mock("expo-device", () => ({
  get isDevice() {
    return mockDevice.push.isDevice;
  },
}));

jest.mock("expo-notifications", () => {
  const status = (s: string) => ({ status: s, granted: s === "granted", canAskAgain: s === "undetermined", expires: "never" });
  return {
    AndroidImportance: { DEFAULT: 3 },
    setNotificationHandler: jest.fn(),
    setNotificationChannelAsync: jest.fn(async () => null),
    getPermissionsAsync: async () => status(mockDevice.push.permission),
    requestPermissionsAsync: async () => {
      mockDevice.push.requestPermissionsAsync();
      mockDevice.push.permission = mockDevice.push.answer;
      return status(mockDevice.push.permission);
    },
    getExpoPushTokenAsync: async ({ projectId }: { projectId: string }) => ({ type: "expo", data: mockDevice.push.token, projectId }),
    getLastNotificationResponseAsync: async () => null,
    addNotificationResponseReceivedListener: () => ({ remove: () => undefined }),
  };
});

jest.mock("react-native-purchases", () => {
  const Purchases = {
    PRODUCT_CATEGORY: { NON_SUBSCRIPTION: "NON_SUBSCRIPTION", SUBSCRIPTION: "SUBSCRIPTION" },
    PURCHASES_ERROR_CODE: { PURCHASE_CANCELLED_ERROR: "1", PAYMENT_PENDING_ERROR: "20" },
    configure: (...args: unknown[]) => mockDevice.store.configure(...args),
    logIn: (id: string) => mockDevice.store.logIn(id),
    logOut: () => mockDevice.store.logOut(),
    getProducts: async (ids: string[], category: string) => {
      mockDevice.store.getProducts(ids, category);
      return mockDevice.store.products.filter((p) => ids.includes(p.identifier));
    },
    purchaseStoreProduct: (product: unknown) => mockDevice.store.purchase(product),
    restorePurchases: () => mockDevice.store.restorePurchases(),
  };
  return { __esModule: true, default: Purchases };
});

const envKeys = [
  "EXPO_PUBLIC_GOOGLE_WEB_CLIENT_ID",
  "EXPO_PUBLIC_GOOGLE_IOS_CLIENT_ID",
  "EXPO_PUBLIC_GOOGLE_ANDROID_CLIENT_ID",
  "EXPO_PUBLIC_REVENUECAT_IOS_KEY",
  "EXPO_PUBLIC_REVENUECAT_ANDROID_KEY",
  "EXPO_PUBLIC_EAS_PROJECT_ID",
];

beforeEach(() => {
  mockKeychain.clear();
  (globalThis as { __offline?: boolean }).__offline = false;
  // No integration is configured unless a test configures it.
  for (const key of envKeys) delete process.env[key];
  mockDevice.apple.available = false;
  mockDevice.apple.signIn.mockReset().mockImplementation(async () => {
    throw Object.assign(new Error("canceled"), { code: "ERR_REQUEST_CANCELED" });
  });
  mockDevice.google.result = { type: "cancel" };
  mockDevice.google.configs = [];
  Object.assign(mockDevice.push, { isDevice: true, permission: "undetermined", answer: "granted", token: "ExponentPushToken[abcdefghij0123456789]" });
  mockDevice.push.requestPermissionsAsync.mockReset();
  mockDevice.store.products = [];
  for (const fn of [mockDevice.store.configure, mockDevice.store.logIn, mockDevice.store.logOut, mockDevice.store.getProducts, mockDevice.store.restorePurchases]) fn.mockClear();
  mockDevice.store.purchase.mockReset().mockImplementation(async () => ({ customerInfo: {} }));
  require("../src/purchases/store").resetStoreForTests();
});

export const testKeychain = mockKeychain;
export const testDevice = mockDevice;

// Screens render through the whole router; on a loaded 2-core CI machine that can take seconds.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@testing-library/react-native").configure({ asyncUtilTimeout: 8000 });

// Unmount before forgetting the session, so the sign-out does not re-render a finished test.
afterEach(async () => {
  require("@testing-library/react-native").cleanup();
  await require("../src/auth/session").endSession();
});
