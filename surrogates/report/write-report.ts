/**
 * Render a ReportDocument and write `report.md`, `report.html` and `figures/*.svg` into a
 * directory. Each file goes to a temporary name first and is renamed into place, so an
 * interrupted run never leaves a half-written report.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { InvalidArgumentError } from "../../core/index.js";
import { writeFileAtomic } from "../../datasets/index.js";
import { figureFileName, type ReportDocument } from "./document.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { renderSvg } from "./render-svg.js";

export interface RenderedReport {
  markdown: string;
  html: string;
  /** Figure name → SVG text. */
  figures: Map<string, string>;
  /** vega/vega-lite warnings while rendering, each prefixed with its figure's name. */
  warnings: string[];
}

export async function renderReport(doc: ReportDocument): Promise<RenderedReport> {
  const figures = new Map<string, string>();
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const s of doc.sections) {
    for (const b of s.blocks) {
      if (b.kind !== "figure") continue;
      const file = figureFileName(b.name);
      if (seen.has(file)) throw new InvalidArgumentError("figure name", b.name, "must be unique in a report");
      seen.add(file);
      const w: string[] = [];
      figures.set(b.name, await renderSvg(b.spec, file.replace(/\.svg$/, ""), w));
      warnings.push(...w.map((x) => `${b.name}: ${x}`));
    }
  }
  return { markdown: renderMarkdown(doc), html: renderHtml(doc, figures), figures, warnings };
}

// One atomic writer for the project (datasets/atomic-write.ts): temp + fsync + rename.
const atomicWrite = (path: string, text: string): Promise<void> => writeFileAtomic(path, text);

/** Writes the report files; returns their paths. */
export async function writeReport(dir: string, doc: ReportDocument): Promise<{ markdown: string; html: string; figures: string[]; warnings: string[] }> {
  const r = await renderReport(doc);
  await mkdir(join(dir, "figures"), { recursive: true });
  const figs: string[] = [];
  for (const [name, svg] of r.figures) {
    const p = join(dir, "figures", figureFileName(name));
    await atomicWrite(p, svg);
    figs.push(p);
  }
  const md = join(dir, "report.md");
  const html = join(dir, "report.html");
  await atomicWrite(md, r.markdown);
  await atomicWrite(html, r.html);
  return { markdown: md, html, figures: figs, warnings: r.warnings };
}
