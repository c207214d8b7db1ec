/** Loop, Split Out, Aggregate, Sort, Limit, Remove Duplicates, Item Lists, Wait, Date & Time, Stop and Error, sub-workflows. */
import { mapFormFields } from './forms';
import type { Mapper, Mapping, Unsupported, MapContext } from './types';
import { arr, bool, fieldList, locatorValue, num, obj, str, type Params } from './util';

export const splitInBatches: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  // v1/v2 loops end through $node[...].context["noItemsLeft"], which Weft does not provide.
  if (version < 3) return { unsupported: 'Split in Batches v1/v2 (replace it with Loop Over Items)' };
  return { type: 'loop', params: { batchSize: num(p.batchSize, 1), reset: bool(options.reset, false) }, outputs: ['done', 'loop'] };
};

const SPLIT_INCLUDE: Record<string, string> = { noOtherFields: 'none', allOtherFields: 'all', selectedOtherFields: 'selected' };

function splitOutParams(p: Params): Params {
  const options = obj(p.options);
  return {
    fieldToSplitOut: fieldList(p.fieldToSplitOut),
    include: SPLIT_INCLUDE[str(p.include, 'noOtherFields')] ?? 'none',
    fieldsToInclude: fieldList(p.fieldsToInclude),
    destinationFieldName: str(options.destinationFieldName),
    dotNotation: !bool(options.disableDotNotation, false),
    includeBinary: bool(options.includeBinary, false),
  };
}

export const splitOut: Mapper = ({ params: p }) => ({ type: 'splitOut', params: splitOutParams(p) });

const AGG_INCLUDE: Record<string, string> = { allFields: 'all', specifiedFields: 'selected', allFieldsExcept: 'except' };

function aggregateParams(p: Params): Params {
  const options = obj(p.options);
  const fields = arr<Params>(obj(p.fieldsToAggregate).fieldToAggregate).map((f) => ({
    field: str(f.fieldToAggregate),
    outputField: f.renameField === true ? str(f.outputFieldName) : '',
  }));
  return {
    aggregate: str(p.aggregate, 'aggregateIndividualFields') === 'aggregateAllItemData' ? 'allItemData' : 'individualFields',
    fields,
    mergeLists: bool(options.mergeLists, false),
    keepMissing: bool(options.keepMissing, false),
    destinationField: str(p.destinationFieldName, 'data'),
    include: AGG_INCLUDE[str(p.include, 'allFields')] ?? 'all',
    includeFields: fieldList(p.fieldsToInclude),
    excludeFields: fieldList(p.fieldsToExclude),
    dotNotation: !bool(options.disableDotNotation, false),
    includeBinaries: bool(options.includeBinaries, false),
    keepOnlyUniqueBinaries: bool(options.keepOnlyUnique, false),
  };
}

export const aggregate: Mapper = ({ params: p }) => ({ type: 'aggregate', params: aggregateParams(p) });

function sortParams(p: Params): Params | null {
  const type = str(p.type, 'simple');
  if (type === 'code') return null;
  const fields = arr<Params>(obj(p.sortFieldsUi).sortField).map((f) => ({ field: str(f.fieldName), order: str(f.order, 'ascending') === 'descending' ? 'descending' : 'ascending' }));
  return { type: type === 'random' ? 'random' : 'simple', fields, dotNotation: !bool(obj(p.options).disableDotNotation, false) };
}

export const sort: Mapper = ({ params: p }) => {
  const params = sortParams(p);
  return params ? { type: 'sort', params } : { unsupported: 'Sort with custom code is not supported' };
};

const limitParams = (p: Params) => ({ maxItems: num(p.maxItems, 1), keep: str(p.keep, 'firstItems') === 'lastItems' ? 'last' : 'first' });
export const limit: Mapper = ({ params: p }) => ({ type: 'limit', params: limitParams(p) });

function dedupeParams(p: Params): Params {
  const options = obj(p.options);
  return {
    compare: str(p.compare, 'allFields'),
    fieldsToExclude: fieldList(p.fieldsToExclude),
    fieldsToCompare: fieldList(p.fieldsToCompare),
    removeOtherFields: bool(options.removeOtherFields, false),
    dotNotation: !bool(options.disableDotNotation, false),
  };
}

export const removeDuplicates: Mapper = ({ params: p }) => {
  const op = str(p.operation, 'removeDuplicateInputItems');
  if (op !== 'removeDuplicateInputItems') return { unsupported: `Remove Duplicates "${op}" (across executions) is not supported` };
  return { type: 'removeDuplicates', params: dedupeParams(p) };
};

/** Item Lists (v1-v3): one node, several operations, each now its own node. */
export const itemLists: Mapper = ({ params: p }) => {
  const op = str(p.operation, 'splitOutItems');
  switch (op) {
    case 'splitOutItems':
      return { type: 'splitOut', params: splitOutParams(p) };
    case 'aggregateItems': {
      const single = p.fieldToAggregate !== undefined && !p.fieldsToAggregate;
      const q = single ? { ...p, fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: p.fieldToAggregate, renameField: p.renameField, outputFieldName: p.outputFieldName }] } } : p;
      return { type: 'aggregate', params: aggregateParams(q) };
    }
    case 'removeDuplicates':
      return { type: 'removeDuplicates', params: dedupeParams(p) };
    case 'sort': {
      const params = sortParams(p);
      return params ? { type: 'sort', params } : { unsupported: 'Item Lists sort with custom code is not supported' };
    }
    case 'limit':
      return { type: 'limit', params: limitParams(p) };
    default:
      return { unsupported: `Item Lists operation "${op}" is not supported` };
  }
};

const WAIT_OPTION_KEYS = ['webhookSuffix', 'binaryPropertyName', 'rawBody', 'responseHeaders', 'noResponseBody', 'responseData', 'responseContentType', 'ignoreBots'];

export const wait: Mapper = ({ params: p, version, warn }) => {
  const resume = str(p.resume, 'timeInterval');
  if (resume !== 'webhook' && resume !== 'form') {
    return {
      type: 'wait',
      params: { resume, amount: num(p.amount, 1), unit: str(p.unit, version >= 1.1 ? 'seconds' : 'hours'), dateTime: str(p.dateTime) },
    };
  }
  // n8n names the resume request's authentication `incomingAuthentication` (older exports: `authentication`).
  const auth = str(p.incomingAuthentication ?? p.authentication, 'none');
  if (!['none', 'basicAuth', 'headerAuth'].includes(auth)) return { unsupported: `Wait resume authentication "${auth}" is not supported` };
  const options = obj(p.options);
  const outOptions: Params = {};
  for (const k of WAIT_OPTION_KEYS) if (options[k] !== undefined) outOptions[k] = options[k];
  for (const k of Object.keys(options)) if (!WAIT_OPTION_KEYS.includes(k) && k !== 'buttonLabel' && k !== 'respondWithOptions') warn(`Wait option "${k}" is not supported and was left out`);
  const params: Params = { resume, authentication: auth };
  if (resume === 'webhook') {
    Object.assign(params, { httpMethod: str(p.httpMethod, 'GET'), responseMode: str(p.responseMode, 'onReceived'), responseData: str(p.responseData, 'firstEntryJson') });
    if (p.responseCode !== undefined) params.responseCode = num(p.responseCode, 200);
  } else {
    if (str(p.defineForm, 'fields') === 'json') return { unsupported: 'A Wait form defined by JSON is not supported; define its fields' };
    Object.assign(params, { formTitle: str(p.formTitle), formDescription: str(p.formDescription), formFields: { values: mapFormFields(p, warn) } });
    if (options.buttonLabel !== undefined) outOptions.buttonLabel = str(options.buttonLabel);
    const submitted = obj(obj(options.respondWithOptions).values).formSubmittedText;
    if (submitted !== undefined) outOptions.formSubmittedText = str(submitted);
  }
  if (p.limitWaitTime === true) {
    Object.assign(params, {
      limitWaitTime: true,
      limitType: str(p.limitType, 'afterTimeInterval'),
      resumeAmount: num(p.resumeAmount, 1),
      resumeUnit: str(p.resumeUnit, 'hours'),
      maxDateAndTime: str(p.maxDateAndTime),
    });
  }
  params.options = outOptions;
  return { type: 'wait', params };
};

export const dateTime: Mapper = ({ params: p, version, warn }): Mapping | Unsupported => {
  if (version < 2) {
    const action = str(p.action, 'format');
    const options = obj(p.options);
    const field = str(p.dataPropertyName, 'data');
    if (action === 'format') {
      const custom = p.custom === true;
      void custom;
      return { type: 'dateTime', params: { operation: 'formatDate', date: p.value ?? '', format: str(p.toFormat, 'MM/DD/YYYY'), formatSyntax: 'moment', outputFieldName: field, includeInputFields: true, fromFormat: str(options.fromFormat), timezone: str(options.toTimezone) } };
    }
    warn('Date & Time v1 "calculate" becomes add/subtract; check the result');
    return {
      type: 'dateTime',
      params: { operation: str(p.operation, 'add') === 'subtract' ? 'subtractFromDate' : 'addToDate', date: p.value ?? '', duration: num(p.duration, 0), timeUnit: str(p.timeUnit, 'days'), outputFieldName: field, includeInputFields: true },
    };
  }
  const op = str(p.operation, 'getCurrentDate');
  const options = obj(p.options);
  const params: Params = { operation: op, outputFieldName: p.outputFieldName, includeInputFields: bool(options.includeInputFields, false), timezone: str(options.timezone) };
  if (op === 'getCurrentDate') params.includeTime = bool(p.includeTime, true);
  if (op === 'addToDate' || op === 'subtractFromDate') Object.assign(params, { date: p.magnitude ?? '', duration: num(p.duration, 0), timeUnit: str(p.timeUnit, 'days') });
  if (op === 'formatDate') Object.assign(params, { date: p.date ?? '', format: str(p.format) === 'custom' ? str(p.customFormat) : str(p.format, 'MM/dd/yyyy'), fromFormat: str(options.fromFormat) });
  if (op === 'roundDate') Object.assign(params, { date: p.date ?? '', roundMode: str(p.mode, 'roundDown'), toNearest: str(p.toNearest, 'day') });
  if (op === 'getTimeBetweenDates') Object.assign(params, { startDate: p.startDate ?? '', endDate: p.endDate ?? '', units: arr(p.units).length ? p.units : ['day'], outputAsIsoString: bool(options.isoString, false) });
  if (op === 'extractDate') Object.assign(params, { date: p.date ?? '', part: str(p.part, 'month') });
  if (params.outputFieldName === undefined) delete params.outputFieldName;
  return { type: 'dateTime', params };
};

export const stopAndError: Mapper = ({ params: p }) => ({
  type: 'stopAndError',
  params: { errorType: str(p.errorType, 'errorMessage'), errorMessage: str(p.errorMessage), errorObject: p.errorObject ?? '' },
});

export function executeWorkflowMapper(convertGraph: (doc: unknown) => unknown): Mapper {
  return ({ params: p, warn }: MapContext) => {
    const source = str(p.source, 'database');
    const options = obj(p.options);
    const inputs = obj(p.workflowInputs);
    const define = str(inputs.mappingMode) === 'defineBelow';
    const common = {
      mode: str(p.mode, 'once'),
      waitForCompletion: bool(options.waitForSubWorkflow, true),
      workflowInputs: { mode: define ? 'define' : 'passthrough', values: define ? obj(inputs.value) : {} },
    };
    if (source === 'database') {
      const id = locatorValue(p.workflowId);
      warn(`Sub-workflow ${id || '(none)'} refers to an n8n workflow id: import that workflow too and choose it on this node`);
      return { type: 'executeWorkflow', params: { ...common, source: 'database', workflowId: id } };
    }
    if (source === 'parameter') {
      let doc: unknown = p.workflowJson;
      if (typeof doc === 'string') {
        try {
          doc = JSON.parse(doc);
        } catch {
          return { unsupported: 'Execute Workflow: the workflow JSON parameter is not valid JSON' };
        }
      }
      return { type: 'executeWorkflow', params: { ...common, source: 'parameter', workflowJson: convertGraph(doc) as Params } };
    }
    return { unsupported: `Execute Workflow source "${source}" is not supported` };
  };
}

export const executeWorkflowTrigger: Mapper = ({ params: p, version }) => {
  if (version < 1.1) return { type: 'executeWorkflowTrigger', params: { inputSource: 'passthrough' } };
  const src = str(p.inputSource, 'workflowInputs');
  if (src === 'passthrough') return { type: 'executeWorkflowTrigger', params: { inputSource: 'passthrough' } };
  if (src === 'jsonExample') return { type: 'executeWorkflowTrigger', params: { inputSource: 'jsonExample', jsonExample: str(p.jsonExample, '{}') } };
  const fields = arr<Params>(obj(p.workflowInputs).values).map((v) => ({ name: str(v.name), type: ['string', 'number', 'boolean', 'array', 'object'].includes(str(v.type)) ? str(v.type) : 'any' }));
  return { type: 'executeWorkflowTrigger', params: { inputSource: 'fields', fields } };
};

/** Execution Data: the pairs to save (n8n's dataToSave.values of { key, value }). */
export const executionData: Mapper = ({ params: p }) => ({
  type: 'executionData',
  params: { dataToSave: { values: arr<Params>(obj(p.dataToSave).values).map((v) => ({ key: str(v.key), value: v.value ?? '' })) } },
});
