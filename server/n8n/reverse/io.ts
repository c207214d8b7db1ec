/** HTTP Request 4.2, Webhook 2, Respond to Webhook 1.1, Schedule Trigger 1.2, Chat Trigger 1.1. */
import { arr, numOr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const BASE = 'n8n-nodes-base.';
const pairs = (list: unknown) => arr<Params>(list).map((x) => ({ name: str(x.name), value: x.value ?? '' }));
const jsonText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? {}, null, 2));
const hasJson = (v: unknown) => v !== undefined && v !== null && v !== '';
/** Weft pagination templates are plain text with {{ }}; n8n writes them as expressions. */
const asExpression = (v: unknown) => {
  const s = str(v);
  return s && !s.startsWith('=') ? `=${s}` : s;
};
const PAGE_TYPES: Record<string, string> = { query: 'qs', body: 'body', headers: 'headers' };
const BODY_TYPES: Record<string, string> = { json: 'json', 'form-urlencoded': 'form-urlencoded', multipart: 'multipart-form-data', raw: 'raw', binary: 'binaryData' };

export const httpRequest: ReverseMapper = ({ node, params: p, warn }) => {
  const parameters: Params = {};
  setIf(parameters, 'method', str(p.method, 'GET'), 'GET');
  parameters.url = str(p.url);
  const auth = str(p.authentication, 'none');
  let credentials: Params | undefined;
  if (auth === 'predefinedCredentialType') {
    // n8n's own shape: the service's credential type, and the credential under that type's name.
    const type = str(p.credentialType);
    Object.assign(parameters, { authentication: 'predefinedCredentialType', nodeCredentialType: type });
    const ref = node.credentials?.[type];
    if (ref) credentials = { [type]: ref };
  } else if (auth !== 'none') {
    Object.assign(parameters, { authentication: 'genericCredentialType', genericAuthType: auth });
    const ref = node.credentials?.[auth] ?? Object.values(node.credentials ?? {})[0];
    if (ref) credentials = { [auth]: ref };
  }
  const query = pairs(p.query);
  if (query.length) Object.assign(parameters, { sendQuery: true, queryParameters: { parameters: query } });
  else if (hasJson(p.queryJson)) Object.assign(parameters, { sendQuery: true, specifyQuery: 'json', jsonQuery: jsonText(p.queryJson) });
  if (query.length && hasJson(p.queryJson)) warn('Query parameters given both as a list and as JSON: n8n takes one; the list is exported');
  const headers = pairs(p.headers);
  if (headers.length) Object.assign(parameters, { sendHeaders: true, headerParameters: { parameters: headers } });
  else if (hasJson(p.headersJson)) Object.assign(parameters, { sendHeaders: true, specifyHeaders: 'json', jsonHeaders: jsonText(p.headersJson) });
  const body = obj(p.body);
  const bodyType = str(body.type, 'none');
  if (bodyType !== 'none') {
    parameters.sendBody = true;
    setIf(parameters, 'contentType', BODY_TYPES[bodyType], 'json');
    const fields = arr<Params>(body.fields).map((f) =>
      str(f.type) === 'file' ? { parameterType: 'formBinaryData', name: str(f.name), inputDataFieldName: str(f.binaryProperty, 'data') } : { name: str(f.name), value: f.value ?? '' },
    );
    if (bodyType === 'json') {
      if (hasJson(body.json)) Object.assign(parameters, { specifyBody: 'json', jsonBody: jsonText(body.json) });
      else parameters.bodyParameters = { parameters: fields };
    } else if (bodyType === 'form-urlencoded') {
      if (str(body.raw)) Object.assign(parameters, { specifyBody: 'string', body: str(body.raw) });
      else parameters.bodyParameters = { parameters: fields };
    } else if (bodyType === 'multipart') {
      parameters.bodyParameters = { parameters: fields };
    } else if (bodyType === 'raw') {
      Object.assign(parameters, { rawContentType: str(body.contentType, 'text/plain'), body: str(body.raw) });
    } else if (bodyType === 'binary') {
      parameters.inputDataFieldName = str(body.binaryProperty, 'data');
    }
  }
  const options: Params = {};
  const response = obj(p.response);
  const r: Params = {};
  setIf(r, 'fullResponse', response.fullResponse, false);
  setIf(r, 'neverError', response.neverError, false);
  const format = str(response.format, 'autodetect');
  setIf(r, 'responseFormat', format, 'autodetect');
  if (format === 'text') setIf(r, 'outputPropertyName', str(response.outputField, 'data'), 'data');
  if (format === 'file') setIf(r, 'outputPropertyName', str(response.binaryProperty, 'data'), 'data');
  if (Object.keys(r).length) options.response = { response: r };
  setIf(options, 'timeout', numOr(p.timeoutMs, 300_000), 300_000);
  const redirect: Params = {};
  setIf(redirect, 'followRedirects', p.followRedirects, true);
  setIf(redirect, 'maxRedirects', numOr(p.maxRedirects, 21), 21);
  if (Object.keys(redirect).length) options.redirect = { redirect };
  const batching = obj(p.batching);
  if (Number(batching.batchSize) > 0) options.batching = { batch: { batchSize: numOr(batching.batchSize, 50), batchInterval: numOr(batching.intervalMs, 0) } };
  setIf(options, 'queryParameterArrays', p.queryArrayFormat, 'indices');
  const page = obj(p.pagination);
  const mode = str(page.mode, 'off');
  if (mode !== 'off') {
    const completeWhen = str(page.completeWhen, 'responseIsEmpty');
    const pg: Params = {
      paginationMode: mode === 'nextUrl' ? 'responseContainsNextURL' : 'updateAParameterInEachRequest',
      ...(mode === 'nextUrl'
        ? { nextURL: asExpression(page.nextUrl) }
        : { parameters: { parameters: arr<Params>(page.parameters).map((x) => ({ type: PAGE_TYPES[str(x.type, 'query')] ?? 'qs', name: str(x.name), value: asExpression(x.value) })) } }),
      paginationCompleteWhen: completeWhen === 'statusCodes' ? 'receiveSpecificStatusCodes' : completeWhen === 'expression' ? 'other' : 'responseIsEmpty',
    };
    if (completeWhen === 'statusCodes') pg.statusCodesWhenComplete = str(page.statusCodes);
    if (completeWhen === 'expression') pg.completeExpression = asExpression(page.completeExpression);
    const max = numOr(page.maxRequests, 100);
    if (max !== 0) Object.assign(pg, { limitPagesFetched: true, maxRequests: max });
    setIf(pg, 'requestInterval', numOr(page.intervalMs, 0), 0);
    options.pagination = { pagination: pg };
  }
  parameters.options = options;
  return { type: BASE + 'httpRequest', typeVersion: 4.2, parameters, ...(credentials ? { credentials: credentials as never } : {}) };
};

export const webhook: ReverseMapper = ({ node, params: p, warn }) => {
  const parameters: Params = {};
  const methods = Array.isArray(p.httpMethod) ? p.httpMethod : [p.httpMethod ?? 'GET'];
  if (methods.length > 1) Object.assign(parameters, { multipleMethods: true, httpMethod: methods });
  else setIf(parameters, 'httpMethod', str(methods[0], 'GET'), 'GET');
  parameters.path = str(p.path) || node.id;
  const auth = str(p.authentication, 'none');
  if (auth === 'hmac') warn('HMAC signature checking has no n8n Webhook equivalent: the exported webhook accepts unsigned requests');
  else setIf(parameters, 'authentication', auth, 'none');
  setIf(parameters, 'responseMode', str(p.responseMode, 'onReceived'), 'onReceived');
  if (str(p.responseMode) === 'lastNode') setIf(parameters, 'responseData', str(p.responseData, 'firstEntryJson'), 'firstEntryJson');
  if (typeof p.responseCode === 'number' && p.responseCode !== 200) parameters.responseCode = p.responseCode;
  if (Number(p.rateLimit) > 0) warn('The webhook rate limit has no n8n equivalent');
  parameters.options = { ...obj(p.options) };
  let credentials: Params | undefined;
  if (auth === 'headerAuth' || auth === 'basicAuth') {
    const ref = Object.values(node.credentials ?? {})[0];
    if (ref) credentials = { [auth === 'headerAuth' ? 'httpHeaderAuth' : 'httpBasicAuth']: ref };
  }
  return { type: BASE + 'webhook', typeVersion: 2, parameters, ...(credentials ? { credentials: credentials as never } : {}) };
};

export const respondToWebhook: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  const respondWith = str(p.respondWith, 'firstIncomingItem');
  parameters.respondWith = respondWith;
  if (respondWith === 'json' || respondWith === 'text') parameters.responseBody = respondWith === 'json' ? jsonText(p.responseBody) : str(p.responseBody);
  if (respondWith === 'redirect') parameters.redirectURL = str(p.redirectURL);
  if (respondWith === 'binary') setIf(parameters, 'inputDataFieldName', str(p.inputFieldName, 'data'), 'data');
  parameters.options = { ...obj(p.options) };
  return { type: BASE + 'respondToWebhook', typeVersion: 1.1, parameters };
};

export const scheduleTrigger: ReverseMapper = ({ params: p }) => {
  const cron = str(p.cron).trim();
  const interval = cron ? [{ field: 'cronExpression', expression: cron }] : arr(obj(p.rule).interval);
  return { type: BASE + 'scheduleTrigger', typeVersion: 1.2, parameters: { rule: { interval: interval.length ? interval : [{}] } } };
};



/** Weft's Chat Trigger back into n8n's LangChain chatTrigger (1.1); defaults left out as n8n writes them. */
export const chatTrigger: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  setIf(parameters, 'public', p.public === true, false);
  if (p.public === true) setIf(parameters, 'mode', str(p.mode, 'hostedChat'), 'hostedChat');
  setIf(parameters, 'authentication', str(p.authentication, 'none'), 'none');
  setIf(parameters, 'initialMessages', str(p.initialMessages), '');
  parameters.options = { ...obj(p.options) };
  return { type: '@n8n/n8n-nodes-langchain.chatTrigger', typeVersion: 1.1, parameters };
};
