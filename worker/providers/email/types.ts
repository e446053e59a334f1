// The account email contract: a message and a sender. Its own file so the senders (sendgrid.ts,
// dev-mailbox.ts) and the choice between them (index.ts) depend on it and not on each other.
export interface EmailAddress {
  email: string;
  name?: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailSender {
  readonly name: "sendgrid" | "dev-mailbox";
  send(message: EmailMessage): Promise<void>;
}
