// Account email behind one interface: SendGrid's v3 REST API when SENDGRID_API_KEY is set, the
// dev mailbox otherwise (development and tests only: readable at GET /dev/mailbox). Staging and
// production without a key fail loudly with `misconfigured` instead of quietly dropping mail.
import type { Config } from "../../env";
import { ApiError } from "../../errors";
import { DevMailbox } from "./dev-mailbox";
import { SendGridSender } from "./sendgrid";
import type { EmailSender } from "./types";

export { EmailDeliveryError } from "./sendgrid";
export type { EmailAddress, EmailMessage, EmailSender } from "./types";

/** Whether this environment may keep mail in the dev mailbox (never where real users are). */
export const devMailboxAllowed = (config: Config) => config.ENVIRONMENT === "development" || config.ENVIRONMENT === "test";

export function emailSender(config: Config, bindings: { PHOTOS: R2Bucket }): EmailSender {
  if (config.SENDGRID_API_KEY) return new SendGridSender(config.SENDGRID_API_KEY, config.SENDGRID_API_BASE, config.EMAIL_FROM);
  if (!devMailboxAllowed(config)) throw new ApiError("misconfigured", `SENDGRID_API_KEY is required in ${config.ENVIRONMENT}: account email cannot be sent.`);
  return new DevMailbox(bindings.PHOTOS, config.EMAIL_FROM);
}
