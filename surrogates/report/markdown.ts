/** Markdown rendering of a ReportDocument; figures link to `figures/<name>.svg`. */
import { figureFileName, formatCell, type ReportDocument } from "./document.js";

function escapeCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function markdownTable(columns: string[], rows: Array<Array<string | number | null>>): string {
  const head = `| ${columns.map(escapeCell).join(" | ")} |`;
  const sep = `|${columns.map(() => "---").join("|")}|`;
  const body = rows.map((r) => `| ${r.map((c) => escapeCell(formatCell(c))).join(" | ")} |`);
  return [head, sep, ...body].join("\n");
}

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${doc.title}`, ""];
  if (doc.subtitle) out.push(doc.subtitle, "");
  for (const s of doc.sections) {
    out.push(`## ${s.heading}`, "");
    for (const b of s.blocks) {
      if (b.kind === "text") out.push(b.text, "");
      else if (b.kind === "table") {
        if (b.caption) out.push(`*${b.caption}*`, "");
        out.push(markdownTable(b.columns, b.rows), "");
      } else out.push(`![${b.caption}](figures/${figureFileName(b.name)})`, "", `*${b.caption}*`, "");
    }
  }
  return out.join("\n");
}
