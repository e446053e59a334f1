// Import first in a test file to run it as the headshots app (APP_VARIANT=headshots): the
// variant comes from the app config that expo-constants carries.
jest.mock("expo-constants", () => {
  const actual = jest.requireActual("expo-constants");
  const constants = actual.default ?? actual;
  const expoConfig = { ...(constants.expoConfig ?? {}), extra: { ...(constants.expoConfig?.extra ?? {}), variant: "headshots" } };
  return { __esModule: true, ...actual, default: new Proxy(constants, { get: (t, k) => (k === "expoConfig" ? expoConfig : t[k]) }) };
});
