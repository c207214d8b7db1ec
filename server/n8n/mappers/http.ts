/** HTTP Request v1 to v4.2 into nodes/httpRequest's params. */
import type { Mapper } from './types';
import { arr, bool, num, obj, str, type Params } from './util';

const GENERIC_AUTH: Record<string, string> = { httpHeaderAuth: 'httpHeaderAuth', httpBasicAuth: 'httpBasicAuth', httpQueryAuth: 'httpQueryAuth', httpBearerAuth: 'httpBearerAuth' };
const V1_AUTH: Record<string, string> = { basicAuth: 'httpBasicAuth', headerAuth: 'httpHeaderAuth', queryAuth: 'httpQueryAuth' };
const pairs = (list: unknown) => arr<Params>(list).map((x) => ({ name: str(x.name), value: x.value ?? '' }));

export const httpRequest: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  if (version < 3) {
    // v1/v2: requestMethod, *ParametersUi, jsonParameters with *ParametersJson, responseFormat, options.fullResponse
    const json = p.jsonParameters === true;
    const auth = V1_AUTH[str(p.authentication, 'none')] ?? str(p.authentication, 'none');
    if (auth !== 'none' && !GENERIC_AUTH[auth]) return { unsupported: `HTTP Request authentication "${auth}" is not supported` };
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
        authentication: auth === 'none' ? 'none' : GENERIC_AUTH[auth],
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
  let authentication = 'none';
  const auth = str(p.authentication, 'none');
  if (auth === 'genericCredentialType') {
    const generic = str(p.genericAuthType);
    if (!GENERIC_AUTH[generic]) return { unsupported: `HTTP Request generic credential "${generic}" is not supported` };
    authentication = GENERIC_AUTH[generic];
  } else if (auth === 'predefinedCredentialType') {
    return { unsupported: `HTTP Request with n8n's predefined credential "${str(p.nodeCredentialType)}" is not supported` };
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
  if (options.pagination) return { unsupported: 'HTTP Request pagination from n8n is not imported yet' };
  const response = obj(obj(options.response).response);
  const redirect = obj(obj(options.redirect).redirect);
  const batch = obj(obj(options.batching).batch);
  const format = str(response.responseFormat, 'autodetect');
  return {
    type: 'httpRequest',
    params: {
      method: str(p.method, 'GET'),
      url: str(p.url),
      authentication,
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
    },
  };
};
