import { isIP } from "node:net";

/**
 * Who is asking, for the per-IP signup limit. Behind CloudFront the Function URL sees CloudFront's edge
 * address, so the viewer's own comes from the `CloudFront-Viewer-Address` header ("ip:port"), read only
 * when the deployment says CloudFront is in front (`trustViewerAddress`): without CloudFront anyone could
 * send that header and pick their own limit bucket.
 */
export const clientAddress = (
  headers: Readonly<Record<string, string | undefined>> | undefined,
  sourceIp: string,
  trustViewerAddress: boolean,
): string => {
  const viewer = trustViewerAddress ? headers?.["cloudfront-viewer-address"] : undefined;
  if (viewer) {
    const ip = viewer.slice(0, Math.max(0, viewer.lastIndexOf(":")));
    if (isIP(ip)) return ip;
  }
  return sourceIp;
};
