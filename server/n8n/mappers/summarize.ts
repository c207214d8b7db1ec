/** Summarize (v1, v1.1): fieldsToSummarize.values flattened into Weft's fields; separateBy/customSeparator become one separator. */
import type { Mapper } from './types';
import { arr, bool, obj, str, type Params } from './util';

export const summarize: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  const values = p.fieldsToSummarize === undefined ? [{ aggregation: 'count', field: '' }] : arr<Params>(obj(p.fieldsToSummarize).values);
  const fields = values.map((v) => {
    const separateBy = str(v.separateBy, ',');
    return {
      aggregation: str(v.aggregation, 'count'),
      field: str(v.field),
      includeEmpty: bool(v.includeEmpty, false),
      separator: separateBy === 'other' ? str(v.customSeparator) : separateBy,
    };
  });
  return {
    type: 'summarize',
    typeVersion: version >= 1.1 ? 1.1 : 1,
    params: {
      fields,
      fieldsToSplitBy: str(p.fieldsToSplitBy),
      outputFormat: str(options.outputFormat, 'separateItems') === 'singleItem' ? 'singleItem' : 'separateItems',
      skipEmptySplitFields: bool(options.skipEmptySplitFields, false),
      continueIfFieldNotFound: bool(options.continueIfFieldNotFound, false),
      dotNotation: !bool(options.disableDotNotation, false),
    },
  };
};
