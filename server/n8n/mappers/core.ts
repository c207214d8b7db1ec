/** Set, IF, Filter, Switch, Merge, Code/Function, NoOp, Manual Trigger. */
import type { Mapper } from './types';
import { groupFromV1, groupFromV2, v1Operation } from './conditions';
import { arr, bool, fieldList, num, obj, str, type Params } from './util';

const SET_V3_TYPES: Record<string, string> = { stringValue: 'string', numberValue: 'number', booleanValue: 'boolean', arrayValue: 'array', objectValue: 'object' };

export const set: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  const common = {
    dotNotation: bool(options.dotNotation, true),
    ignoreConversionErrors: bool(options.ignoreConversionErrors, false),
    includeBinary: options.stripBinary === true ? false : bool(options.includeBinary, true),
  };
  if (version < 3) {
    const values = obj(p.values);
    const assignments = (['string', 'number', 'boolean'] as const).flatMap((type) => arr<Params>(values[type]).map((v) => ({ name: str(v.name), value: v.value ?? (type === 'boolean' ? false : type === 'number' ? 0 : ''), type })));
    return { type: 'transform', params: { mode: 'manual', assignments, include: p.keepOnlySet === true ? 'none' : 'all', ...common } };
  }
  const mode = str(p.mode, 'manual') === 'raw' ? 'json' : 'manual';
  let assignments: Params[];
  if (version >= 3.3) {
    assignments = arr<Params>(obj(p.assignments).assignments).map((a) => ({ name: str(a.name), value: a.value ?? '', type: str(a.type, 'string') }));
  } else {
    assignments = arr<Params>(obj(p.fields).values).map((f) => {
      const t = str(f.type, 'stringValue');
      return { name: str(f.name), value: f[t] ?? '', type: SET_V3_TYPES[t] ?? 'string' };
    });
  }
  const include = version >= 3.3 ? (p.includeOtherFields === true ? str(p.include, 'all') : 'none') : str(p.include, 'all');
  return {
    type: 'transform',
    params: { mode, assignments, json: str(p.jsonOutput), include, includeFields: fieldList(p.includeFields), excludeFields: fieldList(p.excludeFields), ...common },
  };
};

export const ifNode: Mapper = ({ params: p, version }) => ({
  type: 'condition',
  params: version < 2 ? groupFromV1(p) : groupFromV2(p.conditions, obj(p.options), p.looseTypeValidation),
  outputs: ['true', 'false'],
});

export const filter: Mapper = ({ params: p, version }) => ({
  type: 'filter',
  params: version < 2 ? groupFromV1(p) : groupFromV2(p.conditions, obj(p.options), p.looseTypeValidation),
});

export const switchNode: Mapper = ({ params: p, version, warn }) => {
  const options = obj(p.options);
  const mode = str(p.mode, 'rules');
  if (version < 3) {
    if (mode === 'expression') {
      const n = num(p.outputsAmount, 4);
      return { type: 'switch', params: { mode: 'expression', numberOutputs: n, outputIndex: p.output ?? 0 }, outputs: Array.from({ length: n }, (_, i) => `output${i}`) };
    }
    const dataType = str(p.dataType, 'number');
    // Switch v1 sends a match to the rule's `output` (4 outputs); v2 to the rule's own position, with one
    // output per rule (checked against n8n 2.40.7).
    const rules = arr<Params>(obj(p.rules).rules).map((r, i) => ({
      conditions: [{ leftValue: p.value1 ?? '', operator: { type: dataType, operation: v1Operation(str(r.operation, 'equal')) }, rightValue: r.value2 ?? '' }],
      combinator: 'and',
      output: version < 2 ? num(r.output, 0) : i,
    }));
    const fallback = num(p.fallbackOutput, -1);
    const count = version < 2 ? 4 : Math.max(rules.length, fallback + 1, 1);
    return {
      type: 'switch',
      params: { mode: 'rules', rules, typeValidation: 'loose', fallbackOutput: fallback >= 0 ? 'output' : 'none', fallbackOutputIndex: Math.max(0, fallback) },
      outputs: Array.from({ length: count }, (_, i) => `output${i}`),
    };
  }
  if (mode === 'expression') {
    const n = num(p.numberOutputs, 4);
    return { type: 'switch', params: { mode: 'expression', numberOutputs: n, outputIndex: p.output ?? 0 }, outputs: Array.from({ length: n }, (_, i) => `output${i}`) };
  }
  const values = arr<Params>(obj(p.rules).values);
  const rules = values.map((r) => ({
    ...groupFromV2(r.conditions, options, p.looseTypeValidation),
    ...(r.renameOutput === true && r.outputKey ? { outputName: str(r.outputKey) } : {}),
  }));
  const outputs = rules.map((_, i) => `output${i}`);
  const fb = options.fallbackOutput;
  let fallbackOutput = 'none';
  let fallbackOutputIndex = 0;
  if (fb === 'extra') {
    fallbackOutput = 'extra';
    outputs.push('fallback');
  } else if (typeof fb === 'number' || (typeof fb === 'string' && /^\d+$/.test(fb))) {
    fallbackOutput = 'output';
    fallbackOutputIndex = Number(fb);
  } else if (fb !== undefined && fb !== 'none') warn(`Switch fallback output "${String(fb)}" is not understood; items no rule matches are dropped`);
  const base = groupFromV2(undefined, options, p.looseTypeValidation);
  return {
    type: 'switch',
    params: { mode: 'rules', rules, caseSensitive: base.caseSensitive, typeValidation: base.typeValidation, allMatchingOutputs: bool(options.allMatchingOutputs, false), fallbackOutput, fallbackOutputIndex },
    outputs,
  };
};

const inputsOf = (n: number) => Array.from({ length: n }, (_, i) => `input${i + 1}`);

export const merge: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  const clash = obj(obj(options.clashHandling).values);
  const common = {
    fuzzyCompare: bool(options.fuzzyCompare, false),
    dotNotation: !bool(options.disableDotNotation, false),
    includeUnpaired: bool(options.includeUnpaired, false),
    multipleMatches: str(options.multipleMatches, 'all') === 'first' ? 'first' : 'all',
    resolveClash: str(clash.resolveClash, 'preferLast') === 'preferInput1' ? 'preferInput1' : str(clash.resolveClash) === 'addSuffix' ? 'addSuffix' : 'preferLast',
    mergeMode: str(clash.mergeMode, 'deepMerge') === 'shallowMerge' ? 'shallowMerge' : 'deepMerge',
    minimizeEmptyFields: clash.overrideEmpty === false,
  };
  const mode = str(p.mode, 'append');
  if (version < 2) {
    const byKey = [{ field1: str(p.propertyName1), field2: str(p.propertyName2) }];
    const table: Record<string, Params> = {
      append: { mode: 'append' },
      mergeByIndex: { mode: 'combineByPosition', includeUnpaired: str(p.join, 'left') !== 'inner' },
      mergeByKey: { mode: 'combineByFields', fields: byKey, joinMode: 'enrichInput1' },
      keepKeyMatches: { mode: 'combineByFields', fields: byKey, joinMode: 'keepMatches', outputDataFrom: 'input1' },
      removeKeyMatches: { mode: 'combineByFields', fields: byKey, joinMode: 'keepNonMatches', outputDataFrom: 'input1' },
      multiplex: { mode: 'combineAll' },
      passThrough: { mode: 'chooseBranch', chooseBranchOutput: 'input', useDataOfInput: str(p.output, 'input1') === 'input2' ? 2 : 1 },
      wait: { mode: 'chooseBranch', chooseBranchOutput: 'empty' },
    };
    return { type: 'merge', params: { ...common, ...(table[mode] ?? { mode: 'append' }) }, inputs: inputsOf(2) };
  }
  const numberInputs = version >= 3 ? Math.max(2, num(p.numberInputs, 2)) : 2;
  if (mode === 'combineBySql') return { unsupported: 'Merge "SQL query" mode is not supported' };
  if (mode === 'chooseBranch') {
    const out = str(p.output, 'specifiedInput');
    return {
      type: 'merge',
      params: { ...common, mode: 'chooseBranch', numberInputs, chooseBranchOutput: out === 'empty' ? 'empty' : 'input', useDataOfInput: out === 'input2' ? 2 : out === 'input1' ? 1 : num(p.useDataOfInput, 1) },
      inputs: inputsOf(numberInputs),
    };
  }
  if (mode === 'combine' || mode === 'combineByFields' || mode === 'combineByPosition' || mode === 'combineAll') {
    const by = mode === 'combine' ? str(version >= 3 ? p.combineBy : p.combinationMode, version >= 3 ? 'combineByFields' : 'mergeByFields') : mode;
    const kind = by === 'mergeByPosition' || by === 'combineByPosition' ? 'combineByPosition' : by === 'multiplex' || by === 'combineAll' ? 'combineAll' : 'combineByFields';
    let fields: Params[] = arr<Params>(obj(p.mergeByFields).values).map((f) => ({ field1: str(f.field1), field2: str(f.field2) }));
    if (version >= 3 && p.advanced !== true && kind === 'combineByFields') {
      fields = fieldList(p.fieldsToMatchString).split(',').filter(Boolean).map((f) => ({ field1: f, field2: f }));
    }
    return {
      type: 'merge',
      params: { ...common, mode: kind, numberInputs: 2, fields, joinMode: str(p.joinMode, 'keepMatches'), outputDataFrom: str(p.outputDataFrom, 'both') },
      inputs: inputsOf(2),
    };
  }
  return { type: 'merge', params: { ...common, mode: 'append', numberInputs }, inputs: inputsOf(numberInputs) };
};

export const code: Mapper = ({ params: p, version }) => {
  if (str(p.language, 'javaScript') !== 'javaScript') return { unsupported: `Code in ${str(p.language)} is not supported (JavaScript only)` };
  return { type: 'code', typeVersion: version >= 2 ? 2 : 1, params: { mode: str(p.mode, 'runOnceForAllItems'), jsCode: str(p.jsCode), language: 'javaScript' } };
};

/** The legacy Function node: `items` in, items out. */
export const fn: Mapper = ({ params: p }) => ({ type: 'code', typeVersion: 1, params: { mode: 'runOnceForAllItems', jsCode: str(p.functionCode), language: 'javaScript' } });

/** The legacy Function Item node: `item` is the item's json; the code returns it (or another object). */
export const fnItem: Mapper = ({ params: p }) => ({
  type: 'code',
  typeVersion: 1,
  // A function of `item` (the sandbox may already define a global of that name, so it is a parameter here).
  params: { mode: 'runOnceForEachItem', jsCode: `return ((item) => {\n${str(p.functionCode)}\n})($input.item.json);`, language: 'javaScript' },
});

export const noOp: Mapper = () => ({ type: 'noOp', params: {} });
export const manualTrigger: Mapper = () => ({ type: 'manualTrigger', params: {} });
