/** Loop Over Items, Limit, Sort, Split Out, Aggregate, Remove Duplicates, Stop and Error, Date & Time, Wait, sub-workflows. */
import { arr, commaList, numOr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const BASE = 'n8n-nodes-base.';

export const loop: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  setIf(parameters, 'batchSize', numOr(p.batchSize, 1), 1);
  parameters.options = p.reset === true ? { reset: true } : {};
  return { type: BASE + 'splitInBatches', typeVersion: 3, parameters };
};

export const limit: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  setIf(parameters, 'maxItems', numOr(p.maxItems, 1), 1);
  if (str(p.keep, 'first') === 'last') parameters.keep = 'lastItems';
  return { type: BASE + 'limit', typeVersion: 1, parameters };
};

export const sort: ReverseMapper = ({ params: p }) => {
  if (str(p.type, 'simple') === 'random') return { type: BASE + 'sort', typeVersion: 1, parameters: { type: 'random' } };
  const sortField = arr<Params>(p.fields).map((f) => ({ fieldName: str(f.field), ...(str(f.order) === 'descending' ? { order: 'descending' } : {}) }));
  return { type: BASE + 'sort', typeVersion: 1, parameters: { sortFieldsUi: { sortField }, options: p.dotNotation === false ? { disableDotNotation: true } : {} } };
};

const SPLIT_INCLUDE: Record<string, string> = { none: 'noOtherFields', all: 'allOtherFields', selected: 'selectedOtherFields' };

export const splitOut: ReverseMapper = ({ params: p }) => {
  const parameters: Params = { fieldToSplitOut: commaList(p.fieldToSplitOut) };
  const include = SPLIT_INCLUDE[str(p.include, 'none')] ?? 'noOtherFields';
  setIf(parameters, 'include', include, 'noOtherFields');
  if (include === 'selectedOtherFields') parameters.fieldsToInclude = commaList(p.fieldsToInclude);
  const options: Params = {};
  if (p.dotNotation === false) options.disableDotNotation = true;
  setIf(options, 'destinationFieldName', str(p.destinationFieldName), '');
  setIf(options, 'includeBinary', p.includeBinary, false);
  parameters.options = options;
  return { type: BASE + 'splitOut', typeVersion: 1, parameters };
};

const AGG_INCLUDE: Record<string, string> = { all: 'allFields', selected: 'specifiedFields', except: 'allFieldsExcept' };

export const aggregate: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  const options: Params = {};
  if (str(p.aggregate, 'individualFields') === 'allItemData') {
    parameters.aggregate = 'aggregateAllItemData';
    setIf(parameters, 'destinationFieldName', str(p.destinationField, 'data'), 'data');
    const include = AGG_INCLUDE[str(p.include, 'all')] ?? 'allFields';
    setIf(parameters, 'include', include, 'allFields');
    if (include === 'specifiedFields') parameters.fieldsToInclude = commaList(p.includeFields);
    if (include === 'allFieldsExcept') parameters.fieldsToExclude = commaList(p.excludeFields);
  } else {
    parameters.fieldsToAggregate = {
      fieldToAggregate: arr<Params>(p.fields).map((f) =>
        str(f.outputField) ? { fieldToAggregate: str(f.field), renameField: true, outputFieldName: str(f.outputField) } : { fieldToAggregate: str(f.field) },
      ),
    };
    setIf(options, 'mergeLists', p.mergeLists, false);
    setIf(options, 'keepMissing', p.keepMissing, false);
  }
  if (p.dotNotation === false) options.disableDotNotation = true;
  setIf(options, 'includeBinaries', p.includeBinaries, false);
  if (p.includeBinaries === true) setIf(options, 'keepOnlyUnique', p.keepOnlyUniqueBinaries, false);
  parameters.options = options;
  return { type: BASE + 'aggregate', typeVersion: 1, parameters };
};

export const removeDuplicates: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  const compare = str(p.compare, 'allFields');
  setIf(parameters, 'compare', compare, 'allFields');
  if (compare === 'allFieldsExcept') parameters.fieldsToExclude = commaList(p.fieldsToExclude);
  if (compare === 'selectedFields') parameters.fieldsToCompare = commaList(p.fieldsToCompare);
  const options: Params = {};
  if (p.dotNotation === false) options.disableDotNotation = true;
  if (compare === 'selectedFields') setIf(options, 'removeOtherFields', p.removeOtherFields, false);
  parameters.options = options;
  return { type: BASE + 'removeDuplicates', typeVersion: 2, parameters };
};

export const stopAndError: ReverseMapper = ({ params: p }) => {
  if (str(p.errorType, 'errorMessage') === 'errorObject') {
    const o = p.errorObject;
    return { type: BASE + 'stopAndError', typeVersion: 1, parameters: { errorType: 'errorObject', errorObject: typeof o === 'string' ? o : JSON.stringify(o ?? {}, null, 2) } };
  }
  return { type: BASE + 'stopAndError', typeVersion: 1, parameters: { errorMessage: str(p.errorMessage) } };
};

const WAIT_RESUME_KEYS = ['httpMethod', 'responseMode', 'responseData', 'responseCode', 'formTitle', 'formDescription', 'limitType', 'resumeAmount', 'resumeUnit', 'maxDateAndTime'];

export const wait: ReverseMapper = ({ params: p }) => {
  const resume = str(p.resume, 'timeInterval');
  if (resume === 'webhook' || resume === 'form') {
    const parameters: Params = { resume };
    const auth = str(p.authentication, 'none');
    if (auth !== 'none') parameters.incomingAuthentication = auth;
    for (const k of WAIT_RESUME_KEYS) if (p[k] !== undefined && (p.limitWaitTime === true || !['limitType', 'resumeAmount', 'resumeUnit', 'maxDateAndTime'].includes(k))) parameters[k] = p[k];
    if (resume === 'form') parameters.formFields = { values: ((p.formFields as Params | undefined)?.values as Params[] | undefined ?? []).map((f) => ({ ...f })) };
    if (p.limitWaitTime === true) parameters.limitWaitTime = true;
    const options: Params = { ...((p.options as Params | undefined) ?? {}) };
    if (options.formSubmittedText !== undefined) {
      options.respondWithOptions = { values: { formSubmittedText: options.formSubmittedText } };
      delete options.formSubmittedText;
    }
    parameters.options = options;
    return { type: BASE + 'wait', typeVersion: 1.1, parameters };
  }
  if (resume === 'specificTime') return { type: BASE + 'wait', typeVersion: 1.1, parameters: { resume, dateTime: str(p.dateTime) } };
  const parameters: Params = {};
  if (resume !== 'timeInterval') parameters.resume = resume;
  // Written out in full: n8n's defaults for amount and unit changed between Wait versions.
  parameters.amount = numOr(p.amount, 1);
  parameters.unit = str(p.unit, 'seconds');
  return { type: BASE + 'wait', typeVersion: 1.1, parameters };
};

const DATE_FIELD_DEFAULTS: Record<string, string> = {
  getCurrentDate: 'currentDate', addToDate: 'newDate', subtractFromDate: 'newDate', formatDate: 'formattedDate',
  roundDate: 'roundedDate', getTimeBetweenDates: 'timeDifference', extractDate: 'datePart',
};
/** n8n's Date & Time v2 format presets; anything else is a custom format. */
const DATE_PRESETS = new Set(['MM/dd/yyyy', 'yyyy/MM/dd', 'MMMM dd yyyy', 'MM-dd-yyyy', 'yyyy-MM-dd', 'X', 'x']);

export const dateTime: ReverseMapper = ({ params: p, warn }) => {
  const op = str(p.operation, 'getCurrentDate');
  const parameters: Params = { operation: op };
  const options: Params = {};
  if (str(p.formatSyntax) === 'moment') warn('Date formats written in moment syntax are exported as they are; n8n\'s Date & Time v2 reads Luxon formats');
  switch (op) {
    case 'getCurrentDate':
      if (p.includeTime === false) parameters.includeTime = false;
      break;
    case 'addToDate':
    case 'subtractFromDate':
      Object.assign(parameters, { magnitude: p.date ?? '', duration: numOr(p.duration, 0) });
      setIf(parameters, 'timeUnit', str(p.timeUnit, 'days'), 'days');
      break;
    case 'formatDate': {
      const format = str(p.format, 'MM/dd/yyyy');
      Object.assign(parameters, { date: p.date ?? '', ...(DATE_PRESETS.has(format) ? { format } : { format: 'custom', customFormat: format }) });
      setIf(options, 'fromFormat', str(p.fromFormat), '');
      break;
    }
    case 'roundDate':
      Object.assign(parameters, { date: p.date ?? '', mode: str(p.roundMode, 'roundDown'), toNearest: str(p.toNearest, 'day') });
      break;
    case 'getTimeBetweenDates':
      Object.assign(parameters, { startDate: p.startDate ?? '', endDate: p.endDate ?? '', units: arr(p.units).length ? p.units : ['day'] });
      if (p.outputAsIsoString === true) options.isoString = true;
      break;
    case 'extractDate':
      Object.assign(parameters, { date: p.date ?? '', part: str(p.part, 'month') });
      break;
  }
  setIf(parameters, 'outputFieldName', str(p.outputFieldName, DATE_FIELD_DEFAULTS[op] ?? ''), DATE_FIELD_DEFAULTS[op]);
  if (p.includeInputFields === true) options.includeInputFields = true;
  // n8n 2.40.7 reads options.timezone only when getting the current date or formatting; the other operations
  // work in the workflow's timezone.
  if (str(p.timezone) && op !== 'getCurrentDate' && op !== 'formatDate') warn(`n8n's Date & Time ignores a timezone for "${op}" (it uses the workflow's): set the workflow timezone to ${str(p.timezone)} in n8n`);
  else setIf(options, 'timezone', str(p.timezone), '');
  parameters.options = options;
  return { type: BASE + 'dateTime', typeVersion: 2, parameters };
};

export const executeWorkflow: ReverseMapper = ({ params: p, exportGraph }) => {
  const parameters: Params = {};
  if (str(p.source, 'database') === 'parameter') {
    const doc = typeof p.workflowJson === 'string' ? safeJson(p.workflowJson) : p.workflowJson;
    parameters.source = 'parameter';
    parameters.workflowJson = JSON.stringify(doc && typeof doc === 'object' ? exportGraph(doc) : {}, null, 2);
  } else {
    const id = p.workflowId && typeof p.workflowId === 'object' ? str(obj(p.workflowId).value) : str(p.workflowId);
    parameters.workflowId = { __rl: true, value: id, mode: 'id' };
  }
  const inputs = obj(p.workflowInputs);
  if (str(inputs.mode, 'passthrough') === 'define') {
    parameters.workflowInputs = { mappingMode: 'defineBelow', value: obj(inputs.values), matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true };
  }
  setIf(parameters, 'mode', str(p.mode, 'once'), 'once');
  parameters.options = p.waitForCompletion === false ? { waitForSubWorkflow: false } : {};
  return { type: BASE + 'executeWorkflow', typeVersion: 1.2, parameters };
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const executeWorkflowTrigger: ReverseMapper = ({ params: p }) => {
  const src = str(p.inputSource, 'passthrough');
  if (src === 'jsonExample') return { type: BASE + 'executeWorkflowTrigger', typeVersion: 1.1, parameters: { inputSource: 'jsonExample', jsonExample: str(p.jsonExample, '{}') } };
  if (src === 'fields') {
    const values = arr<Params>(p.fields).map((f) => ({ name: str(f.name), ...(str(f.type, 'any') !== 'any' ? { type: str(f.type) } : {}) }));
    return { type: BASE + 'executeWorkflowTrigger', typeVersion: 1.1, parameters: { workflowInputs: { values } } };
  }
  return { type: BASE + 'executeWorkflowTrigger', typeVersion: 1.1, parameters: { inputSource: 'passthrough' } };
};


/** executionData -> n8n's Execution Data 1. */
export const executionData: ReverseMapper = ({ params: p }) => ({
  type: BASE + 'executionData',
  typeVersion: 1,
  parameters: { dataToSave: { values: ((p.dataToSave as Params | undefined)?.values as Params[] | undefined ?? []).map((v) => ({ key: v.key, value: v.value })) } },
});
