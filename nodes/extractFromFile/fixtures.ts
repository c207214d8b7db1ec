/** Small files built in code for the file node tests: a PDF with text on each page, and binary items. */
import type { BinaryData, Item, JsonObject } from '../sdk';

/** A valid PDF (xref offsets computed) with one page per entry; each page's lines are drawn top to bottom. */
export function makePdf(pages: string[][], title = 'Weft test'): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, n) => 4 + n * 2);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  pages.forEach((lines, n) => {
    const stream = lines.map((line, k) => `BT /F1 12 Tf 72 ${720 - k * 20} Td (${line.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj ET`).join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[n] + 1} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`);
  });
  objects.push(`<< /Title (${title}) /Producer (weft) >>`);
  const infoId = objects.length;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, k) => {
    offsets.push(Buffer.byteLength(out));
    out += `${k + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function fileOf(bytes: Buffer | string, mimeType = 'text/plain', fileName?: string): BinaryData {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { data: buf.toString('base64'), mimeType, ...(fileName ? { fileName } : {}), fileSize: buf.length };
}

export function itemWith(binary: Record<string, BinaryData>, json: JsonObject = {}): Item {
  return { json, binary };
}
