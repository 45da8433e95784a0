/** Plain-text helpers for the text part: no html-to-text at send time, just wrapping. */

export const TEXT_WIDTH = 72;

/**
 * Wraps one paragraph at {@link TEXT_WIDTH} columns without breaking words (a long URL keeps its
 * own line). Existing line breaks are kept. `first` prefixes the first line, `rest` the others.
 * Cuts at the last space that fits instead of splitting into words: this runs for every email.
 * @example wrap("a b", "- ", "  ") // "- a b"
 */
export const wrap = (paragraph: string, first = "", rest = first): string => {
  if (first.length + paragraph.length <= TEXT_WIDTH && !paragraph.includes("\n")) return first + paragraph;
  const out: string[] = [];
  let prefix = first;
  for (const source of paragraph.includes("\n") ? paragraph.split("\n") : [paragraph]) {
    let start = 0;
    while (source.length - start > TEXT_WIDTH - prefix.length) {
      let cut = source.lastIndexOf(" ", start + TEXT_WIDTH - prefix.length);
      if (cut <= start) cut = source.indexOf(" ", start + TEXT_WIDTH - prefix.length);
      if (cut === -1) break;
      out.push(prefix + source.slice(start, cut));
      prefix = rest;
      start = cut + 1;
      while (source.charCodeAt(start) === 32) start += 1;
    }
    out.push(prefix + source.slice(start));
    prefix = rest;
  }
  return out.join("\n");
};

/** A title underlined with "=" (headings inside the body use "-"). */
export const underline = (title: string, mark = "="): string => `${title}\n${mark.repeat(Math.min(TEXT_WIDTH, [...title].length))}`;
