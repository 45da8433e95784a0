import { layout } from "./shared/pages.js";

/** GET /privacy: what Legwork keeps, why, for how long, and how to get it or have it erased. Linked beside the consent box. */
export const privacyPage = (): string =>
  layout(
    "Privacy notice",
    `<h1>Privacy notice</h1><div class="card">
<p><strong>What we keep.</strong> Your email address, the first name you give us (if any), the running details you choose
(level, runs a week, usual run, goal, units, run days, email day and time, time zone, sore areas), when you agreed to the
emails, and which emails we sent you.</p>
<p><strong>Health data.</strong> When you tell us how your legs feel, by replying to an email or tapping a score, that is
health data. We use it only to shape your coaching and to warn you when something sounds like it needs a professional. A
check-in is kept for up to a year, then deleted automatically.</p>
<p><strong>Who sees it.</strong> The coach or club that runs this Legwork service, and nobody else. We never sell it or use it
for advertising.</p>
<p><strong>Your choices.</strong> Every email has a one-click unsubscribe and a link to your preferences, where you can
download everything we hold about you or delete all of it at once.</p>
<p><a class="next" href="/">Back to the signup page</a></p></div>`,
  );
