/** The signup limit's key for a client address (functions/web/shared/client-address.ts says whose address it is). */
import { isIP } from "node:net";

/** Expands an IPv6 address to its eight 16-bit groups (lower case, no leading zeros). */
const ipv6Groups = (ip: string): string[] => {
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const part = (text: string): string[] => (text ? text.split(":") : []);
  let tailGroups = part(tail);
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
  const last = tailGroups[tailGroups.length - 1] ?? "";
  if (last.includes(".")) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split(".").map(Number);
    tailGroups = [...tailGroups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  }
  const headGroups = part(head);
  const zeros = ip.includes("::") ? Array<string>(8 - headGroups.length - tailGroups.length).fill("0") : [];
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16).toString(16));
};

/**
 * The rate-limit key of an address: an IPv4 address as it is (/32), an IPv6 address by its /64 network,
 * because one subscriber line usually gets a whole /64 and could otherwise rotate through 2^64 addresses.
 * An IPv4-mapped IPv6 address counts as the IPv4 address. Anything else is used as it is.
 */
export const rateLimitKey = (address: string): string => {
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === "0") && groups[5] === "ffff") {
    const [hi = 0, lo = 0] = groups.slice(6).map((g) => parseInt(g, 16));
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return `${groups.slice(0, 4).join(":")}::/64`;
};
