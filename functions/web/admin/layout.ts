import { escapeHtml as e } from "../../lib/escape.js";

/** /admin pages: no script at all, styles inline, forms post only to this origin, never framed. */
export const ADMIN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2b36;background:#f3f6f4}
header{background:#14532d;color:#fff;padding:10px 16px}header a,header button{color:#fff}nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
nav form{margin:0}nav button{background:none;border:1px solid #fff;border-radius:6px;padding:2px 10px;font:inherit;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:16px 16px 48px}h1{font-size:1.5rem;margin:.3em 0 .5em;color:#14532d}h2{font-size:1.15rem;margin:1.2em 0 .4em}
.card{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:0 0 16px;min-width:0}
.scroll{overflow-x:auto}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d5e0da;vertical-align:top}
th{background:#eef4f0}label{display:block;font-weight:600;margin:12px 0 4px}input,select,textarea{width:100%;max-width:32rem;font:inherit;padding:8px 10px;border:1px solid #6b7f75;border-radius:6px;background:#fff;color:inherit}
button{font:inherit;font-weight:700;padding:8px 16px;border:0;border-radius:6px;background:#15803d;color:#fff;cursor:pointer;margin-top:10px}
button:focus,input:focus,select:focus,textarea:focus,a:focus{outline:3px solid #b45309;outline-offset:1px}a{color:#14532d}
.note{color:#3f524b;font-size:.9rem}.flag{display:inline-block;background:#fee2e2;color:#7f1d1d;border-radius:4px;padding:0 6px;margin:0 4px 4px 0;font-size:.85rem}
.msg{border-left:4px solid #15803d;background:#ecfdf3;padding:8px 12px;margin:0 0 16px}.alert{border-left:4px solid #b91c1c;background:#fef2f2;padding:8px 12px;margin:0 0 16px}
blockquote{margin:4px 0;padding:6px 10px;border-left:3px solid #6b7f75;background:#f7faf8;white-space:pre-wrap}svg{max-width:100%;height:auto}
`;

/** The signed-in operator's navigation; sign-out is a POST with the CSRF token. */
const nav = (csrf: string, operator: string): string => `<header><nav aria-label="Admin"><ul>
<li><strong>Legwork admin</strong></li><li><a href="/admin">Overview</a></li><li><a href="/admin/triage">Triage</a></li>
<li><a href="/admin/runners">Runners</a></li><li><a href="/admin/test-send">Test send</a></li>
<li>${e(operator)}</li><li><form method="post" action="/admin/sign-out"><input type="hidden" name="csrf" value="${e(csrf)}"><button type="submit">Sign out</button></form></li>
</ul></nav></header>`;

/** A whole admin page. `session` adds the navigation; without it the page is the signed-out shell. */
export const adminPage = (title: string, body: string, session?: { csrf: string; operator: string }): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${e(title)} · Legwork admin</title><style>${STYLE}</style></head>
<body>${session ? nav(session.csrf, session.operator) : "<header><strong>Legwork admin</strong></header>"}<main><h1>${e(title)}</h1>${body}</main></body></html>`;

/** The hidden CSRF field every session form carries. */
export const csrfField = (csrf: string): string => `<input type="hidden" name="csrf" value="${e(csrf)}">`;

/** A plain table: `rows` are already-escaped HTML cells. */
export const table = (caption: string, head: string[], rows: string[][]): string =>
  `<div class="scroll" tabindex="0" role="region" aria-label="${e(caption)}"><table><caption class="note">${e(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join("")}</tr></thead><tbody>${
    rows.length
      ? rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")
      : `<tr><td colspan="${head.length}">None.</td></tr>`
  }</tbody></table></div>`;

/** The sign-in form: what anyone without a session sees, and nothing else. */
export const signInForm = (message?: string): string =>
  adminPage(
    "Sign in",
    `${message ? `<p class="alert" role="alert">${e(message)}</p>` : ""}<form class="card" method="post" action="/admin/sign-in">
<p>Enter your operator address. If it is on this Legwork's operator list, a one-time sign-in link is emailed to it (valid 15 minutes).</p>
<label for="email">Operator email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit">Email me a sign-in link</button></form>`,
  );
