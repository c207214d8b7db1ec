/**
 * Parameters of the HTTP Request node. Documented field by field in ./index.ts.
 */
import { z } from '../sdk';
import { PREDEFINED_TYPES } from './predefined';

/** Text that an expression may have produced as another type. */
export const text = z.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)), z.string());

const nameValue = z.object({
  name: z.string().default('').describe('Name'),
  value: z.unknown().optional().describe('Value (text, or any value from an expression)'),
});

const jsonField = (what: string) =>
  z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).default('').describe(`${what} as a JSON object (text or an expression); merged after the list`);

export const httpParams = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET').describe('HTTP method'),
  url: text.default('').describe('URL to call, e.g. https://api.example.com/items'),
  authentication: z
    .enum(['none', 'httpHeaderAuth', 'httpBasicAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2Api', 'predefinedCredentialType'])
    .default('none')
    .describe('Credential to authenticate with: a header, basic auth, a bearer token, a query parameter, an OAuth2 access token (Bearer), or a predefined credential type (a service\'s own credential)'),
  credentialType: z
    .enum(PREDEFINED_TYPES)
    .optional()
    .describe('The service whose credential signs the request; the node uses the credential in the slot of that name (authentication: predefinedCredentialType)'),
  query: z.array(nameValue).default([]).describe('Query parameters'),
  queryJson: jsonField('Query parameters'),
  queryArrayFormat: z
    .enum(['indices', 'brackets', 'repeat'])
    .default('indices')
    .describe('How list values are written in the query: a[0]=1&a[1]=2 (indices), a[]=1&a[]=2 (brackets) or a=1&a=2 (repeat)'),
  headers: z.array(nameValue).default([]).describe('Headers'),
  headersJson: jsonField('Headers'),
  body: z
    .object({
      type: z.enum(['none', 'json', 'form-urlencoded', 'multipart', 'raw', 'binary']).default('none').describe('Body content type'),
      fields: z
        .array(
          z.object({
            name: z.string().default('').describe('Field name'),
            value: z.unknown().optional().describe('Field value'),
            type: z.enum(['text', 'file']).default('text').describe('multipart: a text field, or a file from the item\'s binary data'),
            binaryProperty: z.string().default('data').describe('multipart file: binary property of the item'),
          }),
        )
        .default([])
        .describe('Body fields (json, form-urlencoded, multipart)'),
      json: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown()), z.number(), z.boolean(), z.null()]).default('').describe('json: the whole body as JSON text or a value; when set, used instead of the fields'),
      raw: text.default('').describe('raw (and form-urlencoded given as text): the body text'),
      contentType: z.string().default('').describe('raw / binary: Content-Type header (default text/plain, or the binary\'s MIME type)'),
      binaryProperty: z.string().default('data').describe('binary: binary property of the item to send'),
    })
    .default({ type: 'none', fields: [], json: '', raw: '', contentType: '', binaryProperty: 'data' })
    .describe('Request body'),
  response: z
    .object({
      format: z.enum(['autodetect', 'json', 'text', 'file']).default('autodetect').describe('How to read the response'),
      fullResponse: z.boolean().default(false).describe('Output status code, headers and body instead of the body only'),
      neverError: z.boolean().default(false).describe('Succeed whatever the status code'),
      outputField: z.string().default('data').describe('text: field that receives the text'),
      binaryProperty: z.string().default('data').describe('file: binary property that receives the file'),
    })
    .default({ format: 'autodetect', fullResponse: false, neverError: false, outputField: 'data', binaryProperty: 'data' })
    .describe('Response'),
  timeoutMs: z.coerce.number().int().min(0).default(300_000).describe('Per-request timeout in milliseconds (0: none)'),
  followRedirects: z.boolean().default(true).describe('Follow redirects'),
  maxRedirects: z.coerce.number().int().min(0).default(21).describe('Most redirects to follow'),
  batching: z
    .object({
      batchSize: z.coerce.number().int().min(0).default(0).describe('Items per batch (0: no batching)'),
      intervalMs: z.coerce.number().int().min(0).default(0).describe('Pause between batches in milliseconds'),
    })
    .default({ batchSize: 0, intervalMs: 0 })
    .describe('Send requests in batches'),
  pagination: z
    .object({
      mode: z.enum(['off', 'updateParameters', 'nextUrl']).default('off').describe('How to get the next page'),
      parameters: z
        .array(
          z.object({
            type: z.enum(['query', 'body', 'headers']).default('query').describe('Where the parameter goes'),
            name: z.string().default('').describe('Parameter name'),
            value: z.string().default('').describe('Template evaluated per page, e.g. {{ $pageCount + 1 }} or {{ $response.body.next_cursor }}'),
          }),
        )
        .default([])
        .describe('updateParameters: parameters set on each next request'),
      nextUrl: z.string().default('').describe('nextUrl: template for the next page\'s URL, e.g. {{ $response.body.next }}'),
      completeWhen: z.enum(['responseIsEmpty', 'statusCodes', 'expression']).default('responseIsEmpty').describe('When the last page has been fetched'),
      statusCodes: z.string().default('').describe('statusCodes: comma-separated codes that mean "done", e.g. 404,204'),
      completeExpression: z.string().default('').describe('expression: template that is true on the last page, e.g. {{ $response.body.has_more === false }}'),
      maxRequests: z.coerce.number().int().min(0).default(100).describe('Most pages to fetch (0: no limit)'),
      intervalMs: z.coerce.number().int().min(0).default(0).describe('Pause between page requests in milliseconds'),
    })
    .default({ mode: 'off', parameters: [], nextUrl: '', completeWhen: 'responseIsEmpty', statusCodes: '', completeExpression: '', maxRequests: 100, intervalMs: 0 })
    .describe('Fetch every page of a paginated API'),
});

export type HttpParams = z.output<typeof httpParams>;
