// The account emails, as plain text and simple HTML (inline styles only: mail clients strip the
// rest). Pure functions of their inputs; anything that came from a request (a user agent) is
// escaped before it goes into HTML.
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function layout(heading: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#111;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>
<p style="color:#555;font-size:13px">Or paste this link into your browser:<br><span style="word-break:break-all">${escapeHtml(action.url)}</span></p>`
    : "";
  return `<!doctype html>
<html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p style="line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
${button}
<p style="color:#888;font-size:12px;margin-top:32px">Firstlook</p>
</body></html>`;
}

export function verificationEmail(p: { link: string; hoursValid: number; emailChange: boolean }): RenderedEmail {
  const intro = p.emailChange
    ? "Confirm that this is the new email address for your Firstlook account. The change applies once you confirm."
    : "Welcome to Firstlook! Confirm your email address to finish setting up your account.";
  const expiry = `The link works once and expires in ${p.hoursValid} hours.`;
  const ignore = p.emailChange ? "If you didn't ask for this, ignore this email: your account keeps its current address." : "If you didn't create an account, ignore this email.";
  return {
    subject: p.emailChange ? "Confirm your new email address" : "Confirm your email address",
    text: `${intro}\n\n${p.link}\n\n${expiry}\n${ignore}\n\nFirstlook\n`,
    html: layout(p.emailChange ? "Confirm your new email address" : "Confirm your email address", [intro, expiry, ignore], { label: "Confirm email", url: p.link }),
  };
}

export function passwordResetEmail(p: { link: string; minutesValid: number }): RenderedEmail {
  const intro = "Someone (hopefully you) asked to reset the password of your Firstlook account.";
  const expiry = `The link works once and expires in ${p.minutesValid} minutes. Resetting signs you out on every device.`;
  const ignore = "If you didn't ask for this, ignore this email: your password stays as it is.";
  return {
    subject: "Reset your Firstlook password",
    text: `${intro}\n\n${p.link}\n\n${expiry}\n${ignore}\n\nFirstlook\n`,
    html: layout("Reset your password", [intro, expiry, ignore], { label: "Choose a new password", url: p.link }),
  };
}

export function newDeviceEmail(p: { device: string; when: Date; resetUrl: string }): RenderedEmail {
  const when = `${p.when.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const intro = "A new device signed in to your Firstlook account.";
  const details = `Device: ${p.device}\nTime: ${when}`;
  const advice = "If this was you, there's nothing to do. If it wasn't, reset your password now: that signs out every device.";
  return {
    subject: "A new device signed in to your Firstlook account",
    text: `${intro}\n\n${details}\n\n${advice}\n${p.resetUrl}\n\nFirstlook\n`,
    html: layout("A new device signed in", [intro, `Device: ${p.device}`, `Time: ${when}`, advice], { label: "Reset password", url: p.resetUrl }),
  };
}
