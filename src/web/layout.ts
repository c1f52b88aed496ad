/** The page shell: viewport for phones, the one style sheet and script, the navigation. */
import { roleLabels } from "../texts/labels.js";
import type { WebViewer } from "../services/web/web-access.js";
import { assets } from "./assets.js";
import { html, type Html, type HtmlValue } from "./html.js";
import { webTexts as t } from "./texts.js";

export type Section = "overview" | "agency" | "upcoming" | "downloads" | "task" | "none";

export interface PageFrame {
  base: string;
  title: string;
  viewer: WebViewer | null;
  section: Section;
}

function navigation(base: string, viewer: WebViewer, section: Section): Html {
  const link = (href: string, label: string, of: Section) => html`<a href="${base}${href}"${section === of ? html` aria-current="page"` : ""}>${label}</a>`;
  const links: HtmlValue[] =
    viewer.role === "coordinator"
      ? [link("overview", t.nav.overview, "overview"), link("upcoming", t.nav.upcoming, "upcoming"), link("downloads", t.nav.downloads, "downloads")]
      : [link(`agency/${viewer.agencyId}`, t.nav.agency, "agency"), link("upcoming", t.nav.upcoming, "upcoming")];
  const role = viewer.isAdmin ? roleLabels.admin : roleLabels[viewer.role];
  return html`<header class="top"><nav>${links}</nav><span class="who">${t.signedInAs(viewer.name, role)} · <form method="post" action="${base}logout"><button class="link" type="submit">${t.nav.logout}</button></form></span></header>`;
}

export function page(frame: PageFrame, body: HtmlValue): string {
  const { base } = frame;
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · ${t.appTitle}</title>
<link rel="stylesheet" href="${base}assets/app.css?v=${assets["app.css"].version}">
<script src="${base}assets/app.js?v=${assets["app.js"].version}" defer></script>
</head><body data-section="${frame.section}">
${frame.viewer ? navigation(base, frame.viewer, frame.section) : ""}
<main>${body}</main>
</body></html>`.value;
}
