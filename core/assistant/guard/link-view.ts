/**
 * Undoes the ways a link is disguised, on a view derived from the folded text (so every finding still
 * maps to the original): "paypal dot me slash x", "paypal[.]me", "(dot)", "buy . stripe . com",
 * spaced letters "p a y p a l . m e", "h t t p s : / /", "hxxps", "h**ps".
 */
import { derive, type View } from './fold.js';

/** Domain endings accepted after a spoken "point" (French prose says "point de vue", "à ce point"). */
const POINT_TLD = 'com|net|org|ch|me|io|fr|ly|co|app|eu|info|be|li|at|shop|link';
// Each separator starts with a literal character so the scan skips ahead; the letter or digit it must
// follow is checked by `afterLabel` (a leading lookbehind would be tried at every position).
const SEP_DOT = new RegExp(
  String.raw` ?[\[({<] ?(?:dot|punkt|point|punto|\.) ?[\])}>] ?| (?:dot|punkt|punto) (?=[\p{L}\p{N}])| point (?=(?:${POINT_TLD})(?![\p{L}]))| \. (?=[\p{L}\p{N}])`,
  'gu',
);
const SEP_SLASH =
  / (?:slash|barre oblique|schrägstrich|barra) (?=[\p{L}\p{N}])| \/ ?(?=[\p{L}\p{N}])|\/ (?=[\p{L}\p{N}])/gu;
const SEP_SCHEME =
  /(?<=h(?:tt|xx|\*\*|\+\+|tx|xt)ps?)(?!:\/\/)\s?(?::|\[:\]|\(:\)|\scolon)\s?\/\s?\/\s?|(?<=h(?:tt|xx)ps?)\s(?=\/\/)/gu;
const LABEL_END = /[\p{L}\p{N}]/u;
/** The replacement when the separator follows a letter or digit, else the text as it was. */
const afterLabel = (by: string) => (m: RegExpExecArray) =>
  m.index > 0 && LABEL_END.test(m.input[m.index - 1]!) ? by : m[0];
/** Three or more single letters, digits or URL signs in a row, one space apart: "p a y p a l". */
const SPACED = /(?<![\p{L}\p{N}])[\p{L}\p{N}.:/](?: [\p{L}\p{N}.:/]){3,}(?![\p{L}\p{N}])/gu;
const SCHEME_ALIAS = /(?<![\p{L}])h(?:xx|\*\*|\+\+|tx|xt)p(?=s?\s?(?::|\[:\]|\(:\)|\scolon))/gu;

/** Cheap tests first: most answers hold none of these disguises. */
const MAY_SCHEME = /h\S\Sps?\s?[:[(]|colon/;
const MAY_DOT = /dot|punkt|point|punto|[[({<]\s?\.|\s\.\s/;
const MAY_SLASH = /slash|barr|schrägstrich|\s\/|\/\s/;
const MAY_ALIAS = /h(?:xx|\*\*|\+\+|tx|xt)p/;

export function linkView(view: View): View {
  let v = derive(view, SPACED, (m) => m[0].replace(/ /g, ''));
  if (MAY_SCHEME.test(v.text)) v = derive(v, SEP_SCHEME, () => '://');
  if (MAY_DOT.test(v.text)) v = derive(v, SEP_DOT, afterLabel('.'));
  if (MAY_SLASH.test(v.text)) v = derive(v, SEP_SLASH, afterLabel('/'));
  return MAY_ALIAS.test(v.text) ? derive(v, SCHEME_ALIAS, () => 'http') : v;
}
