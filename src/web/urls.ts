/** Addresses of the Mini App, from WEB_APP_URL (its public address: the entry page). */

/** The base URL every page hangs under: WEB_APP_URL with a trailing slash, no query. */
export function webAppBase(webAppUrl: string): URL {
  const url = new URL(webAppUrl);
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** The one-time login link `/web` sends (for a browser outside Telegram). */
export function loginLinkUrl(webAppUrl: string, code: string): string {
  const url = new URL("login", webAppBase(webAppUrl));
  url.searchParams.set("code", code);
  return url.toString();
}
