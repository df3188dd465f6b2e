/**
 * Undoes the ways a link is disguised, on a view derived from the folded text (so every finding still
 * maps to the original): "paypal dot me slash x", "paypal[.]me", "(dot)", "buy . stripe . com",
 * spaced letters "p a y p a l . m e", "h t t p s : / /", "hxxps", "h**ps".
 */
import { derive, type View } from './fold.js';

/** Domain endings accepted after a spoken "point" (French prose says "point de vue", "à ce point"). */
const POINT_TLD = 'com|net|org|ch|me|io|fr|ly|co|app|eu|info|be|li|at|shop|link';
const SEP_DOT = new RegExp(
  String.raw`\s?[\[({<]\s?(?:dot|punkt|point|punto|\.)\s?[\])}>]\s?|(?<=[\p{L}\p{N}])\s(?:dot|punkt|punto)\s(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])\s(?:point)\s(?=(?:${POINT_TLD})(?![\p{L}]))|(?<=[\p{L}\p{N}])\s\.\s(?=[\p{L}\p{N}])`,
  'gu',
);
const SEP_SLASH =
  /(?<=[\p{L}\p{N}])\s?(?:\s(?:slash|barre oblique|schrägstrich|barra|slash)\s|\s\/\s|\s\/|\/\s)(?=[\p{L}\p{N}])/gu;
const SEP_SCHEME =
  /(?<=h(?:tt|xx|\*\*|\+\+|tx|xt)ps?)\s?(?::|\[:\]|\(:\)|\scolon)\s?\/\s?\/\s?|(?<=h(?:tt|xx)ps?)\s(?=\/\/)/gu;
/** Three or more single letters, digits or URL signs in a row, one space apart: "p a y p a l". */
const SPACED = /(?<![\p{L}\p{N}])[\p{L}\p{N}.:/](?: [\p{L}\p{N}.:/]){3,}(?![\p{L}\p{N}])/gu;
const SCHEME_ALIAS = /(?<![\p{L}])h(?:xx|\*\*|\+\+|tx|xt)p(s?):\/\//gu;

export function linkView(view: View): View {
  let v = derive(view, SPACED, (m) => m[0].replace(/ /g, ''));
  v = derive(v, SEP_SCHEME, () => '://');
  v = derive(v, SEP_DOT, () => '.');
  v = derive(v, SEP_SLASH, () => '/');
  return derive(v, SCHEME_ALIAS, (m) => `http${m[1]}://`);
}
