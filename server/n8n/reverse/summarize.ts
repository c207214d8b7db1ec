/** Summarize back to n8n: Weft's fields as fieldsToSummarize.values (separator as separateBy, or "other" + customSeparator). */
import { arr, setIf, str, type Params, type ReverseMapper } from './types';

const SEPARATORS = [',', ', ', '\n', '', ' '];

export const summarize: ReverseMapper = ({ node, params: p }) => {
  const values = arr<Params>(p.fields).map((f) => {
    const aggregation = str(f.aggregation, 'count');
    const out: Params = { aggregation, field: str(f.field) };
    if (['append', 'concatenate', 'count', 'countUnique'].includes(aggregation)) setIf(out, 'includeEmpty', f.includeEmpty, false);
    if (aggregation === 'concatenate') {
      const sep = str(f.separator, ',');
      if (SEPARATORS.includes(sep)) setIf(out, 'separateBy', sep, ',');
      else Object.assign(out, { separateBy: 'other', customSeparator: sep });
    }
    return out;
  });
  const options: Params = {};
  setIf(options, 'continueIfFieldNotFound', p.continueIfFieldNotFound, false);
  if (p.dotNotation === false) options.disableDotNotation = true;
  setIf(options, 'outputFormat', str(p.outputFormat, 'separateItems'), 'separateItems');
  setIf(options, 'skipEmptySplitFields', p.skipEmptySplitFields, false);
  const parameters: Params = { fieldsToSummarize: { values } };
  setIf(parameters, 'fieldsToSplitBy', str(p.fieldsToSplitBy), '');
  parameters.options = options;
  return { type: 'n8n-nodes-base.summarize', typeVersion: node.typeVersion === 1 ? 1 : 1.1, parameters };
};
