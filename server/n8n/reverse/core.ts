/** Manual Trigger, Edit Fields (Set 3.4), IF 2.2, Filter 2.2, Switch 3.2, Merge 3.1, Code 2, No Operation. */
import { arr, bool, commaList, entryId, numOr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const BASE = 'n8n-nodes-base.';
const UNARY = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

export const manualTrigger: ReverseMapper = () => ({ type: BASE + 'manualTrigger', typeVersion: 1, parameters: {} });
export const noOp: ReverseMapper = () => ({ type: BASE + 'noOp', typeVersion: 1, parameters: {} });

const SET_TYPES = new Set(['string', 'number', 'boolean', 'array', 'object']);

export const transform: ReverseMapper = ({ node, params: p, warn }) => {
  const parameters: Params = {};
  if (str(p.mode, 'manual') === 'json') {
    parameters.mode = 'raw';
    parameters.jsonOutput = typeof p.json === 'string' ? p.json : JSON.stringify(p.json ?? {}, null, 2);
  } else {
    parameters.assignments = {
      assignments: arr<Params>(p.assignments).map((a, i) => {
        let type = str(a.type, 'string');
        if (!SET_TYPES.has(type)) {
          warn(`Field "${str(a.name)}" has type "${type}", which n8n's Edit Fields does not have: exported as string`);
          type = 'string';
        }
        return { id: entryId(node.id, 'a', i), name: str(a.name), value: a.value ?? '', type };
      }),
    };
  }
  const include = str(p.include, 'all');
  parameters.includeOtherFields = include !== 'none';
  if (include === 'selected') Object.assign(parameters, { include: 'selected', includeFields: commaList(p.includeFields) });
  if (include === 'except') Object.assign(parameters, { include: 'except', excludeFields: commaList(p.excludeFields) });
  const options: Params = {};
  setIf(options, 'dotNotation', p.dotNotation, true);
  setIf(options, 'ignoreConversionErrors', p.ignoreConversionErrors, false);
  if (p.includeBinary === false) options.stripBinary = true;
  parameters.options = options;
  if (arr(p.rename).length) warn('Renamed fields have no place in n8n\'s Edit Fields: the renames are not exported');
  if (arr(p.remove).length) warn('Removed fields have no place in n8n\'s Edit Fields (manual mode): the removals are not exported');
  if (p.strictTypes === true) warn('"Strict types" has no n8n equivalent: values are converted as n8n does');
  return { type: BASE + 'set', typeVersion: 3.4, parameters };
};

/** A Weft condition group as n8n's filter parameter (IF/Filter v2, Switch v3 rules). */
export function filterValue(nodeId: string, group: Params, prefix: string | number, defaults: { caseSensitive?: unknown; typeValidation?: unknown } = {}): Params {
  return {
    options: {
      caseSensitive: bool(group.caseSensitive ?? defaults.caseSensitive, true),
      leftValue: '',
      typeValidation: str(group.typeValidation ?? defaults.typeValidation, 'strict') === 'loose' ? 'loose' : 'strict',
      version: 2,
    },
    conditions: arr<Params>(group.conditions).map((c, i) => {
      const op = obj(c.operator);
      const operation = str(op.operation, 'equals');
      const operator: Params = { type: str(op.type, 'string'), operation };
      if (typeof op.rightType === 'string') operator.rightType = op.rightType;
      if (UNARY.has(operation)) operator.singleValue = true;
      return { id: entryId(nodeId, 'c', prefix, i), leftValue: c.leftValue ?? '', rightValue: UNARY.has(operation) ? '' : (c.rightValue ?? ''), operator };
    }),
    combinator: str(group.combinator, 'and') === 'or' ? 'or' : 'and',
  };
}

function conditionParams(nodeId: string, p: Params): Params {
  const parameters: Params = { conditions: filterValue(nodeId, p, 0) };
  if (str(p.typeValidation) === 'loose') parameters.looseTypeValidation = true;
  parameters.options = {};
  return parameters;
}

export const condition: ReverseMapper = ({ node, params: p }) => ({ type: BASE + 'if', typeVersion: 2.2, parameters: conditionParams(node.id, p) });

export const filter: ReverseMapper = ({ node, params: p, warn }) => {
  if (p.outputDiscarded === true) warn('n8n\'s Filter has no "discarded" output: items that fail the conditions are dropped there');
  return { type: BASE + 'filter', typeVersion: 2.2, parameters: conditionParams(node.id, p) };
};

export const switchNode: ReverseMapper = ({ node, params: p, warn }) => {
  if (str(p.mode, 'rules') === 'expression') {
    return { type: BASE + 'switch', typeVersion: 3.2, parameters: { mode: 'expression', numberOutputs: numOr(p.numberOutputs, 4), output: p.outputIndex ?? 0 } };
  }
  const rules = arr<Params>(p.rules);
  if (rules.some((r, i) => r.output !== undefined && Number(r.output) !== i)) {
    warn('Rules that route to another rule\'s output (Switch v1/v2) become one output per rule in n8n\'s Switch v3');
  }
  const parameters: Params = {
    rules: {
      values: rules.map((r, i) => ({
        conditions: filterValue(node.id, r, i, { caseSensitive: p.caseSensitive, typeValidation: p.typeValidation }),
        ...(r.outputName ? { renameOutput: true, outputKey: str(r.outputName) } : {}),
      })),
    },
  };
  if (str(p.typeValidation) === 'loose') parameters.looseTypeValidation = true;
  const options: Params = {};
  const fb = str(p.fallbackOutput, 'none');
  if (fb === 'extra') options.fallbackOutput = 'extra';
  else if (fb === 'output') options.fallbackOutput = numOr(p.fallbackOutputIndex, 0);
  if (p.caseSensitive === false) options.ignoreCase = true;
  if (p.allMatchingOutputs === true) options.allMatchingOutputs = true;
  parameters.options = options;
  return { type: BASE + 'switch', typeVersion: 3.2, parameters };
};

export const merge: ReverseMapper = ({ params: p }) => {
  const mode = str(p.mode, 'append');
  const options: Params = {};
  const parameters: Params = {};
  const combine = (by: string) => Object.assign(parameters, { mode: 'combine', combineBy: by });
  if (mode === 'append') {
    parameters.mode = 'append';
    setIf(parameters, 'numberInputs', numOr(p.numberInputs, 2), 2);
  } else if (mode === 'chooseBranch') {
    parameters.mode = 'chooseBranch';
    setIf(parameters, 'numberInputs', numOr(p.numberInputs, 2), 2);
    if (str(p.chooseBranchOutput, 'input') === 'empty') parameters.output = 'empty';
    else setIf(parameters, 'useDataOfInput', numOr(p.useDataOfInput, 1), 1);
  } else if (mode === 'combineByPosition') {
    combine('combineByPosition');
    setIf(options, 'includeUnpaired', p.includeUnpaired, false);
  } else if (mode === 'combineAll') {
    combine('combineAll');
  } else {
    combine('combineByFields');
    const fields = arr<Params>(p.fields).map((f) => ({ field1: str(f.field1), field2: str(f.field2) }));
    if (fields.every((f) => f.field1 === f.field2)) parameters.fieldsToMatchString = fields.map((f) => f.field1).join(', ');
    else Object.assign(parameters, { advanced: true, mergeByFields: { values: fields } });
    const joinMode = str(p.joinMode, 'keepMatches');
    setIf(parameters, 'joinMode', joinMode, 'keepMatches');
    if (joinMode === 'keepMatches' || joinMode === 'keepNonMatches') setIf(parameters, 'outputDataFrom', str(p.outputDataFrom, 'both'), 'both');
    setIf(options, 'multipleMatches', p.multipleMatches, 'all');
    if (p.dotNotation === false) options.disableDotNotation = true;
    setIf(options, 'fuzzyCompare', p.fuzzyCompare, false);
  }
  if (mode !== 'append' && mode !== 'chooseBranch') {
    const clash: Params = {};
    setIf(clash, 'resolveClash', p.resolveClash, 'preferLast');
    setIf(clash, 'mergeMode', p.mergeMode, 'deepMerge');
    if (p.minimizeEmptyFields === true) clash.overrideEmpty = false;
    if (Object.keys(clash).length) options.clashHandling = { values: clash };
  }
  parameters.options = options;
  return { type: BASE + 'merge', typeVersion: 3.1, parameters };
};

export const code: ReverseMapper = ({ params: p }) => {
  const parameters: Params = {};
  setIf(parameters, 'mode', str(p.mode, 'runOnceForAllItems'), 'runOnceForAllItems');
  parameters.jsCode = str(p.jsCode);
  return { type: BASE + 'code', typeVersion: 2, parameters };
};
