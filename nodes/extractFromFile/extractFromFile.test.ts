/** Extract From File: CSV, spreadsheets, JSON, text, base64 and PDF out of binary data, with n8n's options. */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { extractFromFile } from './index';
import { fileOf, itemWith, makePdf } from './fixtures';

const csv = 'name,city,age\nAda,London,36\nLinus,,28\n"Smith, J","Paris ""FR""",41\n';

describe('extractFromFile: csv', () => {
  it('reads one item per row keyed by the header row, dropping empty cells (n8n default)', async () => {
    const out = await runNode(extractFromFile, { params: { operation: 'csv' }, items: [itemWith({ data: fileOf(csv, 'text/csv') })] });
    expect(jsonOf(out)).toEqual([
      { name: 'Ada', city: 'London', age: '36' },
      { name: 'Linus', age: '28' },
      { name: 'Smith, J', city: 'Paris "FR"', age: '41' },
    ]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
  });

  it('keeps empty cells, reads without a header row, and honours delimiter, fromLine and maxRowCount', async () => {
    const file = fileOf('a;b\n1;\n2;x\n3;y\n');
    const withEmpty = await runNode(extractFromFile, { params: { delimiter: ';', includeEmptyCells: true }, items: [itemWith({ data: file })] });
    expect(jsonOf(withEmpty)[0]).toEqual({ a: '1', b: '' });
    const rows = await runNode(extractFromFile, { params: { delimiter: ';', headerRow: false, fromLine: 2, maxRowCount: 2, includeEmptyCells: true }, items: [itemWith({ data: file })] });
    expect(jsonOf(rows)).toEqual([{ row: ['1', ''] }, { row: ['2', 'x'] }]);
    // n8n 2.40.7: without header row and empty cells, a row is an object keyed by position.
    const sparse = await runNode(extractFromFile, { params: { delimiter: ';', headerRow: false }, items: [itemWith({ data: file })] });
    expect(jsonOf(sparse).slice(0, 2)).toEqual([{ row: { 0: 'a', 1: 'b' } }, { row: { 0: '1' } }]);
  });

  it('maxRowCount counts records after the header; fromLine starts the header there (n8n 2.40.7)', async () => {
    const file = fileOf('a,b\n1,2\n3,4\n5,6\n');
    expect(jsonOf(await runNode(extractFromFile, { params: { maxRowCount: 1 }, items: [itemWith({ data: file })] }))).toEqual([{ a: '1', b: '2' }]);
    expect(jsonOf(await runNode(extractFromFile, { params: { fromLine: 2 }, items: [itemWith({ data: file })] }))).toEqual([{ 1: '3', 2: '4' }, { 1: '5', 2: '6' }]);
    const noHeader = await runNode(extractFromFile, { params: { fromLine: 2, headerRow: false, includeEmptyCells: true }, items: [itemWith({ data: file })] });
    expect(jsonOf(noHeader)).toEqual([{ row: ['1', '2'] }, { row: ['3', '4'] }, { row: ['5', '6'] }]);
  });

  it('decodes the encoding asked for, per item, and drops a BOM only when asked', async () => {
    const latin = iconv.encode('name\nJosé\n', 'latin1');
    const out = await runNode(extractFromFile, { params: { encoding: '={{ $json.enc }}' }, items: [itemWith({ data: fileOf(latin) }, { enc: 'latin1' })] });
    expect(jsonOf(out)).toEqual([{ name: 'José' }]);
    const bom = fileOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\n7\n')]));
    expect(Object.keys(jsonOf(await runNode(extractFromFile, { items: [itemWith({ data: bom })] }))[0] as object)).toEqual(['\ufeffid']);
    expect(jsonOf(await runNode(extractFromFile, { params: { enableBOM: true }, items: [itemWith({ data: bom })] }))).toEqual([{ id: '7' }]);
  });

  it('fails on malformed CSV, naming the node and the field', async () => {
    const run = runNode(extractFromFile, { items: [itemWith({ data: fileOf('a,b\n"open,1\n') })] });
    await expect(run).rejects.toThrow(/Node "Extract From File", field "binaryPropertyName" \(item 0\): the file is not valid CSV/);
  });

  it('fails when the item has no such binary property and says which it has', async () => {
    const run = runNode(extractFromFile, { params: { binaryPropertyName: 'file' }, items: [itemWith({ data: fileOf('a\n1\n') })] });
    await expect(run).rejects.toThrow('Node "Extract From File", field "binaryPropertyName" (item 0): the item has no binary property "file" (it has: data)');
  });

  it('rejects an unknown encoding naming the field', async () => {
    await expect(runNode(extractFromFile, { params: { encoding: 'klingon' }, items: [itemWith({ data: fileOf('a\n1\n') })] })).rejects.toThrow(/field "encoding" \(item 0\): unknown encoding "klingon"/);
  });

  it('with onError continue, a failing item becomes an error item and the others are read', async () => {
    const out = await runNode(extractFromFile, {
      node: { onError: 'continue' },
      items: [itemWith({ data: fileOf('a\n1\n') }), { json: { x: 1 } }],
    });
    expect(jsonOf(out)).toEqual([{ a: '1' }, { error: expect.stringContaining('has no binary property "data"') }]);
  });
});

describe('extractFromFile: fromJson, text, binaryToPropery', () => {
  const jsonFile = fileOf(JSON.stringify({ list: [1, 2], ok: true }), 'application/json', 'a.json');

  it('fromJson puts the parsed file under destinationKey and keeps the other binaries only', async () => {
    const item = itemWith({ data: jsonFile, other: fileOf('x') }, { keep: 'me' });
    const out = await runNode(extractFromFile, { params: { operation: 'fromJson', destinationKey: 'parsed.body' }, items: [item] });
    expect(out.main).toEqual([{ json: { parsed: { body: { list: [1, 2], ok: true } } }, binary: { other: item.binary!.other }, pairedItem: { item: 0 } }]);
  });

  it('keepSource both keeps the input json and all binaries', async () => {
    const item = itemWith({ data: jsonFile }, { keep: 'me' });
    const out = await runNode(extractFromFile, { params: { operation: 'fromJson', keepSource: 'both' }, items: [item] });
    expect(out.main[0].json).toEqual({ keep: 'me', data: { list: [1, 2], ok: true } });
    expect(out.main[0].binary).toEqual(item.binary);
  });

  it('fromJson fails on invalid JSON naming the file', async () => {
    const run = runNode(extractFromFile, { params: { operation: 'fromJson' }, items: [itemWith({ data: fileOf('{nope', 'application/json', 'bad.json') })] });
    await expect(run).rejects.toThrow(/field "binaryPropertyName" \(item 0\): the file "bad.json" is not valid JSON/);
  });

  it('text decodes the file (BOM stripped) and binaryToPropery gives the base64 string', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo\nworld')]);
    const text = await runNode(extractFromFile, { params: { operation: 'text', destinationKey: 'content' }, items: [itemWith({ data: fileOf(bytes) })] });
    expect(jsonOf(text)).toEqual([{ content: 'héllo\nworld' }]);
    const b64 = await runNode(extractFromFile, { params: { operation: 'binaryToPropery' }, items: [itemWith({ data: fileOf(bytes) })] });
    expect(jsonOf(b64)).toEqual([{ data: bytes.toString('base64') }]);
    expect(b64.main[0].binary).toBeUndefined();
  });

  it('skips items without the binary property (as n8n) and logs it', async () => {
    const out = await runNode(extractFromFile, { params: { operation: 'text' }, items: [{ json: { a: 1 } }, itemWith({ data: fileOf('hi') })] });
    expect(out.main).toEqual([{ json: { data: 'hi' }, pairedItem: { item: 1 } }]);
  });
});

describe('extractFromFile: spreadsheets', () => {
  function xlsxFile(sheets: Record<string, unknown[][]>): Buffer {
    const wb = XLSX.utils.book_new();
    for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  }
  const book = xlsxFile({ First: [['id', 'name'], [1, 'a'], [2, 'b']], Second: [['k'], ['v']] });

  it('reads the first sheet with numbers kept as numbers', async () => {
    const out = await runNode(extractFromFile, { params: { operation: 'xlsx' }, items: [itemWith({ data: fileOf(book) })] });
    expect(jsonOf(out)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  });

  it('reads a named sheet, without header row, and a range', async () => {
    expect(jsonOf(await runNode(extractFromFile, { params: { operation: 'xlsx', sheetName: 'Second' }, items: [itemWith({ data: fileOf(book) })] }))).toEqual([{ k: 'v' }]);
    expect(jsonOf(await runNode(extractFromFile, { params: { operation: 'xlsx', headerRow: false }, items: [itemWith({ data: fileOf(book) })] }))[0]).toEqual({ row: ['id', 'name'] });
    expect(jsonOf(await runNode(extractFromFile, { params: { operation: 'xlsx', range: 'A2:B2', headerRow: false }, items: [itemWith({ data: fileOf(book) })] }))).toEqual([{ row: [1, 'a'] }]);
  });

  it('names the sheets it has when the sheet is missing', async () => {
    const run = runNode(extractFromFile, { params: { operation: 'xlsx', sheetName: 'Nope' }, items: [itemWith({ data: fileOf(book) })] });
    await expect(run).rejects.toThrow('Node "Extract From File", field "sheetName" (item 0): the spreadsheet has no sheet called "Nope" (it has: First, Second)');
  });

  it('reads an HTML table', async () => {
    const html = '<table><tr><td>k</td><td>v</td></tr><tr><td>x</td><td>1</td></tr></table>';
    expect(jsonOf(await runNode(extractFromFile, { params: { operation: 'html' }, items: [itemWith({ data: fileOf(html, 'text/html') })] }))).toEqual([{ k: 'x', v: 1 }]);
  });
});

describe('extractFromFile: pdf', () => {
  it('extracts the text of every page, lines split by height, pages joined by a blank line', async () => {
    const pdf = makePdf([['Invoice 42', 'Total: 10 EUR'], ['Page two']], 'My invoice');
    const item = itemWith({ data: fileOf(pdf, 'application/pdf', 'inv.pdf') }, { a: 1 });
    const out = await runNode(extractFromFile, { params: { operation: 'pdf' }, items: [item] });
    const json = out.main[0].json as Record<string, unknown>;
    expect(json.text).toBe('Invoice 42\nTotal: 10 EUR\n\nPage two');
    expect(json.numpages).toBe(2);
    expect((json.info as Record<string, unknown>).Title).toBe('My invoice');
    expect(json.a).toBeUndefined();
    expect(out.main[0].binary).toBeUndefined();
    const kept = await runNode(extractFromFile, { params: { operation: 'pdf', keepSource: 'both' }, items: [item] });
    expect(kept.main[0].json).toMatchObject({ a: 1, numpages: 2 });
    expect(kept.main[0].binary).toEqual(item.binary);
  });

  it('reads at most maxPages pages and gives a list per page with joinPages off', async () => {
    const pdf = makePdf([['one'], ['two'], ['three']]);
    const out = await runNode(extractFromFile, { params: { operation: 'pdf', maxPages: 2, joinPages: false }, items: [itemWith({ data: fileOf(pdf) })] });
    expect((out.main[0].json as Record<string, unknown>).text).toEqual(['one', 'two']);
  });

  it('fails on a file that is not a PDF, naming the field', async () => {
    const run = runNode(extractFromFile, { params: { operation: 'pdf' }, items: [itemWith({ data: fileOf('just text') })] });
    await expect(run).rejects.toThrow(/Node "Extract From File", field "binaryPropertyName" \(item 0\): the file could not be read as PDF/);
  });
});
