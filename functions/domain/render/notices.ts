/** The one-off emails: confirmation, welcome, unsubscribed. */
import { confirmationCopy, unsubscribedCopy, welcomeCopy } from "../curriculum/notices.js";
import type { NoticeCopy } from "../curriculum/notices.js";
import { footerBlocks, noticeFooterBlocks } from "../curriculum/shared.js";
import type { Profile } from "../profile.js";
import { longDate, time12, wallClockAt, weekdayName } from "../wall-clock.js";
import type { Block } from "./blocks.js";
import type { Composed, RenderedEmail } from "./compose.js";
import { renderComposed } from "./compose.js";
import { NOTICE } from "./layout.js";
import { contextFor } from "../personalise/index.js";
import { PROGRAMME_WEEKS } from "./programme.js";
import type { Footer } from "./week.js";

const composed = (copy: NoticeCopy, footer: readonly Block[]): Composed => ({ ...copy, footer });

/**
 * "Confirm your Legwork coaching emails": what the button does, that ignoring it changes nothing,
 * and that the link expires in 7 days.
 * @example renderConfirmation({ profile, confirmUrl: "https://example.com/confirm?token=t", postalAddress: "1 High St" })
 */
export const renderConfirmation = (input: { profile: Profile; confirmUrl: string; postalAddress: string }): RenderedEmail =>
  renderComposed(
    NOTICE,
    composed(
      confirmationCopy(input.profile.name, input.confirmUrl),
      noticeFooterBlocks("You're getting this one email because this address was entered on the Legwork signup form.", input.postalAddress),
    ),
  );

/**
 * The welcome: the first weekly email's day and time in the runner's own zone, what to expect,
 * and how to reply with a check-in.
 * @throws RangeError when firstSendAt is not an ISO instant or the profile's zone is unknown.
 */
export const renderWelcome = (input: { profile: Profile; firstSendAt: string; footer: Footer }): RenderedEmail => {
  const local = wallClockAt(input.firstSendAt, input.profile.timezone);
  if (!local) {
    throw new RangeError(`firstSendAt must be an ISO instant and the time zone valid: ${input.firstSendAt}, ${input.profile.timezone}`);
  }
  const time = time12(local);
  const copy = welcomeCopy(contextFor(input.profile, 1), {
    firstSend: `${longDate(local)} at ${time}`,
    weekday: weekdayName(local),
    time,
    timezone: input.profile.timezone,
    weeks: PROGRAMME_WEEKS,
    preferencesUrl: input.footer.preferencesUrl,
  });
  return renderComposed(NOTICE, composed(copy, footerBlocks(input.footer)));
};

/**
 * The last email: unsubscribed, with a way back in. With `preferencesUrl`, the footer also links the
 * preferences page, which still works after unsubscribing (settings, data download and deletion) and
 * never resubscribes anyone by itself.
 * @example renderUnsubscribed({ profile, resubscribeUrl: "https://example.com/", preferencesUrl: "https://example.com/preferences", postalAddress: "1 High St" })
 */
export const renderUnsubscribed = (input: {
  profile: Profile;
  resubscribeUrl: string;
  postalAddress: string;
  preferencesUrl?: string;
}): RenderedEmail => {
  const footer = noticeFooterBlocks(
    "This is the last email you'll get from Legwork unless you sign up again.",
    input.postalAddress,
    input.preferencesUrl,
  );
  return renderComposed(NOTICE, composed(unsubscribedCopy(input.profile.name, input.resubscribeUrl), footer));
};
