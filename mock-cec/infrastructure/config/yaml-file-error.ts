/**
 * A problem in a YAML file, pointing at the file, the line and the field. In a
 * module of its own, without the YAML parser: the command checks for it on
 * every start, and loads the parser only when it is given a file to read.
 */
export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'YamlFileError';
  }
}
