import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fieldHeatmapSpec, formatCell, logTicks, markdownTable, powerLabel, renderReport, renderSvg, writeReport } from "../report/index.js";
import { findChromium, loadPage } from "./report-chromium.js";
import { demoReport } from "./report-fixture.js";
import { cellFills, colourSpread, lineMarks, symbolLabels, texts } from "./svg-inspect.js";

const dir = mkdtempSync(join(tmpdir(), "pdes-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The demo report rendered once, shared by the tests that only read it (a rendering is about
// 0.5 s of CPU, most of it vega).
let demo: ReturnType<typeof renderReport> | undefined;
const demoRendered = () => (demo ??= renderReport(demoReport()));
/** The demo report written into `dir` once (report.html for the browser test). */
let written: ReturnType<typeof writeReport> | undefined;
const demoWritten = () => (written ??= writeReport(dir, demoReport()));

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
    const r = await demoRendered();
    expect(r.figures.size).toBe(8);
    expect(r.warnings).toEqual([]);
    for (const svg of r.figures.values()) expect(svg.startsWith("<svg")).toBe(true);
    expect(r.markdown).toContain("# Demo report");
    expect(r.markdown).toContain("![1-D sample](figures/sample-1d.svg)");
    expect(r.markdown).toContain("| gsnn | 1.23e-5 | pass |");
    expect(r.html).toContain("<title>Demo report &lt;with&gt; &quot;escapes&quot; &amp; ampersands</title>");
    expect(r.html).toContain('<td class="fail">fail</td>');
    expect(r.html).toContain("<strong>bold</strong>");
    expect((r.html.match(/<svg/g) ?? []).length).toBe(8);
    // Solver-vs-surrogate table and notes, claims table with verdicts.
    expect(r.markdown).toContain("| fno | surrogate | 0.500 | 0.0200 | 4.00× | MG-PCG on 31×31 |");
    expect(r.markdown).toContain("| ridge | surrogate | 0.100 | 0.00100 | no solver setting as accurate | — |");
    expect(r.markdown).toContain("Faster than the solver at equal error: fno (4.00× vs MG-PCG on 31×31).");
    expect(r.markdown).toContain("1 of 2 pass");
    expect(r.html).toContain('<td class="pass">pass</td>');
    // Self-contained: no scripts and no external resources.
    expect(r.html).not.toMatch(/<script|<link|src="http|href="http/);
    // Plots carry the data: the 2-D heatmap's three panels hold 20×20 cells each after striding 40 → 20.
    expect(cellFills(r.figures.get("sample-2d")!).map((c) => c.length)).toEqual([400, 400, 400]);
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
    const w = await demoWritten();
    expect(existsSync(w.markdown) && existsSync(w.html)).toBe(true);
    expect(readdirSync(join(dir, "figures")).sort()).toEqual(["learning.svg", "loss.svg", "pareto.svg", "sample-1d.svg", "sample-2d.svg", "spectrum.svg", "tau.svg", "tradeoff-darcy2d.svg"]);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(readFileSync(w.html, "utf8")).toBe((await demoRendered()).html);
  });
});

describe("figures", () => {
  it("log ticks: powers of ten (2× and 5× within two decades), one label format", () => {
    expect(logTicks([2e-4, 3e-2])).toEqual({ domain: [1e-4, 0.1], values: [1e-4, 1e-3, 1e-2, 0.1] });
    expect(logTicks([0.013, 0.04]).values).toEqual([0.01, 0.02, 0.05]);
    // Many decades: every second power, still enclosing the data.
    expect(logTicks([1e-16, 0.3]).values).toEqual([1e-16, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect([1e-7, 1, 10, 2e-3, 5e5].map(powerLabel)).toEqual(["10⁻⁷", "10⁰", "10¹", "2×10⁻³", "5×10⁵"]);
  });

  it("every axis label is a power-of-ten label or an integer; epoch axes have no fractional ticks", async () => {
    const r = await demoRendered();
    const labels = [...r.figures.values()].flatMap((svg) => texts(svg, "role-axis-label"));
    expect(labels.length).toBeGreaterThan(40);
    const odd = labels.filter((l) => !/^((\d×)?10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|−?\d+(\.\d+)?|block \d)$/.test(l));
    expect(odd).toEqual([]);
    // No d3 default formats like 0.000001, 1e-7 or 1.000000 anywhere on an axis.
    expect(labels.filter((l) => /e[-+]?\d|0\.0000|\.000000/.test(l))).toEqual([]);
    const loss = texts(r.figures.get("loss")!, "role-axis-label");
    expect(loss.filter((l) => /^\d+$/.test(l))).toEqual(["1", "2", "3"]);
  });

  it("learning curves are lines with one vertex per n_train for every model", async () => {
    const r = await demoRendered();
    const lines = lineMarks(r.figures.get("learning")!);
    expect(lines.map((l) => l.label.match(/model: (\w+)/)?.[1]).sort()).toEqual(["fno", "gsnn", "ridge"]);
    for (const l of lines) expect(l.vertices).toBe(3);
    // One colour per model.
    expect(new Set(lines.map((l) => l.stroke)).size).toBe(3);
  });

  it("cost vs error: solver settings beside the surrogates, one legend entry and colour each", async () => {
    const r = await demoRendered();
    const svg = r.figures.get("tradeoff-darcy2d")!;
    const pts = symbolLabels(svg);
    expect(pts.filter((l) => /solver: MG-PCG/.test(l))).toHaveLength(2);
    expect(pts.filter((l) => /label: (fno|ridge);/.test(l))).toHaveLength(2);
    expect(texts(svg, "role-legend-label")).toEqual(["fno", "ridge", "solver: MG-PCG rtol 1e-8", "solver: MG-PCG on 31×31"]);
    const fills = [...svg.matchAll(/aria-roledescription="point"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(fills).size).toBe(4);
  });

  it("2-D heatmaps: truth and prediction share one colour scale, so a prediction 30× too small looks wrong", async () => {
    const m = 12;
    const truth = Array.from({ length: m * m }, (_, k) => Math.sin((2 * Math.PI * Math.floor(k / m)) / m) + Math.cos((2 * Math.PI * (k % m)) / m));
    const fills = async (pred: number[]) => cellFills(await renderSvg(fieldHeatmapSpec([m, m], truth, pred, "t")));
    const [t1, p1, e1] = await fills(truth.map((v) => v / 30));
    // Control: an exact prediction is drawn exactly like the truth and its error is flat.
    const [t0, p0, e0] = await fills(truth);
    expect(p0).toEqual(t0);
    expect(new Set(e0).size).toBe(1);
    expect(t1).toEqual(t0);
    // Shrunk 30×, the prediction panel is nearly one colour; independent scales would redraw the truth.
    expect(p1).not.toEqual(t1);
    expect(colourSpread(t1)).toBeGreaterThan(150);
    expect(colourSpread(p1)).toBeLessThan(colourSpread(t1) / 10);
    expect(colourSpread(e1)).toBeGreaterThan(100);
  });
});

const chromium = findChromium();
if (!chromium) console.warn("report.test: no chromium found (apt-get install -y chromium, or set PDES_CHROMIUM): skipping the headless-browser check");

describe.skipIf(!chromium)("report in headless Chromium", () => {
  // One browser start (about 1.4 s of CPU each): the page is the report with one deliberate
  // console.error added at its end, the positive control of the console capture; every other
  // console line would be the report's own.
  it("loads report.html with every figure and no console errors (the capture sees a deliberate one: positive control)", async () => {
    const w = await demoWritten();
    const shot = process.env.PDES_REPORT_SCREENSHOT;
    const page = join(dirname(w.html), "report-marked.html");
    const html = readFileSync(w.html, "utf8");
    expect(html).toContain("</body>");
    writeFileSync(page, html.replace("</body>", '<script>console.error("pdes-marker-42")</script></body>'));
    const r = loadPage(chromium!, page, shot);
    expect(r.consoleLines).toHaveLength(1);
    expect(r.consoleLines[0]).toContain("pdes-marker-42");
    expect((r.dom.match(/<svg/g) ?? []).length).toBe(8);
    expect(r.dom).toContain("Learning curves");
  });
});
