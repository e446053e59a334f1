// The dev mailbox: without a SendGrid key (development and tests only), sent mail is kept in R2
// under dev-mailbox/<sha256 of the address>/ and read back through GET /dev/mailbox. Keys sort
// newest first (an inverted timestamp), so the latest mail is one short listing away.
import { normalizeEmail } from "../../security/field-crypto";
import { sha256Hex } from "../../security/encoding";
import type { EmailAddress, EmailMessage, EmailSender } from "./types";

export interface StoredEmail extends EmailMessage {
  id: string;
  from: EmailAddress;
  sentAt: string;
}

const PREFIX = "dev-mailbox/";
const INVERT_FROM = 9_000_000_000_000_000;

const folder = async (address: string) => `${PREFIX}${await sha256Hex(normalizeEmail(address))}/`;

export class DevMailbox implements EmailSender {
  readonly name = "dev-mailbox" as const;

  constructor(
    private readonly bucket: R2Bucket,
    private readonly from: EmailAddress,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    const now = Date.now();
    const id = `${String(INVERT_FROM - now).padStart(16, "0")}-${crypto.randomUUID()}`;
    const stored: StoredEmail = { id, from: this.from, ...message, sentAt: new Date(now).toISOString() };
    await this.bucket.put(`${await folder(message.to)}${id}.json`, JSON.stringify(stored), { httpMetadata: { contentType: "application/json" } });
  }
}

/** Mail sent to `address`, newest first. */
export async function readDevMailbox(bucket: R2Bucket, address: string, limit = 50): Promise<StoredEmail[]> {
  const listing = await bucket.list({ prefix: await folder(address), limit });
  const bodies = await Promise.all(listing.objects.map((o) => bucket.get(o.key).then((b) => (b ? (b.json() as Promise<StoredEmail>) : undefined))));
  return bodies.filter((b): b is StoredEmail => b !== undefined);
}
