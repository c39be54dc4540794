// Public exports of surrogates/report (re-exported by surrogates/index.ts).
export { figureFileName, formatCell, type Cell, type ReportBlock, type ReportDocument, type ReportSection } from "./document.js";
export { renderSvg, scopeSvgIds } from "./render-svg.js";
export { markdownTable, renderMarkdown } from "./markdown.js";
export { escapeHtml, renderHtml } from "./html.js";
export { renderReport, writeReport, type RenderedReport } from "./write-report.js";
export { logTicks, modelColours, powerLabel, type LogTicks } from "./axes.js";
export { fieldHeatmapSpec, fieldLineRowSpec, fieldLineSpec, type FieldPlotOptions, type FieldSeries, type LineSample } from "./field-plots.js";
export {
  errorSpectrumSpec,
  learningCurveSpec,
  lossCurveSpec,
  tauSpec,
  type CurvePoint,
  type LossPoint,
  type SpectrumSeries,
  type TauPoint,
} from "./curve-plots.js";
export { paretoLabel, paretoSpec, type ParetoPoint } from "./pareto-plot.js";
export { COMPARE_SUMMARY_COLUMNS, compareReport, compareSummaryRows } from "./compare-report.js";
export { EVALUATION_FILE, evaluationBlocks, learnedTaus, physicalTau, runReport, type RunGrid } from "./run-report.js";
export { TRADEOFF_COLUMNS, tradeoffNotes, tradeoffRows, tradeoffSection } from "./tradeoff-report.js";
export { CLAIM_COLUMNS, claimsSection } from "./claims-report.js";
