import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatCell, markdownTable, renderReport, writeReport } from "../report/index.js";
import { findChromium, loadPage } from "./report-chromium.js";
import { demoReport } from "./report-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "pdes-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("report rendering", () => {
  it("formats cells and Markdown tables", () => {
    expect(formatCell(1.234567e-5)).toBe("1.23e-5");
    expect(formatCell(0.0123456)).toBe("0.0123");
    expect(formatCell(42)).toBe("42");
    expect(formatCell(NaN)).toBe("—");
    expect(formatCell(null)).toBe("—");
    expect(markdownTable(["a|b", "c"], [["x", 2.5]])).toBe("| a\\|b | c |\n|---|---|\n| x | 2.50 |");
  });

  it("renders Markdown, escaped HTML and one SVG per figure", async () => {
    const doc = demoReport();
    const r = await renderReport(doc);
    expect(r.figures.size).toBe(7);
    for (const svg of r.figures.values()) expect(svg.startsWith("<svg")).toBe(true);
    expect(r.markdown).toContain("# Demo report");
    expect(r.markdown).toContain("![1-D sample](figures/sample-1d.svg)");
    expect(r.markdown).toContain("| gsnn | 1.23e-5 | pass |");
    expect(r.html).toContain("<title>Demo report &lt;with&gt; &quot;escapes&quot; &amp; ampersands</title>");
    expect(r.html).toContain('<td class="fail">fail</td>');
    expect(r.html).toContain("<strong>bold</strong>");
    expect((r.html.match(/<svg/g) ?? []).length).toBe(7);
    // Solver-vs-surrogate table and notes, claims table with verdicts.
    expect(r.markdown).toContain("| fno | surrogate | 0.500 | 0.0200 | 4.00× | MG-PCG on 31×31 |");
    expect(r.markdown).toContain("| ridge | surrogate | 0.100 | 0.00100 | no solver setting as accurate | — |");
    expect(r.markdown).toContain("Faster than the solver at equal error: fno (4.00× vs MG-PCG on 31×31).");
    expect(r.markdown).toContain("1 of 2 pass");
    expect(r.html).toContain('<td class="pass">pass</td>');
    // Self-contained: no scripts and no external resources.
    expect(r.html).not.toMatch(/<script|<link|src="http|href="http/);
    // Plots carry the data: the 2-D heatmap panels hold 32×32 cells each after striding 40 → 20.
    expect(r.figures.get("sample-2d")!.length).toBeGreaterThan(10_000);
    // Gradient ids are scoped per figure, so inlined SVGs never share one.
    const ids = [...r.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.html).toContain('fill="url(#sample-2d-0)"');
  });

  it("rejects duplicate figure names", async () => {
    const doc = demoReport();
    doc.sections[1]!.blocks.push({ ...(doc.sections[1]!.blocks[0] as object), name: "Sample 1D" } as never);
    await expect(renderReport(doc)).rejects.toThrow(/figure name must be unique in a report/);
  });

  it("writes report.md, report.html and figures/ without temporary files", async () => {
    const w = await writeReport(dir, demoReport());
    expect(existsSync(w.markdown) && existsSync(w.html)).toBe(true);
    expect(readdirSync(join(dir, "figures")).sort()).toEqual(["learning.svg", "loss.svg", "pareto.svg", "sample-1d.svg", "sample-2d.svg", "tau.svg", "tradeoff-darcy2d.svg"]);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(readFileSync(w.html, "utf8")).toBe((await renderReport(demoReport())).html);
  });
});

const chromium = findChromium();
if (!chromium) console.warn("report.test: no chromium found (apt-get install -y chromium, or set PDES_CHROMIUM): skipping the headless-browser check");

describe.skipIf(!chromium)("report in headless Chromium", () => {
  it("the console capture sees a deliberate console.error (positive control)", () => {
    const bad = join(dir, "bad.html");
    writeFileSync(bad, '<!DOCTYPE html><html><body><script>console.error("pdes-marker-42")</script></body></html>');
    const r = loadPage(chromium!, bad);
    expect(r.consoleLines.some((l) => l.includes("pdes-marker-42"))).toBe(true);
  });

  it("loads report.html with every figure and no console errors", async () => {
    const w = await writeReport(dir, demoReport());
    const shot = process.env.PDES_REPORT_SCREENSHOT;
    const r = loadPage(chromium!, w.html, shot);
    expect(r.consoleLines).toEqual([]);
    expect((r.dom.match(/<svg/g) ?? []).length).toBe(7);
    expect(r.dom).toContain("Learning curves");
  });
});
