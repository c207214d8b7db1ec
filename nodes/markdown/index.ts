/**
 * Markdown (n8n's Markdown v1): Markdown -> HTML with showdown, HTML -> Markdown with node-html-markdown, the
 * libraries n8n uses, so n8n's option names are the libraries' own. Each output item is the input item with
 * the result written to `destinationKey` (a path: `a.b` nests).
 *
 * Params (expressions resolve per item):
 * - mode: 'htmlToMarkdown' | 'markdownToHtml'   (default 'htmlToMarkdown', as n8n)
 * - html: string                  htmlToMarkdown: the HTML to convert
 * - markdown: string              markdownToHtml: the Markdown to convert
 * - destinationKey: string        where the result goes (default 'data')
 * - toHtmlOptions                 markdownToHtml: showdown flags (n8n's Options, e.g. simpleLineBreaks,
 *                                 simplifiedAutoLink, tables, openLinksInNewWindow, noHeaderId, ...)
 * - toMarkdownOptions             htmlToMarkdown: bulletMarker, codeBlockStyle, codeFence, emDelimiter,
 *                                 strongDelimiter, strikeDelimiter, maxConsecutiveNewlines, useInlineLinks,
 *                                 useLinkReferenceDefinitions, keepDataImages, ignore, blockElements
 */
import showdown from 'showdown';
import { NodeHtmlMarkdown, type NodeHtmlMarkdownOptions } from 'node-html-markdown';
import { defineNode, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { deepClone, setPath } from '../transform/fields';

const text = z.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)), z.string());
const flag = (what: string) => z.boolean().optional().describe(what);

/** showdown's flags under the names n8n's Markdown node stores them. */
export const toHtmlOptions = z.object({
  openLinksInNewWindow: flag('Add target="_blank" to links'),
  simplifiedAutoLink: flag('Turn plain URLs into links'),
  excludeTrailingPunctuationFromURLs: flag('Leave trailing punctuation out of automatic links'),
  backslashEscapesHTMLTags: flag('\\<div\\> becomes &lt;div&gt;'),
  completeHTMLDocument: flag('Output a whole HTML document, not a fragment'),
  customizedHeaderId: flag('Heading IDs written as {id} after the text'),
  emoji: flag('Emoji shortcodes (:smile:)'),
  encodeEmails: flag('Encode e-mail addresses as entities (showdown default: on)'),
  ghCodeBlocks: flag('GitHub fenced code blocks (default: on)'),
  ghCompatibleHeaderId: flag('GitHub-style heading IDs'),
  ghMentions: flag('Link @mentions to GitHub'),
  ghMentionsLink: z.string().optional().describe('Link pattern for @mentions ({u} is the user)'),
  headerLevelStart: z.number().int().min(1).max(6).optional().describe('Level of the top heading'),
  literalMidWordUnderscores: flag('Keep underscores inside words literal'),
  noHeaderId: flag('No id attributes on headings'),
  parseImgDimensions: flag('Image sizes written as =100x80'),
  prefixHeaderId: z.string().optional().describe('Prefix for heading IDs'),
  rawHeaderId: flag('Heading IDs keep spaces and punctuation'),
  rawPrefixHeaderId: flag('Do not change the heading ID prefix'),
  simpleLineBreaks: flag('Single line breaks become <br>'),
  smartIndentationFix: flag('Fix indentation of ES6 template strings'),
  disableForced4SpacesIndentedSublists: flag('Sub-lists need no 4-space indent'),
  splitAdjacentBlockquotes: flag('Adjacent blockquotes stay separate'),
  strikethrough: flag('~~strikethrough~~'),
  tables: flag('GitHub tables'),
  tasklists: flag('GitHub task lists'),
  underline: flag('__underline__ becomes <u>'),
});

export const toMarkdownOptions = z.object({
  bulletMarker: z.string().optional().describe('Bullet for unordered lists (default *)'),
  codeBlockStyle: z.enum(['fenced', 'indented']).optional().describe('Code blocks fenced or indented (default fenced)'),
  codeFence: z.string().optional().describe('Fence for code blocks (default ```)'),
  emDelimiter: z.string().optional().describe('Italic delimiter (default _)'),
  strongDelimiter: z.string().optional().describe('Bold delimiter (default **)'),
  strikeDelimiter: z.string().optional().describe('Strikethrough delimiter (default ~~)'),
  maxConsecutiveNewlines: z.number().int().min(1).optional().describe('Most newlines in a row (default 3)'),
  useInlineLinks: flag('Links inline [a](url) rather than as references (default on)'),
  useLinkReferenceDefinitions: flag('Links as reference definitions'),
  keepDataImages: flag('Keep images with data: URIs'),
  ignore: z.string().optional().describe('Elements to leave out, comma-separated (e.g. script, nav)'),
  blockElements: z.string().optional().describe('Elements to treat as blocks, comma-separated'),
});

const params = z.object({
  mode: z.enum(['htmlToMarkdown', 'markdownToHtml']).default('htmlToMarkdown').describe('Which way to convert'),
  html: text.default('').describe('HTML to convert (HTML to Markdown)'),
  markdown: text.default('').describe('Markdown to convert (Markdown to HTML)'),
  destinationKey: z.string().default('data').describe('Field to write the result to (a.b nests)'),
  toHtmlOptions: toHtmlOptions.default({}).describe('Markdown to HTML options'),
  toMarkdownOptions: toMarkdownOptions.default({}).describe('HTML to Markdown options'),
});

type Params = z.output<typeof params>;

export const markdownNode = defineNode({
  type: 'markdown',
  version: 1,
  displayName: 'Markdown',
  description: 'Convert Markdown to HTML or HTML to Markdown',
  category: 'transform',
  icon: 'file-text',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i): Item => {
      const p = ctx.params(i);
      if (!p.destinationKey.trim()) throw fieldError(ctx, 'destinationKey', i, 'give the field to write the result to');
      const json = deepClone(item.json) as JsonObject;
      setPath(json, p.destinationKey, p.mode === 'markdownToHtml' ? markdownToHtml(p.markdown, p.toHtmlOptions) : htmlToMarkdown(p.html, p.toMarkdownOptions));
      return { ...(item.binary ? { binary: item.binary } : {}), json, pairedItem: { item: i } };
    });
  },
});

export function markdownToHtml(markdown: string, options: Params['toHtmlOptions']): string {
  const converter = new showdown.Converter();
  for (const [key, value] of Object.entries(options)) if (value !== undefined) converter.setOption(key, value);
  return converter.makeHtml(markdown);
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function htmlToMarkdown(html: string, options: Params['toMarkdownOptions']): string {
  const { ignore, blockElements, ...rest } = options;
  const opts: Partial<NodeHtmlMarkdownOptions> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (list(ignore).length) Object.assign(opts, { ignore: list(ignore) });
  if (list(blockElements).length) Object.assign(opts, { blockElements: list(blockElements) });
  return NodeHtmlMarkdown.translate(html, opts);
}

