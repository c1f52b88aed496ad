/**
 * The Mini App's only script and style sheet, served from the app's own origin (the CSP allows
 * nothing else). The script speaks Telegram's Mini App protocol itself — launch parameters from
 * the URL fragment, `web_app_ready`/`web_app_expand` through postEvent — so no third-party
 * script is loaded. It also sorts and filters tables; the pages work without it but for login.
 */
import { createHash } from "node:crypto";

const appCss = `
:root {
  --bg: var(--tg-theme-bg-color, #ffffff);
  --text: var(--tg-theme-text-color, #1b1f24);
  --hint: var(--tg-theme-hint-color, #6b7280);
  --link: var(--tg-theme-link-color, #1565c0);
  --button: var(--tg-theme-button-color, #1565c0);
  --button-text: var(--tg-theme-button-text-color, #ffffff);
  --panel: var(--tg-theme-secondary-bg-color, #f3f5f8);
  --line: color-mix(in srgb, var(--text) 14%, transparent);
  --done_on_time: #2e7d32; --done_late: #ef8c00; --in_progress: #1e88e5; --overdue: #d32f2f; --no_deadline: #757575;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; background: var(--bg); color: var(--text); }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
header.top nav a[aria-current="page"] { font-weight: 600; color: var(--text); }
header.top .who { margin-left: auto; color: var(--hint); font-size: .85rem; }
header.top form { display: inline; }
button, .button { font: inherit; border: 0; border-radius: 8px; padding: .45rem .9rem; background: var(--button); color: var(--button-text); cursor: pointer; display: inline-block; }
button.link { background: none; color: var(--link); padding: 0; }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 .3rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
.hint { color: var(--hint); font-size: .88rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: .5rem; margin: .8rem 0; }
.card { background: var(--panel); border-radius: 10px; padding: .55rem .7rem; border-left: 4px solid var(--hint); }
.card .n { font-size: 1.5rem; font-weight: 650; }
.card .l { font-size: .8rem; color: var(--hint); }
.card.done_on_time { border-color: var(--done_on_time); } .card.done_late { border-color: var(--done_late); }
.card.in_progress { border-color: var(--in_progress); } .card.overdue { border-color: var(--overdue); } .card.no_deadline { border-color: var(--no_deadline); }
.tools { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .6rem 0; }
input, select { font: inherit; padding: .4rem .55rem; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--text); }
input[type="search"] { flex: 1 1 14rem; min-width: 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 10px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .4rem .55rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--panel); position: sticky; top: 0; white-space: nowrap; }
th button { background: none; color: var(--text); padding: 0; font-weight: 600; }
th[aria-sort="descending"] button::after { content: " ▼"; } th[aria-sort="ascending"] button::after { content: " ▲"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { min-width: 16rem; }
td.name { min-width: 11rem; }
tr[hidden] { display: none; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; color: #fff; font-size: .78rem; white-space: nowrap; }
.badge.done_on_time { background: var(--done_on_time); } .badge.done_late { background: var(--done_late); } .badge.in_progress { background: var(--in_progress); }
.badge.overdue { background: var(--overdue); } .badge.no_deadline { background: var(--no_deadline); }
.chart { margin: 0; max-width: 1000px; background: #fff; border-radius: 10px; border: 1px solid var(--line); overflow: hidden; }
.chart svg { display: block; width: 100%; height: auto; }
/* Below the table: laid out and painted only when scrolled to, so it does not delay the table. */
.chart, .history { content-visibility: auto; contain-intrinsic-size: auto 600px; }
.history li { margin-bottom: .7rem; } .history { padding-left: 1.1rem; }
.downloads li { margin: .6rem 0; }
.message { max-width: 34rem; margin: 3rem auto; padding: 1.2rem; background: var(--panel); border-radius: 12px; }
@media (max-width: 600px) { main { padding: .6rem; } td.text { min-width: 12rem; } header.top .who { margin-left: 0; width: 100%; } }
`;

const appJs = `"use strict";
(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  function postEvent(type, data) {
    var payload = JSON.stringify(data || {});
    try {
      if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(type, payload);
      else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data || {} }), "*");
    } catch (e) {}
  }
  // Telegram's colours: given in the launch parameters, kept for the pages opened after.
  try {
    var fromLaunch = hash.get("tgWebAppThemeParams");
    if (fromLaunch) sessionStorage.setItem("tgTheme", fromLaunch);
    var theme = JSON.parse(sessionStorage.getItem("tgTheme") || "{}");
    Object.keys(theme).forEach(function (key) {
      if (/^[a-z_]{1,40}$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(String(theme[key]))) document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), theme[key]);
    });
  } catch (e) {}
  postEvent("web_app_ready");
  postEvent("web_app_expand");

  var fold = function (s) { return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); };

  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.classList.contains("num");
    var current = th.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) { var cell = row.cells[index]; var v = cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : ""; return numeric ? Number(v) || 0 : v; };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = numeric ? x - y : String(x).localeCompare(String(y), "vi", { numeric: true });
      return descending ? -c : c;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }
  document.querySelectorAll("table.data th[data-sort] button").forEach(function (button) {
    button.addEventListener("click", function () { var th = button.closest("th"); sortBy(th.closest("table"), th); });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return fold(row.textContent); });
    var count = document.querySelector("[data-count-for='" + table.id + "']");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown++;
      });
      if (count) count.textContent = String(shown);
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Handlers are in place: the page is interactive (tests and the benchmark wait for this).
  document.documentElement.setAttribute("data-ready", "");

  // The entry page: exchange Telegram's signed launch data for a session.
  var entry = document.getElementById("entry");
  if (entry) {
    var initData = hash.get("tgWebAppData");
    var status = document.getElementById("entry-status");
    // Outside Telegram: a session from a login link may exist; the overview says if not.
    if (!initData) { location.replace(entry.getAttribute("data-home")); return; }
    fetch(entry.getAttribute("data-auth"), { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8" }, body: initData, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.ok) location.replace(answer.next);
        else status.textContent = answer.message;
      })
      .catch(function () { status.textContent = entry.getAttribute("data-failed"); });
  }
})();
`;

export interface Asset {
  body: Buffer;
  type: string;
  /** a short content hash, for cache-busting URLs */
  version: string;
}

function asset(text: string, type: string): Asset {
  const body = Buffer.from(text, "utf8");
  return { body, type, version: createHash("sha256").update(body).digest("hex").slice(0, 12) };
}

export const assets: Record<"app.js" | "app.css", Asset> = {
  "app.js": asset(appJs, "text/javascript; charset=utf-8"),
  "app.css": asset(appCss, "text/css; charset=utf-8"),
};
