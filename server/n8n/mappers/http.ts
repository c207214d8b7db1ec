/** HTTP Request v1 to v4.2 into nodes/httpRequest's params. */
import type { Mapper, Unsupported } from './types';
import { arr, bool, num, obj, str, type Params } from './util';
import { isOAuth2Type, isPredefinedType, PREDEFINED_TYPES_TEXT } from '../../../nodes/httpRequest/predefined';
import { renderTemplate } from '../../../nodes/httpRequest/template';

const GENERIC_AUTH: Record<string, string> = { httpHeaderAuth: 'httpHeaderAuth', httpBasicAuth: 'httpBasicAuth', httpQueryAuth: 'httpQueryAuth', httpBearerAuth: 'httpBearerAuth', oAuth2Api: 'oAuth2Api' };
const V1_AUTH: Record<string, string> = { basicAuth: 'httpBasicAuth', headerAuth: 'httpHeaderAuth', queryAuth: 'httpQueryAuth', oAuth2: 'oAuth2Api' };
const isUnsupported = (x: Params | Unsupported): x is Unsupported => typeof x.unsupported === 'string';
const pairs = (list: unknown) => arr<Params>(list).map((x) => ({ name: str(x.name), value: x.value ?? '' }));

export const httpRequest: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  if (version < 3) {
    // v1/v2: requestMethod, *ParametersUi, jsonParameters with *ParametersJson, responseFormat, options.fullResponse
    const json = p.jsonParameters === true;
    const auth = V1_AUTH[str(p.authentication, 'none')] ?? str(p.authentication, 'none');
    const predefined = auth === 'predefinedCredentialType' ? predefinedAuth(p) : undefined;
    if (predefined && isUnsupported(predefined)) return predefined;
    if (auth !== 'none' && !predefined && !GENERIC_AUTH[auth]) return { unsupported: `HTTP Request authentication "${auth}" is not supported` };
    const bodyFields = pairs(obj(p.bodyParametersUi).parameter);
    const method = str(p.requestMethod, 'GET');
    const body = json
      ? { type: p.bodyParametersJson ? 'json' : 'none', json: p.bodyParametersJson ?? '' }
      : bodyFields.length
        ? { type: str(options.bodyContentType, 'json') === 'form-urlencoded' ? 'form-urlencoded' : str(options.bodyContentType) === 'multipart-form-data' ? 'multipart' : 'json', fields: bodyFields }
        : { type: 'none' };
    const format = str(p.responseFormat, 'json');
    return {
      type: 'httpRequest',
      params: {
        method,
        url: str(p.url),
        ...(predefined ?? { authentication: auth === 'none' ? 'none' : GENERIC_AUTH[auth] }),
        query: json ? [] : pairs(obj(p.queryParametersUi).parameter),
        queryJson: json ? p.queryParametersJson ?? '' : '',
        headers: json ? [] : pairs(obj(p.headerParametersUi).parameter),
        headersJson: json ? p.headerParametersJson ?? '' : '',
        body,
        response: { format: format === 'string' ? 'text' : format === 'file' ? 'file' : 'json', fullResponse: bool(options.fullResponse, false), neverError: false, outputField: str(p.dataPropertyName, 'data'), binaryProperty: str(p.dataPropertyName, 'data') },
        timeoutMs: num(options.timeout, 300_000),
        followRedirects: options.followRedirect !== false,
      },
    };
  }
  let authentication: Params = { authentication: 'none' };
  const auth = str(p.authentication, 'none');
  if (auth === 'genericCredentialType') {
    const generic = str(p.genericAuthType);
    if (!GENERIC_AUTH[generic]) return { unsupported: `HTTP Request generic credential "${generic}" is not supported` };
    authentication = { authentication: GENERIC_AUTH[generic] };
  } else if (auth === 'predefinedCredentialType') {
    const predefined = predefinedAuth(p);
    if (isUnsupported(predefined)) return predefined;
    authentication = predefined;
  } else if (auth !== 'none') {
    return { unsupported: `HTTP Request authentication "${auth}" is not supported` };
  }
  const sendQuery = p.sendQuery === true;
  const sendHeaders = p.sendHeaders === true;
  const sendBody = p.sendBody === true;
  const contentType = str(p.contentType, 'json');
  const specifyBody = str(p.specifyBody, 'keypair');
  let body: Params = { type: 'none' };
  if (sendBody) {
    const fields = arr<Params>(obj(p.bodyParameters).parameters).map((x) =>
      x.parameterType === 'formBinaryData' ? { name: str(x.name), type: 'file', value: str(x.inputDataFieldName, 'data') } : { name: str(x.name), value: x.value ?? '' },
    );
    if (contentType === 'json') body = specifyBody === 'json' ? { type: 'json', json: p.jsonBody ?? '' } : { type: 'json', fields };
    else if (contentType === 'form-urlencoded') body = specifyBody === 'string' ? { type: 'form-urlencoded', raw: str(p.body) } : { type: 'form-urlencoded', fields };
    else if (contentType === 'multipart-form-data') body = { type: 'multipart', fields };
    else if (contentType === 'raw') body = { type: 'raw', raw: str(p.body), contentType: str(p.rawContentType, 'text/plain') };
    else if (contentType === 'binaryData') body = { type: 'binary', binaryProperty: str(p.inputDataFieldName, 'data') };
  }
  const pagination = importPagination(options.pagination);
  if (isUnsupported(pagination)) return pagination;
  const response = obj(obj(options.response).response);
  const redirect = obj(obj(options.redirect).redirect);
  const batch = obj(obj(options.batching).batch);
  const format = str(response.responseFormat, 'autodetect');
  return {
    type: 'httpRequest',
    params: {
      method: str(p.method, 'GET'),
      url: str(p.url),
      ...authentication,
      query: sendQuery && str(p.specifyQuery, 'keypair') === 'keypair' ? pairs(obj(p.queryParameters).parameters) : [],
      queryJson: sendQuery && str(p.specifyQuery) === 'json' ? p.jsonQuery ?? '' : '',
      headers: sendHeaders && str(p.specifyHeaders, 'keypair') === 'keypair' ? pairs(obj(p.headerParameters).parameters) : [],
      headersJson: sendHeaders && str(p.specifyHeaders) === 'json' ? p.jsonHeaders ?? '' : '',
      body,
      response: {
        format: ['autodetect', 'json', 'text', 'file'].includes(format) ? format : 'autodetect',
        fullResponse: bool(response.fullResponse, false),
        neverError: bool(response.neverError, false),
        outputField: str(response.outputPropertyName, 'data'),
        binaryProperty: str(response.outputPropertyName, 'data'),
      },
      timeoutMs: num(options.timeout, 300_000),
      followRedirects: bool(redirect.followRedirects, true),
      maxRedirects: num(redirect.maxRedirects, 21),
      // n8n's batching option, when present, defaults to 50 items every 1000 ms.
      batching: options.batching ? { batchSize: num(batch.batchSize, 50), intervalMs: num(batch.batchInterval, 1000) } : { batchSize: 0, intervalMs: 0 },
      ...(pagination.mode === 'off' ? {} : { pagination }),
    },
  };
};

/**
 * n8n's predefined credential type: the types nodes/httpRequest/predefined.ts can apply map (API keys, tokens,
 * and the OAuth2 service types of server/credentials/oauth2-presets.ts); another OAuth2 type is named as such.
 */
function predefinedAuth(p: Params): Params | Unsupported {
  const type = str(p.nodeCredentialType);
  if (isPredefinedType(type)) return { authentication: 'predefinedCredentialType', credentialType: type };
  if (isOAuth2Type(type)) {
    return {
      unsupported: `HTTP Request with n8n's predefined credential "${type}" is not supported: Weft has no preset for this OAuth2 type. Use the generic OAuth2 credential (oAuth2Api) with the provider's URLs, or a bearer token if the API accepts one`,
    };
  }
  return { unsupported: `HTTP Request with n8n's predefined credential "${type || '(none)'}" is not supported: Weft can apply ${PREDEFINED_TYPES_TEXT}` };
}

const PAGE_MODES: Record<string, string> = { updateAParameterInEachRequest: 'updateParameters', responseContainsNextURL: 'nextUrl' };
const PAGE_PARAM_TYPES: Record<string, string> = { qs: 'query', body: 'body', headers: 'headers' };
const COMPLETE_WHEN: Record<string, string> = { responseIsEmpty: 'responseIsEmpty', receiveSpecificStatusCodes: 'statusCodes', other: 'expression' };
/** Variables a pagination template sees at run time (nodes/httpRequest/pagination.ts), to try it at import. */
const SAMPLE_PAGE_VARS = {
  $response: { body: {}, headers: {}, statusCode: 200, statusMessage: 'OK' },
  $pageCount: 1,
  $request: { url: 'https://example.com/', method: 'GET', headers: {} },
  $json: {},
};

/**
 * n8n's options.pagination into the node's pagination param. Same modes, same variables ($response,
 * $pageCount, $request); n8n's expressions lose their leading '='. A template Weft's small evaluator cannot
 * run (function calls, `in`, other variables) keeps the node unsupported, naming it.
 */
function importPagination(option: unknown): Params | Unsupported {
  if (!option) return { mode: 'off' };
  const pg = obj(obj(option).pagination);
  const mode = PAGE_MODES[str(pg.paginationMode, 'updateAParameterInEachRequest')];
  const completeWhen = COMPLETE_WHEN[str(pg.paginationCompleteWhen, 'responseIsEmpty')];
  if (!mode) return { unsupported: `HTTP Request pagination mode "${str(pg.paginationMode)}" is not supported` };
  if (!completeWhen) return { unsupported: `HTTP Request pagination "complete when" "${str(pg.paginationCompleteWhen)}" is not supported` };
  const template = (v: unknown) => {
    const s = str(v);
    return s.startsWith('=') ? s.slice(1) : s;
  };
  const parameters = arr<Params>(obj(pg.parameters).parameters).map((x) => ({ type: PAGE_PARAM_TYPES[str(x.type, 'qs')] ?? 'query', name: str(x.name), value: template(x.value) }));
  const out: Params = {
    mode,
    parameters: mode === 'updateParameters' ? parameters : [],
    nextUrl: mode === 'nextUrl' ? template(pg.nextURL) : '',
    completeWhen,
    statusCodes: completeWhen === 'statusCodes' ? str(pg.statusCodesWhenComplete) : '',
    completeExpression: completeWhen === 'expression' ? template(pg.completeExpression) : '',
    // n8n fetches without a page limit unless "limit pages fetched" is on (then 100 by default).
    maxRequests: pg.limitPagesFetched === true ? num(pg.maxRequests, 100) : 0,
    intervalMs: num(pg.requestInterval, 0),
  };
  const templates: [string, string][] = [
    ...parameters.map((x): [string, string] => [`parameter "${x.name}"`, x.value]),
    ['next URL', str(out.nextUrl)],
    ['complete expression', str(out.completeExpression)],
  ];
  for (const [what, text] of templates) {
    if (!text.includes('{{')) continue;
    try {
      renderTemplate(text, SAMPLE_PAGE_VARS);
    } catch (err) {
      return { unsupported: `HTTP Request pagination ${what}: Weft's pagination templates cannot run ${text.trim()} (${(err as Error).message})` };
    }
  }
  return out;
}
