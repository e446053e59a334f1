// The web demo has no keychain. The refresh token goes to localStorage so a reload keeps you
// signed in; that is readable by any script on the page, which is acceptable for a demo served
// from its own origin with no third-party scripts, and is why the web build is a demo and the
// apps are the product. Where localStorage is unavailable (private mode, tests) it lives in
// memory for the tab's lifetime.
const memory = new Map<string, string>();

function storage(): Storage | null {
  try {
    return typeof window !== "undefined" && window.localStorage ? window.localStorage : null;
  } catch {
    return null;
  }
}

export const secureStorage = {
  get: async (key: string) => storage()?.getItem(key) ?? memory.get(key) ?? null,
  set: async (key: string, value: string) => {
    const s = storage();
    if (s) s.setItem(key, value);
    else memory.set(key, value);
  },
  remove: async (key: string) => {
    storage()?.removeItem(key);
    memory.delete(key);
  },
};
