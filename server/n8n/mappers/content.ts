/** HTML (and the older HTML Extract), Markdown and Crypto: n8n's core data nodes. */
import type { Mapper, MapContext, Mapping, Unsupported } from './types';
import { arr, bool, num, obj, str, type Params } from './util';

function extractionValues(p: Params): Params[] {
  return arr<Params>(obj(p.extractionValues).values).map((v) => ({
    key: str(v.key),
    cssSelector: str(v.cssSelector),
    returnValue: str(v.returnValue, 'text'),
    attribute: str(v.attribute),
    skipSelectors: str(v.skipSelectors),
    returnArray: bool(v.returnArray, false),
  }));
}

/**
 * Extract: n8n 2.40.7 reads 'text' as readable text of the first match from HTML v1.2 on, and as the joined
 * source text of all matches before; the HTML node trims nothing unless asked, HTML Extract trims by default;
 * HTML before v1.2 leaves out keys whose text is empty.
 */
function extractParams(p: Params, textFormat: 'readable' | 'joined', trimByDefault: boolean, omitEmpty: boolean): Params {
  const options = obj(p.options);
  return {
    operation: 'extractHtmlContent',
    sourceData: str(p.sourceData, 'json') === 'binary' ? 'binary' : 'json',
    dataPropertyName: str(p.dataPropertyName, 'data'),
    extractionValues: extractionValues(p),
    textFormat,
    trimValues: bool(options.trimValues, trimByDefault),
    cleanUpText: bool(options.cleanUpText, false),
    ...(omitEmpty ? { omitEmpty } : {}),
  };
}

const TABLE_OPTIONS = ['caption', 'tableAttributes', 'headerAttributes', 'rowAttributes', 'cellAttributes'] as const;

export const html: Mapper = ({ params: p, version }): Mapping | Unsupported => {
  const op = str(p.operation, 'generateHtmlTemplate');
  if (op === 'extractHtmlContent') return { type: 'html', params: extractParams(p, version >= 1.2 ? 'readable' : 'joined', false, version < 1.2) };
  if (op === 'convertToHtmlTable') {
    const options = obj(p.options);
    const params: Params = { operation: op, capitalize: bool(options.capitalize, false), customStyling: bool(options.customStyling, false) };
    for (const k of TABLE_OPTIONS) if (options[k] !== undefined) params[k] = str(options[k]);
    return { type: 'html', params };
  }
  if (op !== 'generateHtmlTemplate') return { unsupported: `HTML operation "${op}" is not supported` };
  return { type: 'html', params: p.html === undefined ? { operation: op } : { operation: op, html: p.html } };
};

/** HTML Extract (before n8n 0.213): the extract operation alone. */
export const htmlExtract: Mapper = ({ params: p }) => ({ type: 'html', params: extractParams(p, 'joined', true, false) });

const TO_MARKDOWN_OPTIONS = ['bulletMarker', 'codeBlockStyle', 'codeFence', 'emDelimiter', 'strongDelimiter', 'strikeDelimiter', 'maxConsecutiveNewlines', 'useInlineLinks', 'useLinkReferenceDefinitions', 'keepDataImages'];
const TO_HTML_OPTIONS = [
  'openLinksInNewWindow', 'simplifiedAutoLink', 'excludeTrailingPunctuationFromURLs', 'backslashEscapesHTMLTags', 'completeHTMLDocument',
  'customizedHeaderId', 'emoji', 'encodeEmails', 'ghCodeBlocks', 'ghCompatibleHeaderId', 'ghMentions', 'ghMentionsLink', 'headerLevelStart',
  'literalMidWordUnderscores', 'noHeaderId', 'parseImgDimensions', 'prefixHeaderId', 'rawHeaderId', 'rawPrefixHeaderId', 'simpleLineBreaks',
  'smartIndentationFix', 'disableForced4SpacesIndentedSublists', 'splitAdjacentBlockquotes', 'strikethrough', 'tables', 'tasklists', 'underline',
];

function pick(options: Params, keys: string[], warn: MapContext['warn']): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(options)) {
    if (keys.includes(k)) out[k] = v;
    else warn(`Markdown option "${k}" is not supported and was left out`);
  }
  return out;
}

export const markdown: Mapper = ({ params: p, warn }) => {
  const mode = str(p.mode, 'htmlToMarkdown') === 'markdownToHtml' ? 'markdownToHtml' : 'htmlToMarkdown';
  const options = obj(p.options);
  const params: Params = { mode, destinationKey: str(p.destinationKey, 'data') };
  if (mode === 'markdownToHtml') Object.assign(params, { markdown: p.markdown ?? '', toHtmlOptions: pick(options, TO_HTML_OPTIONS, warn) });
  else {
    // n8n 2.40.7 converts ignored elements all the same: leaving the option out gives n8n's result.
    const { ignore, ...rest } = options;
    if (ignore !== undefined) warn('Markdown option "ignore" has no effect in n8n; it was left out so the result stays the same');
    const toMarkdown = pick(rest, [...TO_MARKDOWN_OPTIONS, 'blockElements'], warn);
    if (Array.isArray(toMarkdown.blockElements)) toMarkdown.blockElements = (toMarkdown.blockElements as unknown[]).map((x) => str(x)).join(',');
    Object.assign(params, { html: p.html ?? '', toMarkdownOptions: toMarkdown });
  }
  return { type: 'markdown', params };
};

/** Crypto v1 (secret and key as parameters). v2 keeps them in a credential, which Weft does not have yet. */
export const crypto: Mapper = ({ params: p, version }): Mapping | Unsupported => {
  const action = str(p.action, 'hash');
  if (version >= 2 && (action === 'hmac' || action === 'sign')) return { unsupported: `Crypto v${version} "${action}" takes its key from a credential, which Weft does not support yet` };
  const params: Params = { action, dataPropertyName: str(p.dataPropertyName, 'data') };
  switch (action) {
    case 'generate':
      Object.assign(params, { encodingType: str(p.encodingType, 'uuid'), stringLength: num(p.stringLength, 32) });
      if (typeof p.stringLength === 'string' && p.stringLength.startsWith('=')) params.stringLength = p.stringLength;
      break;
    case 'hash':
    case 'hmac':
      Object.assign(params, { type: str(p.type, 'MD5'), value: p.value ?? '', encoding: str(p.encoding, 'hex'), binaryData: bool(p.binaryData, false), binaryPropertyName: str(p.binaryPropertyName, 'data') });
      if (action === 'hmac') params.secret = p.secret ?? '';
      break;
    case 'sign':
      Object.assign(params, { value: p.value ?? '', algorithm: str(p.algorithm, 'RSA-SHA256'), privateKey: p.privateKey ?? '', encoding: str(p.encoding, 'hex') });
      break;
    default:
      return { unsupported: `Crypto action "${action}" is not supported` };
  }
  return { type: 'crypto', params };
};
