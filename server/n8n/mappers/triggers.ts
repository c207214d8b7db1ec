/** Webhook, Respond to Webhook, Schedule Trigger, Cron, Chat Trigger. */
import type { Mapper } from './types';
import { arr, num, obj, str, type Params } from './util';

export const webhook: Mapper = ({ params: p, node, version }) => {
  const options = obj(p.options);
  const methods = p.multipleMethods === true ? arr(p.httpMethod) : [p.httpMethod ?? 'GET'];
  const auth = str(p.authentication, 'none');
  if (!['none', 'headerAuth', 'basicAuth'].includes(auth)) return { unsupported: `Webhook authentication "${auth}" is not supported` };
  const params: Params = {
    path: str(p.path) || str(node.webhookId),
    httpMethod: methods.length > 1 ? methods : methods[0],
    authentication: auth,
    responseMode: str(p.responseMode, 'onReceived'),
    responseData: str(p.responseData, 'firstEntryJson'),
    options: {
      ...(options.rawBody !== undefined ? { rawBody: options.rawBody } : {}),
      ...(options.binaryPropertyName !== undefined ? { binaryPropertyName: options.binaryPropertyName } : {}),
      ...(options.responseData !== undefined ? { responseData: options.responseData } : {}),
      ...(options.responseContentType !== undefined ? { responseContentType: options.responseContentType } : {}),
      ...(options.noResponseBody !== undefined ? { noResponseBody: options.noResponseBody } : {}),
    },
  };
  const code = version >= 2 ? options.responseCode : p.responseCode;
  const numeric = typeof code === 'object' && code ? num(obj(obj(code).values).responseCode, NaN) : num(code, NaN);
  if (Number.isFinite(numeric)) params.responseCode = numeric;
  return { type: 'webhook', params };
};

export const respondToWebhook: Mapper = ({ params: p }) => {
  const options = obj(p.options);
  const headers = obj(options.responseHeaders);
  return {
    type: 'respondToWebhook',
    params: {
      respondWith: str(p.respondWith, 'firstIncomingItem'),
      responseBody: p.responseBody,
      redirectURL: str(p.redirectURL),
      inputFieldName: str(p.inputFieldName, 'data'),
      options: {
        ...(options.responseCode !== undefined ? { responseCode: num(options.responseCode, 200) } : {}),
        ...(arr(headers.entries).length ? { responseHeaders: { entries: arr<Params>(headers.entries).map((e) => ({ name: str(e.name), value: str(e.value) })) } } : {}),
        ...(options.responseKey !== undefined ? { responseKey: str(options.responseKey) } : {}),
      },
    },
  };
};

export const scheduleTrigger: Mapper = ({ params: p }) => ({ type: 'scheduleTrigger', params: { rule: { interval: arr(obj(p.rule).interval).length ? arr(obj(p.rule).interval) : [{ field: 'days' }] } } });

const DOW = (v: unknown) => num(v, 1);

/** The legacy Cron node: its trigger times become cron expressions of a Schedule Trigger. */
export const cron: Mapper = ({ params: p, warn }) => {
  const items = arr<Params>(obj(p.triggerTimes).item);
  const expressions = items.map((t) => {
    const h = num(t.hour, 14);
    const m = num(t.minute, 0);
    switch (str(t.mode, 'everyDay')) {
      case 'everyMinute':
        return '* * * * *';
      case 'everyHour':
        return `${m} * * * *`;
      case 'everyDay':
        return `${m} ${h} * * *`;
      case 'everyWeek':
        return `${m} ${h} * * ${DOW(t.weekday)}`;
      case 'everyMonth':
        return `${m} ${h} ${num(t.dayOfMonth, 1)} * *`;
      case 'everyX':
        return str(t.unit, 'hours') === 'minutes' ? `*/${num(t.value, 2)} * * * *` : `0 */${num(t.value, 2)} * * *`;
      case 'custom':
        return str(t.cronExpression, '* * * * *');
      default:
        warn(`Cron mode "${str(t.mode)}" is not understood; it fires daily at ${h}:${m}`);
        return `${m} ${h} * * *`;
    }
  });
  return { type: 'scheduleTrigger', params: { rule: { interval: (expressions.length ? expressions : ['0 14 * * *']).map((expression) => ({ field: 'cronExpression', expression })) } } };
};

/**
 * The chat trigger becomes Weft's chatTrigger: messages sent in the editor's Chat panel start the workflow
 * with { sessionId, action, chatInput }. A public one is served at /chat/<workflow id>/<node id> while the
 * workflow is active (n8n: /webhook/<webhookId>/chat); chat authentication is not applied.
 */
export const chatTrigger: Mapper = ({ params: p, warn }) => {
  const options = obj(p.options);
  const mode = str(p.mode, 'hostedChat') === 'webhook' ? 'webhook' : 'hostedChat';
  if (p.public === true) warn(`The public chat (${mode === 'webhook' ? 'embedded chat webhook' : 'hosted chat page'}) is served at /chat/<workflow id>/<node id> while the workflow is active, not at n8n's /webhook/<id>/chat`);
  if (str(p.authentication, 'none') !== 'none') warn(`Chat authentication "${str(p.authentication)}" is not supported: Weft does not activate a public chat with it`);
  if (str(options.responseMode, 'lastNode') !== 'lastNode') warn(`Chat response mode "${str(options.responseMode)}": Weft answers with the last node's output`);
  const params: Params = { public: p.public === true, mode, initialMessages: str(p.initialMessages), authentication: str(p.authentication, 'none'), options: { ...options } };
  return { type: 'chatTrigger', params };
};
