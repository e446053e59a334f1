// The push contract: a message and a notifier. Its own file so the Expo implementation (expo.ts)
// and the choice of notifier (index.ts) depend on it and not on each other.
export interface PushMessage {
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

export interface PushNotifier {
  send(tokens: string[], message: PushMessage): Promise<void>;
}
