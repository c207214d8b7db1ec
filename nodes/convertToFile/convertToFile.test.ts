/** Convert to File: tables, JSON, text and base64 into binary data, with n8n's file names and MIME types. */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { runNode } from '../../server/engine/testing/node-context';
import { extractFromFile } from '../extractFromFile';
import { convertToFile } from './index';

const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('convertToFile: tables', () => {
  const items = [{ name: 'Ada', address: { city: 'London' }, tags: ['x', 'y'] }, { name: 'Linus, T', address: { city: 'Helsinki' } }];

  // SheetJS starts a CSV file with a UTF-8 BOM, in n8n too (same library, same call).
  it('writes all items to one CSV with nested fields flattened, paired to every input item', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'csv' }, items });
    expect(out.main).toHaveLength(1);
    const file = out.main[0].binary!.data;
    expect(text(file.data)).toBe('\ufeffname,address.city,tags.0,tags.1\nAda,London,x,y\n"Linus, T",Helsinki,,');
    expect(file).toMatchObject({ fileName: 'File.csv', mimeType: 'text/csv', fileExtension: 'csv' });
    expect(out.main[0].json).toEqual({});
    expect(out.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('writes booleans as TRUE/FALSE, null and missing fields as empty cells (n8n 2.40.7)', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'csv' }, items: [{ a: 'x' }, { a: null, ok: true, n: 2 }] });
    expect(text(out.main[0].binary!.data.data)).toBe('\ufeffa,ok,n\nx,,\n,TRUE,2');
  });

  it('honours delimiter, header row off, file name and output property', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'csv', delimiter: ';', headerRow: false, fileName: 'people.csv', binaryPropertyName: 'report' }, items: [{ a: 1, b: 2 }] });
    expect(text(out.main[0].binary!.report.data)).toBe('\ufeff1;2');
    expect(out.main[0].binary!.report.fileName).toBe('people.csv');
  });

  it('writes an XLSX that Extract From File reads back', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'xlsx', sheetName: 'People' }, items: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] });
    const file = out.main[0].binary!.data;
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(XLSX.read(Buffer.from(file.data, 'base64')).SheetNames).toEqual(['People']);
    const back = await runNode(extractFromFile, { params: { operation: 'xlsx' }, items: [out.main[0]] });
    expect(back.main.map((i) => i.json)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  });
});

describe('convertToFile: tables as n8n 2.40.7 makes them', () => {
  const rows = [{ id: 1, name: 'a', d: '2024-01-02' }, { id: 2, name: 'b', x: true }];
  it.each([
    ['xlsx', 'File.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['html', 'File.html', 'text/html'],
    ['ods', 'File.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['xls', 'File.xls', 'application/vnd.ms-excel'],
  ])('%s: named %s, %s, and Extract From File reads the same rows back', async (operation, fileName, mimeType) => {
    const out = await runNode(convertToFile, { params: { operation }, items: rows });
    expect(out.main[0].binary!.data).toMatchObject({ fileName, mimeType, fileExtension: operation });
    const back = await runNode(extractFromFile, { params: { operation }, items: [out.main[0]] });
    expect(back.main.map((i) => i.json)).toEqual(rows);
  });
});

describe('convertToFile: toJson', () => {
  const items = [{ a: 1 }, { a: 2 }];

  it('mode once writes every item as one JSON list in file.json', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toJson' }, items });
    const file = out.main[0].binary!.data;
    expect(text(file.data)).toBe('[{"a":1},{"a":2}]');
    expect(file).toMatchObject({ fileName: 'file.json', mimeType: 'application/json', fileExtension: 'json' });
  });

  it('mode each writes one formatted file per item, named per item', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toJson', mode: 'each', format: true, fileName: '={{ "item-" + $json.a + ".json" }}' }, items });
    expect(out.main.map((i) => text(i.binary!.data.data))).toEqual(['{\n  "a": 1\n}', '{\n  "a": 2\n}']);
    expect(out.main.map((i) => i.binary!.data.fileName)).toEqual(['item-1.json', 'item-2.json']);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});

describe('convertToFile: toText', () => {
  it('writes the string at a nested path to file.txt as text/plain', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toText', sourceProperty: 'message.content' }, items: [{ message: { content: '# Hi\nthere' } }] });
    const file = out.main[0].binary!.data;
    expect(text(file.data)).toBe('# Hi\nthere');
    expect(file).toMatchObject({ fileName: 'file.txt', mimeType: 'text/plain', fileExtension: 'txt', fileSize: 10 });
  });

  it('takes the file name from an expression, encodes latin1 and adds a BOM for utf8', async () => {
    const latin = await runNode(convertToFile, { params: { operation: 'toText', sourceProperty: 'html', fileName: '={{ $json.title }} BMC.html', encoding: 'latin1' }, items: [{ html: 'é', title: 'Acme' }] });
    const file = latin.main[0].binary!.data;
    expect(Buffer.from(file.data, 'base64')).toEqual(Buffer.from([0xe9]));
    expect(file).toMatchObject({ fileName: 'Acme BMC.html', mimeType: 'text/plain', fileExtension: 'html' });
    const bom = await runNode(convertToFile, { params: { operation: 'toText', sourceProperty: 't', addBOM: true }, items: [{ t: 'x' }] });
    expect(Buffer.from(bom.main[0].binary!.data.data, 'base64')).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x78]));
  });

  it('writes an object as JSON with the MIME type application/json', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toText', sourceProperty: 'o' }, items: [{ o: { k: 1 } }] });
    expect(text(out.main[0].binary!.data.data)).toBe('{"k":1}');
    expect(out.main[0].binary!.data.mimeType).toBe('application/json');
  });

  it('fails naming the node, the field and the fields the item has when the source is missing', async () => {
    const run = runNode(convertToFile, { params: { operation: 'toText', sourceProperty: 'markdown' }, items: [{ md: 'x', title: 't' }] });
    await expect(run).rejects.toThrow('Node "Convert to File", field "sourceProperty" (item 0): the item has no field "markdown" (it has: md, title)');
    await expect(runNode(convertToFile, { params: { operation: 'toText' }, items: [{ a: 1 }] })).rejects.toThrow(/field "sourceProperty" \(item 0\): name the input field/);
  });
});

describe('convertToFile: toBinary', () => {
  it('decodes base64 and detects a PNG from its bytes (file.png, image/png)', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toBinary', sourceProperty: 'data[0].b64_json' }, items: [{ data: [{ b64_json: PNG_1x1 }] }] });
    const file = out.main[0].binary!.data;
    expect(file).toMatchObject({ fileName: 'file.png', mimeType: 'image/png', fileExtension: 'png', data: PNG_1x1 });
  });

  it('takes the MIME type from a data: URI, or from the option and the file name', async () => {
    const uri = await runNode(convertToFile, { params: { operation: 'toBinary', sourceProperty: 'u' }, items: [{ u: `data:image/png;base64,${PNG_1x1}` }] });
    expect(uri.main[0].binary!.data).toMatchObject({ mimeType: 'image/png', data: PNG_1x1 });
    const html = Buffer.from('<p>hi</p>').toString('base64');
    const named = await runNode(convertToFile, { params: { operation: 'toBinary', sourceProperty: 'encoded', fileName: 'index.html', mimeType: 'text/html' }, items: [{ encoded: html }] });
    expect(named.main[0].binary!.data).toMatchObject({ fileName: 'index.html', mimeType: 'text/html', fileExtension: 'html', fileSize: 9 });
  });

  it('writes the value as text when dataIsBase64 is off', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'toBinary', sourceProperty: 'output', dataIsBase64: false }, items: [{ output: 'plain words' }] });
    expect(text(out.main[0].binary!.data.data)).toBe('plain words');
    // n8n 2.40.7: nothing tells the type, so text/plain with no extension and the name `file`.
    expect(out.main[0].binary!.data).toMatchObject({ mimeType: 'text/plain', fileName: 'file' });
    expect(out.main[0].binary!.data.fileExtension).toBeUndefined();
  });

  it('refuses text that is not base64, naming the field; onError continue keeps the other items', async () => {
    await expect(runNode(convertToFile, { params: { operation: 'toBinary', sourceProperty: 'output' }, items: [{ output: 'not base64!' }] })).rejects.toThrow(
      /Node "Convert to File", field "sourceProperty" \(item 0\): the value is not base64 data/,
    );
    const out = await runNode(convertToFile, { node: { onError: 'continue' }, params: { operation: 'toBinary', sourceProperty: 'b' }, items: [{ b: PNG_1x1 }, { c: 1 }] });
    expect(out.main[0].binary!.data.mimeType).toBe('image/png');
    expect(out.main[1].json).toEqual({ error: expect.stringContaining('the item has no field "b"') });
  });
});

describe('convertToFile: iCal', () => {
  const lines = (b64: string) => text(b64).split('\r\n');

  it('writes one event per item in UTC, named event.ics, text/calendar', async () => {
    const out = await runNode(convertToFile, {
      params: { operation: 'iCal', title: '={{ $json.t }}', start: '={{ $json.s }}', end: '2024-05-01T11:30:00Z', uid: 'u-1', location: 'Room 1, floor 2', organizerName: 'Ada', organizerEmail: 'ada@example.com', attendees: [{ name: 'Bo', email: 'bo@example.com', rsvp: true }] },
      items: [{ t: 'Planning; Q2', s: '2024-05-01T12:00:00+02:00' }],
    });
    const file = out.main[0].binary!.data;
    expect(file).toMatchObject({ fileName: 'event.ics', mimeType: 'text/calendar', fileExtension: 'ics' });
    const l = lines(file.data);
    expect(l.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(l).toEqual(expect.arrayContaining(['UID:u-1', 'SUMMARY:Planning\\; Q2', 'DTSTART:20240501T100000Z', 'DTEND:20240501T113000Z', 'LOCATION:Room 1\\, floor 2', 'ORGANIZER;CN=Ada:mailto:ada@example.com', 'ATTENDEE;RSVP=TRUE;CN=Bo:mailto:bo@example.com', 'END:VCALENDAR', '']));
  });

  it('writes an all-day event as dates ending the day after, and folds long lines at 75 octets', async () => {
    const out = await runNode(convertToFile, { params: { operation: 'iCal', title: 'Off', start: '2024-07-01', end: '2024-07-02', allDay: true, description: 'é'.repeat(60), fileName: 'off.ics' }, items: [{}] });
    const l = lines(out.main[0].binary!.data.data);
    expect(l).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20240701', 'DTEND;VALUE=DATE:20240703']));
    expect(l.every((x) => Buffer.byteLength(x) <= 75)).toBe(true);
    const i = l.findIndex((x) => x.startsWith('DESCRIPTION:'));
    expect((l[i] + l.slice(i + 1).filter((x) => x.startsWith(' ')).map((x) => x.slice(1)).join('')).startsWith('DESCRIPTION:' + 'é'.repeat(60))).toBe(true);
  });

  it('fails naming the field when start is missing or end is not a date', async () => {
    await expect(runNode(convertToFile, { params: { operation: 'iCal', end: '2024-01-01' }, items: [{}] })).rejects.toThrow(`Node "Convert to File", field "start" (item 0): set the event's start`);
    await expect(runNode(convertToFile, { params: { operation: 'iCal', start: '2024-01-01', end: 'soon' }, items: [{}] })).rejects.toThrow(/field "end" \(item 0\): "soon" is not a date/);
  });
});
