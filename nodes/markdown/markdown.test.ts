/** Markdown: both directions, n8n's options, per-item expressions, destination paths, errors. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { markdownNode } from './index';

describe('markdown: Markdown to HTML', () => {
  it('converts the per-item Markdown into "data" by default, keeping the item\'s fields', async () => {
    const out = await runNode(markdownNode, { params: { mode: 'markdownToHtml', markdown: '={{ $json.text }}' }, items: [{ text: '# Title\n\nSome *em* text' }, { text: 'plain' }] });
    expect(jsonOf(out)).toEqual([
      { text: '# Title\n\nSome *em* text', data: '<h1 id="title">Title</h1>\n<p>Some <em>em</em> text</p>' },
      { text: 'plain', data: '<p>plain</p>' },
    ]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
  it('applies showdown options as n8n names them (simpleLineBreaks, simplifiedAutoLink, noHeaderId)', async () => {
    const markdown = '# T\nline1\nline2 https://example.com';
    const plain = await runNode(markdownNode, { params: { mode: 'markdownToHtml', markdown }, items: [{}] });
    expect(plain.main[0].json.data).toBe('<h1 id="t">T</h1>\n<p>line1\nline2 https://example.com</p>');
    const opts = await runNode(markdownNode, {
      params: { mode: 'markdownToHtml', markdown, destinationKey: 'out.html', toHtmlOptions: { simpleLineBreaks: true, simplifiedAutoLink: true, noHeaderId: true } },
      items: [{}],
    });
    expect(jsonOf(opts)).toEqual([{ out: { html: '<h1>T</h1>\n<p>line1<br />\nline2 <a href="https://example.com">https://example.com</a></p>' } }]);
  });
  it('treats a missing value as empty text', async () => {
    const out = await runNode(markdownNode, { params: { mode: 'markdownToHtml', markdown: '={{ $json.nope }}' }, items: [{}] });
    expect(out.main[0].json.data).toBe('');
  });
});

describe('markdown: HTML to Markdown', () => {
  const frag = '<h1>T</h1><p>Hi <b>bold</b> <a href="https://x.y">l</a></p><ul><li>a</li><li>b</li></ul>';
  it('is the default mode and writes to destinationKey', async () => {
    const out = await runNode(markdownNode, { params: { html: '={{ $json.frag }}', destinationKey: 'md' }, items: [{ frag }] });
    expect(out.main[0].json.md).toBe('# T\n\nHi **bold** [l](https://x.y)\n\n* a\n* b');
    expect(out.main[0].json.frag).toBe(frag);
  });
  it('applies node-html-markdown options (bullet marker, strong delimiter, ignored elements)', async () => {
    const out = await runNode(markdownNode, {
      params: { html: `${frag}<nav>menu</nav>`, toMarkdownOptions: { bulletMarker: '-', strongDelimiter: '__', ignore: 'nav, script' } },
      items: [{}],
    });
    expect(out.main[0].json.data).toBe('# T\n\nHi __bold__ [l](https://x.y)\n\n- a\n- b');
  });
});

describe('markdown: errors', () => {
  it('names an empty destination key', async () => {
    await expect(runNode(markdownNode, { params: { html: '<p>x</p>', destinationKey: ' ' }, items: [{}] })).rejects.toMatchObject({ details: { field: 'destinationKey', itemIndex: 0 } });
  });
  it('names an unknown mode', async () => {
    await expect(runNode(markdownNode, { params: { mode: 'toPdf' }, items: [{}] })).rejects.toThrow(/field "mode"/);
  });
  it('names a wrongly typed option', async () => {
    await expect(runNode(markdownNode, { params: { mode: 'markdownToHtml', toHtmlOptions: { headerLevelStart: 9 } }, items: [{}] })).rejects.toThrow(/field "toHtmlOptions.headerLevelStart"/);
  });
});
