/** The "GSNN claims" report section: each claim, its measurement, pass or fail. */
import type { ClaimResult } from "../evaluation/index.js";
import type { ReportSection } from "./document.js";

export const CLAIM_COLUMNS = ["claim", "measurement", "result"];

export function claimsSection(claims: ClaimResult[], budget: string): ReportSection {
  const passed = claims.filter((c) => c.pass).length;
  return {
    heading: "GSNN claims",
    blocks: [
      {
        kind: "text",
        text: `Each claim made for GSNNs, tested on the same data as the baselines (${budget}). ${passed} of ${claims.length} pass. A failure at this budget is reported as a failure, not explained away.`,
      },
      { kind: "table", columns: CLAIM_COLUMNS, rows: claims.map((c) => [c.claim, c.measurement, c.pass ? "pass" : "fail"]) },
    ],
  };
}
