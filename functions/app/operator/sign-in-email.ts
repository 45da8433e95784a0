import { note, p, small } from "../../domain/curriculum/types.js";
import type { RenderedEmail } from "../../domain/render/compose.js";
import { renderComposed } from "../../domain/render/compose.js";
import { NOTICE } from "../../domain/render/layout.js";

/**
 * The operator's one-time sign-in email: the link opens a page with a button (a GET signs nobody in),
 * and says how long it lasts and what to do if it was not asked for.
 */
export const renderSignInEmail = (input: { link: string; minutes: number; postalAddress: string }): RenderedEmail =>
  renderComposed(NOTICE, {
    subject: "Your Legwork admin sign-in link",
    kicker: "Legwork operator",
    heading: "Sign in to Legwork admin",
    preheader: `A one-time link to the Legwork dashboard, valid for ${input.minutes} minutes.`,
    sections: [
      note(
        p("Someone, hopefully you, asked to sign in to the Legwork admin dashboard with this address."),
        { kind: "button", label: "Open the sign-in page", url: input.link },
        p(
          `The link works once and expires in ${input.minutes} minutes. It opens a page with a button: nothing happens until you press it.`,
        ),
        p("If you didn't ask for this, ignore this email: nobody can sign in without the link."),
      ),
    ],
    footer: [small("You're getting this because this address is on this Legwork's operator list."), small(input.postalAddress)],
  });
