// The one origin of the local web demo: what `npm run dev` serves and prints, and what emailed
// links (APP_URL) open. 127.0.0.1, never localhost: a browser treats the two as different sites,
// so a link to the other one lands without the session. No imports: the tests read it too.
export const DEFAULT_WEB_PORT = 8081;

export const webDemoOrigin = (port: number) => `http://127.0.0.1:${port}`;
