/**
 * Converts a Moment.js format string (n8n's Date & Time v1 used Moment) into Luxon's, so imported v1
 * nodes keep their formats: 'DD/MM/YYYY' -> 'dd/MM/yyyy', '[Week] W' -> "'Week' W".
 * Moment leaves unknown letters as text; Luxon reads every letter as a token, so those get quoted.
 */
const TOKENS: [string, string][] = [
  ['YYYY', 'yyyy'], ['YY', 'yy'], ['Y', 'y'],
  ['MMMM', 'MMMM'], ['MMM', 'MMM'], ['MM', 'MM'], ['M', 'M'],
  ['DDDD', 'ooo'], ['DDD', 'o'], ['DD', 'dd'], ['Do', 'd'], ['D', 'd'],
  ['dddd', 'cccc'], ['ddd', 'ccc'], ['dd', 'ccc'], ['d', 'c'],
  ['E', 'c'], ['e', 'c'],
  ['HH', 'HH'], ['H', 'H'], ['hh', 'hh'], ['h', 'h'], ['kk', 'HH'], ['k', 'H'],
  ['mm', 'mm'], ['m', 'm'], ['ss', 'ss'], ['s', 's'],
  ['SSS', 'SSS'], ['SS', 'SSS'], ['S', 'S'],
  ['A', 'a'], ['a', 'a'],
  ['ZZ', 'ZZZ'], ['Z', 'ZZ'],
  ['X', 'X'], ['x', 'x'],
  ['Q', 'q'], ['GGGG', 'kkkk'], ['gggg', 'kkkk'], ['WW', 'WW'], ['W', 'W'], ['ww', 'WW'], ['w', 'W'],
];

export function momentToLuxon(format: string): string {
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal) out += `'${literal.replace(/'/g, "''")}'`;
    literal = '';
  };
  for (let i = 0; i < format.length; ) {
    if (format[i] === '[') {
      const end = format.indexOf(']', i + 1);
      if (end > i) {
        literal += format.slice(i + 1, end);
        i = end + 1;
        continue;
      }
    }
    const match = TOKENS.find(([m]) => format.startsWith(m, i));
    if (match) {
      flush();
      out += match[1];
      i += match[0].length;
    } else if (/[A-Za-z]/.test(format[i])) {
      literal += format[i++];
    } else {
      flush();
      out += format[i] === "'" ? "''" : format[i];
      i++;
    }
  }
  flush();
  return out;
}
