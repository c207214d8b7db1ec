/** HTML, Markdown and Crypto back to n8n's nodes (HTML v1.2, v1.1 or HTML Extract 1 for joined text; Markdown v1; Crypto v1). */
import { arr, bool, numOr, obj, setIf, str, type Params, type ReverseMapper, type ReverseMapping } from './types';

const BASE = 'n8n-nodes-base.';
const TABLE_TEXT = ['caption', 'tableAttributes', 'headerAttributes', 'rowAttributes', 'cellAttributes'] as const;

function extractionValue(v: Params): Params {
  const out: Params = { key: str(v.key), cssSelector: str(v.cssSelector) };
  const returnValue = str(v.returnValue, 'text');
  setIf(out, 'returnValue', returnValue, 'text');
  if (returnValue === 'attribute') out.attribute = str(v.attribute);
  if (returnValue === 'text') setIf(out, 'skipSelectors', str(v.skipSelectors), '');
  setIf(out, 'returnArray', v.returnArray, false);
  return out;
}

/** HTML Extract v1 (still runs in n8n 2.x): source data written out, as its default differs between versions. */
function htmlExtract(p: Params, warn: (message: string) => void): ReverseMapping {
  const options: Params = {};
  setIf(options, 'trimValues', bool(p.trimValues, true), true);
  if (p.cleanUpText === true) warn('HTML Extract has no "clean up text"; it was left out');
  return {
    type: BASE + 'htmlExtract',
    typeVersion: 1,
    parameters: {
      sourceData: str(p.sourceData, 'json'),
      dataPropertyName: str(p.dataPropertyName, 'data'),
      extractionValues: { values: arr<Params>(p.extractionValues).map(extractionValue) },
      options,
    },
  };
}

export const html: ReverseMapper = ({ params: p, warn }) => {
  const op = str(p.operation, 'generateHtmlTemplate');
  const parameters: Params = {};
  const options: Params = {};
  if (op === 'extractHtmlContent') {
    const joined = str(p.textFormat, 'readable') === 'joined';
    // Joined text is how HTML before v1.2 and HTML Extract read 'text'; HTML v1.x also drops empty texts,
    // HTML Extract keeps them and trims by default (checked against n8n 2.40.7).
    if (joined && p.omitEmpty !== true) return htmlExtract(p, warn);
    parameters.operation = op;
    setIf(parameters, 'sourceData', str(p.sourceData, 'json'), 'json');
    setIf(parameters, 'dataPropertyName', str(p.dataPropertyName, 'data'), 'data');
    parameters.extractionValues = { values: arr<Params>(p.extractionValues).map(extractionValue) };
    setIf(options, 'trimValues', bool(p.trimValues, false), false);
    setIf(options, 'cleanUpText', bool(p.cleanUpText, false), false);
    parameters.options = options;
    if (joined) return { type: BASE + 'html', typeVersion: 1.1, parameters };
    if (p.omitEmpty === true) warn('HTML v1.2 keeps empty texts; "omitEmpty" has no n8n equivalent there');
  } else if (op === 'convertToHtmlTable') {
    parameters.operation = op;
    setIf(options, 'capitalize', bool(p.capitalize, false), false);
    setIf(options, 'customStyling', bool(p.customStyling, false), false);
    for (const k of TABLE_TEXT) setIf(options, k, str(p[k]), '');
    parameters.options = options;
  } else if (p.html !== undefined) {
    parameters.html = str(p.html);
  }
  return { type: BASE + 'html', typeVersion: 1.2, parameters };
};

export const markdown: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  if (str(p.mode, 'htmlToMarkdown') === 'markdownToHtml') {
    parameters.mode = 'markdownToHtml';
    parameters.markdown = str(p.markdown);
    parameters.options = { ...obj(p.toHtmlOptions) };
  } else {
    parameters.html = str(p.html);
    parameters.options = { ...obj(p.toMarkdownOptions) };
  }
  setIf(parameters, 'destinationKey', str(p.destinationKey, 'data'), 'data');
  return { type: BASE + 'markdown', typeVersion: 1, parameters };
};

export const crypto: ReverseMapper = ({ params: p }) => {
  const action = str(p.action, 'hash');
  const parameters: Params = {};
  setIf(parameters, 'action', action, 'hash');
  if (action === 'generate') {
    const encodingType = str(p.encodingType, 'uuid');
    setIf(parameters, 'encodingType', encodingType, 'uuid');
    if (encodingType !== 'uuid') setIf(parameters, 'stringLength', numOr(p.stringLength, 32), 32);
  } else {
    if (action !== 'sign') setIf(parameters, 'type', str(p.type, 'MD5'), 'MD5');
    if (action !== 'sign' && p.binaryData === true) {
      parameters.binaryData = true;
      setIf(parameters, 'binaryPropertyName', str(p.binaryPropertyName, 'data'), 'data');
    } else parameters.value = str(p.value);
    if (action === 'hmac') parameters.secret = str(p.secret);
    if (action === 'sign') Object.assign(parameters, { algorithm: str(p.algorithm, 'RSA-SHA256'), privateKey: str(p.privateKey) });
    setIf(parameters, 'encoding', str(p.encoding, 'hex'), 'hex');
  }
  setIf(parameters, 'dataPropertyName', str(p.dataPropertyName, 'data'), 'data');
  return { type: BASE + 'crypto', typeVersion: 1, parameters };
};
