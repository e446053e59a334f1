// SendGrid v3 Mail Send (POST /v3/mail/send): Bearer API key, JSON body of personalizations,
// from, subject and content (text/plain first, then text/html, as SendGrid requires). Success is
// 202 with an empty body; errors are `{ errors: [{ message, field }] }`. Plain fetch: the REST
// call is all we need from SendGrid's SDK.
import type { EmailAddress, EmailMessage, EmailSender } from "./types";

const TIMEOUT_MS = 10_000;

/** The provider answered with an error or could not be reached. */
export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class SendGridSender implements EmailSender {
  readonly name = "sendgrid" as const;

  constructor(
    private readonly apiKey: string,
    private readonly base: string,
    private readonly from: EmailAddress,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.base.replace(/\/$/, "")}/v3/mail/send`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: message.to }] }],
          from: this.from,
          subject: message.subject,
          content: [
            { type: "text/plain", value: message.text },
            { type: "text/html", value: message.html },
          ],
          // Click tracking rewrites links through SendGrid's redirector: the single-use tokens in
          // our links must go straight to the app.
          tracking_settings: { click_tracking: { enable: false, enable_text: false }, open_tracking: { enable: false } },
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new EmailDeliveryError("SendGrid could not be reached", undefined, { cause: err });
    }
    if (res.status === 202 || res.ok) {
      await res.body?.cancel();
      return;
    }
    const detail = await res
      .json()
      .then((b) => (b as { errors?: { message?: string }[] }).errors?.map((e) => e.message).join("; "))
      .catch(() => undefined);
    throw new EmailDeliveryError(`SendGrid answered ${res.status}${detail ? `: ${detail}` : ""}`, res.status);
  }
}
