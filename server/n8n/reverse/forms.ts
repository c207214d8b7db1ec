/** Weft's Form Trigger and Form (page, ending) back into n8n's formTrigger (v2.2) and form nodes. */
import { arr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const BASE = 'n8n-nodes-base.';

export const formTrigger: ReverseMapper = ({ node, params: p, warn }) => {
  const options = obj(p.options);
  const outOptions: Params = {};
  outOptions.path = str(p.path) || node.id;
  for (const k of ['buttonLabel', 'appendAttribution', 'ignoreBots', 'useWorkflowTimezone']) if (options[k] !== undefined) outOptions[k] = options[k];
  if (str(options.redirectUrl)) outOptions.respondWithOptions = { values: { respondWith: 'redirect', redirectUrl: str(options.redirectUrl) } };
  else if (options.formSubmittedText !== undefined) outOptions.respondWithOptions = { values: { formSubmittedText: str(options.formSubmittedText) } };
  if (typeof p.responseTimeout === 'number' && p.responseTimeout !== 120) warn('The form response time limit has no n8n equivalent');
  if (Number(p.rateLimit) > 0) warn('The form submission rate limit has no n8n equivalent');
  const parameters: Params = {
    formTitle: str(p.formTitle),
    formDescription: str(p.formDescription),
    formFields: { values: arr<Params>(obj(p.formFields).values).map((f) => ({ ...f })) },
  };
  setIf(parameters, 'responseMode', str(p.responseMode, 'onReceived'), 'onReceived');
  parameters.options = outOptions;
  return { type: BASE + 'formTrigger', typeVersion: 2.2, parameters };
};

export const form: ReverseMapper = ({ params: p }) => {
  if (str(p.operation, 'completion') === 'page') {
    const page: Params = {};
    if (str(p.defineForm, 'fields') === 'json') Object.assign(page, { defineForm: 'json', jsonOutput: p.jsonOutput ?? '[]' });
    else page.formFields = { values: arr<Params>(obj(p.formFields).values).map((f) => ({ ...f })) };
    page.options = { ...obj(p.options) };
    return { type: BASE + 'form', typeVersion: 1, parameters: page };
  }
  const parameters: Params = { operation: 'completion' };
  const respondWith = str(p.respondWith, 'text');
  if (respondWith === 'redirect') {
    parameters.respondWith = 'redirect';
    parameters.redirectUrl = str(p.redirectUrl);
  } else {
    parameters.completionTitle = str(p.completionTitle);
    parameters.completionMessage = str(p.completionMessage);
    parameters.options = { ...obj(p.options) };
  }
  return { type: BASE + 'form', typeVersion: 1, parameters };
};
