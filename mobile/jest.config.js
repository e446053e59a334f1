/** @type {import('jest').Config} */
module.exports = {
  preset: "jest-expo",
  // Cold caches on a busy 2-core machine exceed jest's 5 s default.
  testTimeout: 30000,
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
};
