// The tokens of Go's template lexer, and how its errors quote them: item.String(), strconv.Quote, %#U.
import { goQuote } from '../../util/go-quote.js';

export { goQuote };
export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'comment' | 'assign' | 'declare' | 'eof' | 'field' | 'identifier'
  | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim' | 'rightParen' | 'space' | 'string'
  | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';

export interface Item {
  type: ItemType;
  /** Byte offset in the template (Go's Pos), for error locations. */
  pos: number;
  val: string;
  line: number;
}

export const KEYWORD_TYPES = new Set<ItemType>(['block', 'break', 'continue', 'dot', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);

/** Go's item.String(), as parse errors quote a token. */
export function itemText(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.type)) return `<${i.val}>`;
  const chars = [...i.val];
  if (chars.length > 10) return `${goQuote(chars.slice(0, 10).join(''))}...`;
  return goQuote(i.val);
}


/** %#U of a rune: U+007D '}'. */
export function goRune(r: string): string {
  if (r === '') return 'U+FFFFFFFF';
  const code = r.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x20 && code !== 0x7f ? `${hex} '${r}'` : hex;
}
