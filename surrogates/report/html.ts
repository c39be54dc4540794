/** One self-contained HTML page: inline CSS, inline SVG figures, no scripts, no external URLs. */
import { figureFileName, formatCell, type ReportDocument } from "./document.js";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Paragraph text: escaped, with `code` spans and **bold** from the Markdown source. */
function inline(s: string): string {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.subtitle{color:#666;margin-top:0}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}
td.pass{color:#17692a;font-weight:600}td.fail{color:#a11;font-weight:600}
figure{margin:1em 0}figcaption{color:#555;font-size:.9em}
figure svg{max-width:100%;height:auto}
code{background:#f4f4f4;padding:0 .2em}
`;

function cellClass(v: string): string {
  return v === "pass" ? ' class="pass"' : v === "fail" ? ' class="fail"' : "";
}

export function renderHtml(doc: ReportDocument, figures: ReadonlyMap<string, string>): string {
  const parts: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(doc.title)}</h1>`,
  ];
  if (doc.subtitle) parts.push(`<p class="subtitle">${inline(doc.subtitle)}</p>`);
  for (const s of doc.sections) {
    parts.push(`<section><h2>${escapeHtml(s.heading)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === "text") parts.push(...b.text.split(/\n\n+/).map((p) => `<p>${inline(p)}</p>`));
      else if (b.kind === "table") {
        parts.push("<table>");
        if (b.caption) parts.push(`<caption>${inline(b.caption)}</caption>`);
        parts.push(`<thead><tr>${b.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>`);
        for (const r of b.rows) {
          parts.push(`<tr>${r.map((c) => formatCell(c)).map((c) => `<td${cellClass(c)}>${escapeHtml(c)}</td>`).join("")}</tr>`);
        }
        parts.push("</tbody></table>");
      } else {
        const svg = figures.get(b.name) ?? "";
        // The SVG comes from vega's own serializer; strip any XML prolog so it can sit inline.
        parts.push(`<figure id="${figureFileName(b.name).replace(/\.svg$/, "")}">${svg.replace(/^<\?xml[^>]*>\s*/, "")}<figcaption>${inline(b.caption)}</figcaption></figure>`);
      }
    }
    parts.push("</section>");
  }
  parts.push("</body></html>");
  return parts.join("\n");
}
