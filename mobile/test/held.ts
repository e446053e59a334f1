// An answer the test releases when it chooses: the request stays pending until then, so a screen's
// loading state can be looked at, then the data lands.
export function held(answer: () => Response) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    answer: async () => {
      await gate;
      return answer();
    },
    release,
  };
}
