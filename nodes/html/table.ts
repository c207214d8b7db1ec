/**
 * Convert to HTML Table (n8n's HTML node), written the way n8n 2.40.7 writes it so imported workflows that post
 * or compare the table get the same text: all input items become one <table> in `table`, a column per key
 * (in order of first appearance over all items), a row per item, values as JavaScript's String() writes them
 * (a missing value is "undefined", as in n8n). Without custom styling, n8n's inline styles go on <table>,
 * <thead> and <td>; the attribute options are added after them.
 */
import type { Item } from '../sdk';

export interface TableOptions {
  capitalize: boolean;
  customStyling: boolean;
  caption: string;
  tableAttributes: string;
  headerAttributes: string;
  rowAttributes: string;
  cellAttributes: string;
}

const DEFAULT_STYLE = {
  table: "style='border-spacing:0; font-family:helvetica,arial,sans-serif'",
  header: "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal'",
  cell: "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'",
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

export function itemsToHtmlTable(items: Item[], o: TableOptions): string {
  const keys: string[] = [];
  for (const item of items) for (const k of Object.keys(item.json)) if (!keys.includes(k)) keys.push(k);
  const style = (s: string) => (o.customStyling ? '' : s);
  let html = `<table ${style(DEFAULT_STYLE.table)} ${o.tableAttributes}>`;
  if (o.caption) html += `<caption>${o.caption}</caption>`;
  html += `<thead ${style(DEFAULT_STYLE.header)} ${o.headerAttributes}><tr>${keys.map((k) => `<th>${o.capitalize ? capitalize(k) : k}</th>`).join('')}</tr></thead>`;
  html += '<tbody>';
  for (const item of items) {
    html += `<tr  ${o.rowAttributes}>${keys.map((k) => `<td ${style(DEFAULT_STYLE.cell)} ${o.cellAttributes}>${String(item.json[k])}</td>`).join('')}</tr>`;
  }
  return `${html}</tbody></table>`;
}
