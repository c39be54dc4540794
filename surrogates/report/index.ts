// Public exports of surrogates/report (re-exported by surrogates/index.ts).
export { figureFileName, formatCell, type Cell, type ReportBlock, type ReportDocument, type ReportSection } from "./document.js";
export { renderSvg, scopeSvgIds } from "./render-svg.js";
export { markdownTable, renderMarkdown } from "./markdown.js";
export { escapeHtml, renderHtml } from "./html.js";
export { renderReport, writeReport, type RenderedReport } from "./write-report.js";
export {
  fieldHeatmapSpec,
  fieldLineSpec,
  learningCurveSpec,
  lossCurveSpec,
  paretoSpec,
  tauSpec,
  type CurvePoint,
  type LossPoint,
  type ParetoPoint,
  type TauPoint,
} from "./plots.js";
export { COMPARE_SUMMARY_COLUMNS, compareReport, compareSummaryRows } from "./compare-report.js";
export { EVALUATION_FILE, evaluationBlocks, learnedTaus, physicalTau, runReport } from "./run-report.js";
export { TRADEOFF_COLUMNS, tradeoffNotes, tradeoffRows, tradeoffSection } from "./tradeoff-report.js";
export { CLAIM_COLUMNS, claimsSection } from "./claims-report.js";
