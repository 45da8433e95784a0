import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractNewText } from "../../../functions/domain/reply/index.js";

const ORIGINAL = "Hi Sam,\n\nWeek 3 of 10. How sore are you from 0 to 10?\nReply STOP to unsubscribe.\n\nLegwork Coach";
const quoted = (text: string): string =>
  text
    .split("\n")
    .map((l) => (l === "" ? ">" : `> ${l}`))
    .join("\n");

describe("extractNewText: plain text", () => {
  it.each([
    [
      "Gmail web",
      `Calves about a 6.\n\nOn Mon, 3 Mar 2025 at 07:00, Legwork Coach <coach@legwork.example> wrote:\n\n${quoted(ORIGINAL)}\n`,
      "Calves about a 6.",
    ],
    [
      "Gmail, attribution wrapped over two lines",
      `Quads 4.\n\nOn Mon, 3 Mar 2025 at 07:00, Legwork Coach <coach@legwork.example>\nwrote:\n\n${quoted(ORIGINAL)}\n`,
      "Quads 4.",
    ],
    [
      "Gmail Android",
      `3 or 4\n\nOn Mon, 3 Mar 2025, 07:02 Legwork Coach, <coach@legwork.example> wrote:\n\n${quoted(ORIGINAL)}\n`,
      "3 or 4",
    ],
    [
      "iOS top-posted",
      `Knees 5\n\nSent from my iPhone\n\n> On 3 Mar 2025, at 07:00, Legwork Coach <coach@legwork.example> wrote:\n>\n${quoted(ORIGINAL)}\n`,
      "Knees 5",
    ],
    [
      "iOS bottom-posted, interleaved",
      `> On 3 Mar 2025, at 07:00, Legwork Coach <coach@legwork.example> wrote:\n>\n> How sore are you?\n\nAbout a 5\n\n> Any sharp pain?\n\nNone\n\nSent from my iPhone`,
      "About a 5\n\nNone",
    ],
    [
      "Outlook desktop header block",
      `Knees 5\n\nThanks\nSam\n\nFrom: Legwork Coach <coach@legwork.example>\nSent: Monday, March 3, 2025 7:00 AM\nTo: Sam Runner <sam@example.com>\nSubject: Week 3\n\n${ORIGINAL}`,
      "Knees 5\n\nThanks\nSam",
    ],
    [
      "Outlook with the underscore rule",
      `Feet 2\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\nFrom: Legwork Coach <coach@legwork.example>\nSent: Monday, March 3, 2025 7:00:12 AM\nTo: sam@example.com\nSubject: Week 3\n\n${ORIGINAL}`,
      "Feet 2",
    ],
    [
      "Outlook -----Original Message-----",
      `Glutes 3\n\n-----Original Message-----\nFrom: Legwork Coach\nSent: 03 March 2025 07:00\n\n${ORIGINAL}`,
      "Glutes 3",
    ],
    [
      "Thunderbird with signature",
      `Hamstrings 5.\n\nOn 03/03/2025 07:00, Legwork Coach wrote:\n${quoted(ORIGINAL)}\n\n-- \nJo Bloggs\nTel: +44 7700 900789`,
      "Hamstrings 5.",
    ],
    [
      "German Apple Mail",
      `Waden 4\n\nVon meinem iPhone gesendet\n\n> Am 03.03.2025 um 07:00 schrieb Legwork Coach <coach@legwork.example>:\n>\n${quoted(ORIGINAL)}`,
      "Waden 4",
    ],
    [
      "German Gmail",
      `Calves 4\n\nAm Mo., 3. März 2025 um 07:00 Uhr schrieb Legwork Coach <\ncoach@legwork.example>:\n\n${quoted(ORIGINAL)}`,
      "Calves 4",
    ],
    [
      "German Outlook",
      `Knie 6\n\nVon: Legwork Coach <coach@legwork.example>\nGesendet: Montag, 3. März 2025 07:00\nAn: sam@example.com\nBetreff: Woche 3\n\n${ORIGINAL}`,
      "Knie 6",
    ],
    [
      "French Gmail",
      `Hanches 4\n\nLe lun. 3 mars 2025 à 07:00, Legwork Coach <coach@legwork.example> a écrit :\n\n${quoted(ORIGINAL)}`,
      "Hanches 4",
    ],
    [
      "French Outlook",
      `Genou 7\n\nDe : Legwork Coach <coach@legwork.example>\nEnvoyé : lundi 3 mars 2025 07:00\nÀ : sam@example.com\nObjet : Semaine 3\n\n${ORIGINAL}`,
      "Genou 7",
    ],
    [
      "French iPhone",
      `Mollets 2\n\nEnvoyé de mon iPhone\n\n> Le 3 mars 2025 à 07:00, Legwork Coach <coach@legwork.example> a écrit :\n${quoted(ORIGINAL)}`,
      "Mollets 2",
    ],
    [
      "Spanish Gmail",
      `Cuádriceps 8\n\nEl lun, 3 mar 2025 a las 7:00, Legwork Coach (<coach@legwork.example>)\nescribió:\n\n${quoted(ORIGINAL)}`,
      "Cuádriceps 8",
    ],
    [
      "Spanish Outlook",
      `Pie 8\n\nDe: Legwork Coach <coach@legwork.example>\nEnviado: lunes, 3 de marzo de 2025 7:00\nPara: sam@example.com\nAsunto: Semana 3\n\n${ORIGINAL}`,
      "Pie 8",
    ],
    [
      "Yahoo, original on the attribution line",
      `Shins 5/10\n\nSent from Yahoo Mail on Android\n\n  On Mon, 3 Mar 2025 at 7:00, Legwork Coach<coach@legwork.example> wrote:   Hi Sam, Week 3 of 10. Reply STOP to unsubscribe.`,
      "Shins 5/10",
    ],
    [
      "Samsung",
      `Zero!\n\nSent from my Galaxy\n\n-------- Original message --------\nFrom: Legwork Coach <coach@legwork.example> \nDate: 03/03/2025 07:00 (GMT+00:00) \n\n${ORIGINAL}`,
      "Zero!",
    ],
    ["Gmail forward", `fyi\n\n---------- Forwarded message ---------\nFrom: Legwork Coach <coach@legwork.example>\n\n${ORIGINAL}`, "fyi"],
    [
      "an unquoted original after an attribution",
      `Feet 3.\n\nOn Monday, 3 March 2025 at 07:00:00 GMT, Legwork Coach <coach@legwork.example> wrote:\n\n${ORIGINAL}`,
      "Feet 3.",
    ],
    [
      "CRLF line endings",
      "Calves 6\r\n\r\nOn Mon, 3 Mar 2025 at 07:00, Legwork Coach <coach@legwork.example> wrote:\r\n> Week 3 of 10\r\n",
      "Calves 6",
    ],
    ["a closing with a phone number stays", "Calves 6\n\nThanks,\nSam\n07700 900123", "Calves 6\n\nThanks,\nSam\n07700 900123"],
    ["no quote at all", "  just 4 today  \n\n\n\nthanks  ", "just 4 today\n\nthanks"],
  ])("%s", (_client, text, expected) => {
    expect(extractNewText({ text })).toBe(expected);
  });

  it("prefers the plain part when both are present", () => {
    expect(extractNewText({ text: "from plain", html: "<p>from html</p>" })).toBe("from plain");
  });

  it("falls back to HTML when the plain part is blank", () => {
    expect(extractNewText({ text: "  \n ", html: "<p>from html</p>" })).toBe("from html");
  });

  it("returns empty text when there is no body", () => {
    expect(extractNewText({})).toBe("");
  });
});

describe("extractNewText: HTML", () => {
  const ORIGINAL_HTML = "<p>Week 3 of 10. How sore are you from 0 to 10?</p><p>Reply STOP to unsubscribe.</p>";
  it.each([
    [
      "Gmail div.gmail_quote",
      `<div dir="ltr">Calves 6</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, 3 Mar 2025 at 07:00, Legwork Coach &lt;coach@legwork.example&gt; wrote:<br></div><blockquote class="gmail_quote">${ORIGINAL_HTML}</blockquote></div>`,
      "Calves 6",
    ],
    [
      "Apple blockquote type=cite, interleaved",
      `<div><blockquote type="cite"><div>On 3 Mar 2025, at 07:00, Legwork Coach wrote:</div>${ORIGINAL_HTML}</blockquote></div><div>About a 5</div><blockquote type="cite"><p>Any sharp pain?</p></blockquote><div>None</div>`,
      "About a 5\nNone",
    ],
    [
      "Outlook web #appendonsend / #divRplyFwdMsg and everything after",
      `<div>Shins 6</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Legwork Coach</div>${ORIGINAL_HTML}`,
      "Shins 6",
    ],
    [
      "Outlook desktop header block without an id",
      `<div class="WordSection1"><p class="MsoNormal">Knees 5<o:p></o:p></p><div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>From:</b> Legwork Coach &lt;coach@legwork.example&gt;<br><b>Sent:</b> Monday, March 3, 2025 7:00 AM<br><b>To:</b> sam@example.com<br><b>Subject:</b> Week 3</p></div>${ORIGINAL_HTML}</div>`,
      "Knees 5",
    ],
    [
      "Outlook for Mac #OLK_SRC_BODY_SECTION",
      `<div>Ankles 2</div><div><br></div><span id="OLK_SRC_BODY_SECTION"><div><b>From: </b>Legwork Coach</div></span>${ORIGINAL_HTML}`,
      "Ankles 2",
    ],
    [
      "Thunderbird .moz-cite-prefix and .moz-signature",
      `<p>Glutes 3</p><div class="moz-cite-prefix">On 03/03/2025 07:00, Legwork Coach wrote:<br></div><blockquote type="cite">${ORIGINAL_HTML}</blockquote><div class="moz-signature">-- <br>Jo<br>07700 900789</div>`,
      "Glutes 3",
    ],
    [
      "Yahoo .yahoo_quoted",
      `<div>Feet 4</div><div class="yahoo_quoted"><div>On Monday, 3 March 2025, 07:00:00 GMT, Legwork Coach wrote:</div>${ORIGINAL_HTML}</div>`,
      "Feet 4",
    ],
    [
      "head, style, comments and images",
      `<html><head><title>Re: Week 3</title><style>p { color: red } /* 7 */</style></head><body><!-- 9/10 --><p>Hips 4</p><img src="cid:x" alt="8/10"></body></html>`,
      "Hips 4",
    ],
    ["entities and links", `<p>Calves &amp; quads &lt;3 &nbsp;<a href="https://example.com/10">link</a></p>`, "Calves & quads <3  link"],
  ])("%s", (_client, html, expected) => {
    expect(extractNewText({ html })).toBe(expected);
  });

  it("does not take <header> for <head>", () => {
    expect(extractNewText({ html: "<header>Calves 6</header><p>thanks</p>" })).toBe("Calves 6\n\nthanks");
  });

  it("flattens HTML with too many tags instead of parsing it", () => {
    const html = `<p>Calves 6</p>${"<span>".repeat(20_000)}`;
    expect(extractNewText({ html })).toBe("Calves 6");
  });
});

describe("extractNewText: the maxChars bound", () => {
  it("stops once maxChars of new text are kept, and starts exactly like the unbounded text", () => {
    // Arrange
    const text = "6\n".repeat(50_000);

    // Act
    const bounded = extractNewText({ text }, 1_000);
    const unbounded = extractNewText({ text });

    // Assess
    expect(bounded.length).toBeGreaterThanOrEqual(1_000);
    expect(bounded.length).toBeLessThan(2_100);
    expect(unbounded.length).toBeGreaterThan(90_000);
    expect(unbounded.startsWith(bounded)).toBe(true);
  });

  it("counts only kept text: quotes above a bottom-posted answer use up none of it", () => {
    // Arrange
    const text = `On Mon, 3 Mar 2025 at 07:00, Legwork Coach <coach@legwork.example> wrote:\n${"> Week 3 of 10\n\n".repeat(5_000)}Calves 6\nthanks`;

    // Act
    const bounded = extractNewText({ text }, 10);

    // Assess
    expect(bounded).toBe("Calves 6\nthanks");
  });

  it("bounds the HTML path the same way", () => {
    // Arrange
    const html = `<blockquote>${"<p>quoted 7</p>".repeat(1_000)}</blockquote>${"<p>calves 6</p>".repeat(5_000)}`;

    // Act
    const bounded = extractNewText({ html }, 500);
    const unbounded = extractNewText({ html });

    // Assess
    expect(bounded.length).toBeGreaterThanOrEqual(500);
    expect(bounded.length).toBeLessThan(unbounded.length);
    expect(unbounded.startsWith(bounded)).toBe(true);
    expect(bounded).not.toContain("quoted");
  });

  it("for any text: a prefix of the unbounded result, and at least maxChars long unless it is all of it", () => {
    // Arrange
    const line = fc.oneof(
      fc.constantFrom("", "   ", "> quoted 7", "-- ", "Sent from my iPhone", "From: a", "Sent: b", "To: c", "calves 6", "  indented  "),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.constantFrom("\n", "\r\n"),
        fc.integer({ min: 0, max: 200 }),
        (lines, eol, maxChars) => {
          const text = lines.join(eol);

          // Act
          const bounded = extractNewText({ text }, maxChars);
          const unbounded = extractNewText({ text });

          // Assess
          expect(unbounded.startsWith(bounded)).toBe(true);
          if (bounded !== unbounded) expect(bounded.length).toBeGreaterThanOrEqual(maxChars);
        },
      ),
      { numRuns: 500 },
    );
  });
});
