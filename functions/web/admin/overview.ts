import type { OperatorAction } from "../../ports/operator.js";
import type { Stats } from "../../domain/stats.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { barChart, legend, lineChart } from "./charts.js";
import { table } from "./layout.js";

const pct = (n: number | null): string => (n === null ? "–" : `${(n * 100).toFixed(1)}%`);
const SENT = "#15803d";
const FAILED = "#b91c1c";
const BOUNCE = "#9a3412";
const COMPLAINT = "#6d28d9";

const charts = (s: Stats): string => {
  const labels = s.weekly.map((w) => w.weekStart.slice(5));
  const sends = [
    { label: "sent", color: SENT, values: s.weekly.map((w) => w.sent) },
    { label: "failed", color: FAILED, values: s.weekly.map((w) => w.failed) },
  ];
  const rate = [{ label: "check-in rate", color: SENT, values: s.weekly.map((w) => w.checkinRate) }];
  const sore = [{ label: "average soreness", color: BOUNCE, values: s.soreness.trend }];
  const d = s.deliverability;
  const top = Math.max(d.thresholds.bounce.pause, d.bounceRate, d.complaintRate) * 1.1;
  const deliver = [
    { label: "bounce rate", color: BOUNCE, values: [d.bounceRate] },
    { label: "complaint rate", color: COMPLAINT, values: [d.complaintRate] },
  ];
  return `<div class="grid">
<div class="card"><h2>Emails sent per week</h2>${barChart({ title: "Weekly emails sent and failed", labels, series: sends })}${legend(sends)}</div>
<div class="card"><h2>Check-in rate</h2>${lineChart({ title: "Check-ins per email sent", labels, series: rate, max: 1, format: pct })}</div>
<div class="card"><h2>Soreness trend</h2>${lineChart({ title: "Average soreness 0 to 10", labels, series: sore, max: 10 })}</div>
<div class="card"><h2>Bounces and complaints</h2>${barChart({ title: "Bounce and complaint rates against the SES thresholds", labels: ["all time"], series: deliver, max: top, format: pct })}
${legend(deliver)}<p class="note">SES reviews an account at a ${pct(d.thresholds.bounce.review)} bounce rate or a ${pct(d.thresholds.complaint.review)} complaint rate.
Now: bounces ${pct(d.bounceRate)} (${e(d.bounceStatus)}), complaints ${pct(d.complaintRate)} (${e(d.complaintStatus)}), over ${d.sent} emails.</p></div>
</div>`;
};

const weeklyTable = (s: Stats): string =>
  table(
    "Per week (weeks start on Monday, UTC)",
    ["Week of", "Sent", "Failed", "Confirmed", "Check-ins", "Rate", "Soreness", "Red flags", "Unsubscribed"],
    s.weekly.map((w) =>
      [w.weekStart, w.sent, w.failed, w.confirmations, w.checkins, pct(w.checkinRate), w.soreness ?? "–", w.redFlags, w.unsubscribes].map(
        (c) => e(String(c)),
      ),
    ),
  );

const actionsTable = (actions: OperatorAction[]): string =>
  table(
    "Latest operator actions",
    ["When", "Operator", "Action", "Runner"],
    actions.map((a) => [
      e(a.at),
      e(a.operator),
      e(`${a.action}${a.detail ? ` (${a.detail})` : ""}`),
      a.runnerId ? `<a href="/admin/runners/${e(a.runnerId)}">${e(a.runnerId)}</a>` : "",
    ]),
  );

/** The overview: the numbers, small charts of them, and the action log. */
export const overviewBody = (s: Stats, actions: OperatorAction[]): string => {
  const statuses = Object.entries(s.subscribers.byStatus)
    .map(([k, v]) => `${e(k)} ${v}`)
    .join(", ");
  const weeks =
    Object.entries(s.subscribers.byWeek)
      .map(([w, n]) => `week ${e(w)}: ${n}`)
      .join(", ") || "none yet";
  return `<div class="card"><p><strong>${s.subscribers.total}</strong> subscribers (${statuses}).
<a href="/admin/triage">${s.subscribers.heldForTriage} held for a red flag</a>. ${s.confirmations} confirmed, ${s.unsubscribes} unsubscribed.</p>
<p class="note">Active and paused runners by the last programme week sent: ${weeks}.</p></div>
${charts(s)}<div class="card"><h2>Week by week</h2>${weeklyTable(s)}</div>
<div class="card"><h2>Soreness reported</h2>${table("Check-ins by soreness score", ["Score", ...s.soreness.distribution.map((_, i) => String(i))], [["Check-ins", ...s.soreness.distribution.map(String)]])}</div>
<div class="card"><h2>Action log</h2>${actionsTable(actions)}</div>`;
};
