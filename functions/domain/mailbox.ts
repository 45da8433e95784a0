import { createHash } from "node:crypto";

/** Providers that ignore dots in the local part: r.u.n.n.e.r@gmail.com is runner@gmail.com. */
const DOTLESS_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The inbox an address reaches, for abuse limits only (never for sending): lower case, any
 * "+tag" dropped (every big provider delivers runner+x@ to runner@), dots dropped where the provider
 * ignores them, googlemail.com as gmail.com. So "R.u.n.ner+1@GoogleMail.com" and "runner@gmail.com"
 * count as one mailbox.
 */
export const foldMailbox = (email: string): string => {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at < 1) return address;
  let local = address.slice(0, at).split("+")[0] ?? "";
  let domain = address.slice(at + 1);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (DOTLESS_DOMAINS.has(domain)) local = local.replace(/\./g, "");
  return `${local || address.slice(0, at)}@${domain}`;
};

/** A mailbox as a rate-limit key: a hash of the folded address, so no counter holds an address. */
export const mailboxHash = (email: string): string => createHash("sha256").update(foldMailbox(email)).digest("hex").slice(0, 32);
