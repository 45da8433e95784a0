/**
 * Legwork's email renderer: curriculum copy (functions/domain/curriculum) personalised per runner
 * (functions/domain/personalise) and substituted, escaped, into layouts compiled ahead of time from
 * MJML (./generated, written by `npm run build:templates`).
 * Pure and deterministic: no clock, no environment, no randomness; MJML never runs here.
 */
export { PROGRAMME_WEEKS } from "./programme.js";
export type { RenderedEmail } from "./compose.js";
export type { CheckinLink, Footer, WeekInput } from "./week.js";
export { renderWeek } from "./week.js";
export { renderConfirmation, renderUnsubscribed, renderWelcome } from "./notices.js";
export type { RecoveryWeekInput } from "./adapted.js";
export { renderRecoveryWeek, TREND_BARS } from "./adapted.js";
export type { AckInput, CommandReplyInput, TriageInput } from "./replies.js";
export { renderAck, renderCommandReply, renderTriage } from "./replies.js";
export type { Adaptation, AdaptMode, CheckinSummary } from "../adapt.js";
export type { Block, ChartBar, Inline, LinkItem, PlanRow, Rich } from "./blocks.js";
export { blocksToHtml, blocksToText, escapeHtml } from "./blocks.js";
