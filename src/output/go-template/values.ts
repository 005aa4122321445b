// The values a Go template sees in kubectl: the object as apimachinery's json.Unmarshal gives it to the template
// (maps, []interface{}, strings, bools, nil, and numbers as int64 when whole, else float64), plus what the template
// itself makes: int and float64 constants, and the results of functions.
import { compareBytes } from '../../util/compare-bytes.js';

/** A number of a type other than JSON's: a template constant (int, float64), len's int, a rune, a string's byte. */
export class GoNumber {
  constructor(
    readonly value: number,
    readonly type: 'int' | 'int32' | 'uint8' | 'float64',
  ) {}
}

/**
 * undefined is Go's invalid reflect.Value (a missing map key, "<no value>"); null is a nil interface{} (JSON null,
 * or a missing key once a function has it). A JS number is a JSON number.
 */
export type GoValue = undefined | null | boolean | string | number | GoNumber | GoValue[] | GoMap;
export interface GoMap {
  [key: string]: GoValue;
}

export type Kind = 'invalid' | 'nil' | 'bool' | 'string' | 'int' | 'uint' | 'float' | 'map' | 'slice';

export function kindOf(v: GoValue): Kind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof GoNumber) return v.type === 'float64' ? 'float' : v.type === 'uint8' ? 'uint' : 'int';
  return Array.isArray(v) ? 'slice' : 'map';
}

export function isMap(v: GoValue): v is GoMap {
  return kindOf(v) === 'map';
}

/** The number inside, for the int, uint and float kinds. */
export function numberOf(v: GoValue): number {
  return v instanceof GoNumber ? v.value : (v as number);
}

/** reflect's Type.String(), as errors name types. */
export function typeName(v: GoValue): string {
  if (v === undefined) return '<nil>';
  if (v === null) return 'interface {}';
  if (v instanceof GoNumber) return v.type;
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'map[string]interface {}';
  }
}

/** text/template's isTrue: the zero of each type is false; a missing value too. */
export function truth(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (typeof v === 'number' || v instanceof GoNumber) return numberOf(v) !== 0;
  return Object.keys(v).length > 0;
}

/** Go orders map keys by bytes. */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareBytes);
}

/** len() of a string in Go counts its UTF-8 bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
