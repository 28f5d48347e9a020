import { SyntaxKind } from 'typescript/unstable/ast';
import { createScanner } from 'typescript/unstable/ast/scanner';

/**
 * The layering rules of docs/architecture.md ("Layering: who may import
 * whom") as data, and the imports of a file read with TypeScript's own
 * scanner: strings, comments, templates and regular expressions are tokens,
 * so an import named in a comment or a string is never one, and a type-only
 * import is one (it couples the folders as much as a value import does).
 */

/** The module specifiers a TypeScript or JavaScript source imports or re-exports, in order. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  let previous = SyntaxKind.Unknown;
  let beforePrevious = SyntaxKind.Unknown;
  for (const { token, value } of tokensOf(source)) {
    // `from 'x'` only ever ends an import or export declaration; `import 'x'` and `import('x')` are the others.
    const imported =
      token === SyntaxKind.StringLiteral &&
      (previous === SyntaxKind.FromKeyword ||
        previous === SyntaxKind.ImportKeyword ||
        (previous === SyntaxKind.OpenParenToken && beforePrevious === SyntaxKind.ImportKeyword));
    if (imported) found.push(value);
    beforePrevious = previous;
    previous = token;
  }
  return found;
}

/** The text of every comment of a TypeScript or JavaScript source, in order. */
export function commentsOf(source: string): string[] {
  const comments: string[] = [];
  for (const { token, value } of tokensOf(source, { comments: true }))
    if (token === SyntaxKind.SingleLineCommentTrivia || token === SyntaxKind.MultiLineCommentTrivia)
      comments.push(value);
  return comments;
}

/**
 * The tokens of a source with TypeScript's scanner, rescanning a `/` that
 * starts a regular expression and a `}` that continues a template, as the
 * parser would; with `comments`, comment tokens too (other trivia never).
 */
function* tokensOf(
  source: string,
  o: { comments?: boolean } = {},
): Generator<{ token: SyntaxKind; value: string }> {
  const scanner = createScanner(!o.comments, undefined, source);
  // Brace depths at which a template's `${` opened: its `}` continues the template.
  const templates: number[] = [];
  let depth = 0;
  let previous = SyntaxKind.Unknown;
  for (let token = scanner.scan(); token !== SyntaxKind.EndOfFile; token = scanner.scan()) {
    if (token === SyntaxKind.SingleLineCommentTrivia || token === SyntaxKind.MultiLineCommentTrivia) {
      yield { token, value: scanner.getTokenText() };
      continue;
    }
    if (
      token === SyntaxKind.WhitespaceTrivia ||
      token === SyntaxKind.NewLineTrivia ||
      token === SyntaxKind.ConflictMarkerTrivia
    )
      continue;
    if (
      (token === SyntaxKind.SlashToken || token === SyntaxKind.SlashEqualsToken) &&
      startsExpression(previous)
    )
      token = scanner.reScanSlashToken();
    if (token === SyntaxKind.TemplateHead) templates.push(depth);
    else if (token === SyntaxKind.OpenBraceToken) depth++;
    else if (token === SyntaxKind.CloseBraceToken) {
      if (templates.at(-1) === depth) {
        token = scanner.reScanTemplateToken(false);
        if (token === SyntaxKind.TemplateTail) templates.pop();
      } else depth--;
    }
    yield { token, value: token === SyntaxKind.StringLiteral ? scanner.getTokenValue() : '' };
    previous = token;
  }
}

/** After these tokens a `/` starts a regular expression, not a division (as TypeScript's preProcessFile decides). */
function startsExpression(previous: SyntaxKind): boolean {
  switch (previous) {
    case SyntaxKind.Identifier:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.RegularExpressionLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateTail:
    case SyntaxKind.CloseParenToken:
    case SyntaxKind.CloseBracketToken:
    case SyntaxKind.CloseBraceToken:
    case SyntaxKind.ThisKeyword:
    case SyntaxKind.SuperKeyword:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
    case SyntaxKind.PlusPlusToken:
    case SyntaxKind.MinusMinusToken:
      return false;
    default:
      return true;
  }
}

/** A top-level part of the repository, as the layering table names it. */
export type Part = 'mock-cec' | 'integration' | 'harness' | 'scenarios' | 'bench' | 'examples' | 'other';

export function partOf(path: string): Part {
  const top = path.split('/')[0];
  switch (top) {
    case 'mock-cec':
    case 'integration':
    case 'harness':
    case 'scenarios':
    case 'bench':
    case 'examples':
      return top;
    default:
      return 'other';
  }
}

/**
 * Tests and test helpers of the integration: they may start a real simulator
 * (the table's exception); the integration's product code may not import it.
 */
export function isIntegrationTest(path: string): boolean {
  return /\.(test|spec)\.ts$/.test(path) || path.startsWith('integration/testing/');
}

/** Why `from` may not import `to` (both repository-relative), or undefined when it may. */
export function refusal(from: string, to: string): string | undefined {
  const a = partOf(from);
  const b = partOf(to);
  if (a === 'mock-cec' && (b === 'integration' || b === 'harness')) return `mock-cec/ never imports ${b}/`;
  if (a === 'integration' && b === 'harness') return 'integration/ never imports harness/';
  if (a === 'integration' && b === 'mock-cec' && !isIntegrationTest(from))
    return 'integration/ imports mock-cec/ only from its tests and test helpers';
  return undefined;
}
