import type { z } from 'zod';

export type Lang = 'it' | 'en';

type Issue = z.core.$ZodIssue;

const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected|Required)/;

const TYPE_NAMES: Record<Lang, Record<string, string>> = {
  it: {
    string: 'un testo',
    number: 'un numero',
    int: 'un numero intero',
    boolean: 'true o false',
    object: 'un oggetto JSON',
    array: 'un elenco',
    undefined: 'nessun valore',
    null: 'null',
  },
  en: {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    object: 'a JSON object',
    array: 'a list',
    undefined: 'no value',
    null: 'null',
  },
};

const typeName = (lang: Lang, t: unknown) => TYPE_NAMES[lang][String(t)] ?? String(t);

function bound(
  lang: Lang,
  issue: { origin?: string; inclusive?: boolean },
  n: unknown,
  small: boolean,
): string {
  const it = lang === 'it';
  const cmp = small
    ? issue.inclusive === false
      ? it
        ? 'maggiore di'
        : 'greater than'
      : it
        ? 'almeno'
        : 'at least'
    : issue.inclusive === false
      ? it
        ? 'minore di'
        : 'less than'
      : it
        ? 'al massimo'
        : 'at most';
  if (issue.origin === 'string')
    return it ? `deve avere ${cmp} ${String(n)} caratteri` : `must have ${cmp} ${String(n)} characters`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return it ? `deve avere ${cmp} ${String(n)} elementi` : `must have ${cmp} ${String(n)} items`;
  return it ? `deve essere ${cmp} ${String(n)}` : `must be ${cmp} ${String(n)}`;
}

/**
 * One configuration problem in the technician's language, in words that say what to write instead. Zod's own
 * messages are English ("Too small: expected number to be >=100") and its Italian locale keeps type names
 * ("number"); this covers the codes the configuration schema can raise, and a schema's own message (already
 * Italian: refinements) is kept as written.
 */
export function issueText(issue: Issue, lang: Lang): string {
  const it = lang === 'it';
  // A message the schema wrote itself (Italian: '11 cifre'), not one of zod's English defaults.
  if (issue.code !== 'unrecognized_keys' && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      // Zod reports no input unless asked; its default message still says what it received.
      const missing = /received undefined$/.test(issue.message);
      if (missing)
        return it
          ? `manca: serve ${typeName(lang, issue.expected)}`
          : `missing: ${typeName(lang, issue.expected)} is required`;
      return it ? `serve ${typeName(lang, issue.expected)}` : `must be ${typeName(lang, issue.expected)}`;
    }
    case 'too_small':
      return bound(lang, issue, issue.minimum, true);
    case 'too_big':
      return bound(lang, issue, issue.maximum, false);
    case 'invalid_value':
      return it
        ? `valore non ammesso: usa ${issue.values.map((v) => JSON.stringify(v)).join(' o ')}`
        : `value not allowed: use ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_format':
      return it
        ? `formato non valido (serve: ${issue.format})`
        : `invalid format (expected: ${issue.format})`;
    case 'unrecognized_keys':
      return it
        ? `chiave sconosciuta: ${issue.keys.join(', ')} (controlla l’ortografia o toglila)`
        : `unknown key: ${issue.keys.join(', ')} (check the spelling or remove it)`;
    case 'invalid_union':
      return it ? 'valore non valido per questa chiave' : 'invalid value for this key';
    case 'not_multiple_of':
      return it
        ? `deve essere multiplo di ${String(issue.divisor)}`
        : `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
      return issue.message;
    default:
      return it ? 'valore non valido' : 'invalid value';
  }
}
