/**
 * Convert to HTML Table (n8n's HTML node): all input items become one <table> in `table`, a column per key
 * (keys in order of first appearance over all items), a row per item. Objects and lists are written as JSON.
 * Without custom styling the table gets n8n's default inline styles.
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

const attrs = (a: string) => (a.trim() ? ` ${a.trim()}` : '');
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function itemsToHtmlTable(items: Item[], o: TableOptions): string {
  const keys: string[] = [];
  for (const item of items) for (const k of Object.keys(item.json)) if (!keys.includes(k)) keys.push(k);
  const table = o.customStyling ? o.tableAttributes : DEFAULT_STYLE.table;
  const header = o.customStyling ? o.headerAttributes : DEFAULT_STYLE.header;
  const cell = o.customStyling ? o.cellAttributes : DEFAULT_STYLE.cell;
  const row = o.customStyling ? o.rowAttributes : '';
  let html = `<table${attrs(table)}>`;
  if (o.caption) html += `<caption>${o.caption}</caption>`;
  html += `<thead><tr${attrs(row)}>${keys.map((k) => `<th${attrs(header)}>${o.capitalize ? capitalize(k) : k}</th>`).join('')}</tr></thead>`;
  html += '<tbody>';
  for (const item of items) html += `<tr${attrs(row)}>${keys.map((k) => `<td${attrs(cell)}>${cellText(item.json[k])}</td>`).join('')}</tr>`;
  return `${html}</tbody></table>`;
}
